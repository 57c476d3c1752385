// Decodes one complete transfer — the unit of parsing (ble-gatt.md §2.2, §4.6, §5.4): the
// concatenation of whole messages that arrived as MORE chunks plus one LAST chunk. Messages are
// returned in order; on an error the ones before it are kept and the rest of the transfer is
// discarded, because without lengths or sync bytes nothing after it can be trusted (§5.3).
#pragma once

#include "ble/message.h"
#include "core/bytes.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace vreglink::ble {

enum class DecodeError : std::uint8_t {
    Incomplete,     // the transfer ends inside a message (§4.6 step 5)
    NotAnOpcode,    // a message starts with a CBOR item that is not a uint (§4.6 step 3)
    UnknownOpcode,  // a uint that is not in table 4.4 (§4.6 step 4)
    TypeMismatch,   // an argument of the wrong type; a Set array that is not [uint, bytes] (step 6)
    OutOfRange,     // a uint too large for its field: VREG id > 0xFFFF, other fields > 32 bits
    Malformed,      // not well-formed CBOR: reserved info, bad indefinite item, stray break, depth
};
inline constexpr std::size_t kDecodeErrorCount = 6;
// "incomplete", "unknown_opcode", ... (stable: used in logs and counters).
const char* decodeErrorName(DecodeError error);

struct TransferError {
    DecodeError reason = DecodeError::Incomplete;
    std::size_t messageOffset = 0;  // start of the failed message: everything from here is dropped
    std::size_t offset = 0;         // start of the CBOR item that failed
};

struct DecodedTransfer {
    std::vector<Message> messages;  // every message before the first error, in order
    std::optional<TransferError> error;
    // Trailing bytes that were all 0xFF and therefore ignored (§4.6 step 2). Never seen in real
    // traffic — the FF runs older decoders took for padding are payload (§0 finding 4) — so a
    // non-zero count is worth a log line.
    std::size_t paddingBytes = 0;
};

DecodedTransfer decodeTransfer(ByteView transfer);
// The same into `out` (cleared first), reusing its storage: the receive path's form.
void decodeTransfer(ByteView transfer, DecodedTransfer& out);

}  // namespace vreglink::ble
