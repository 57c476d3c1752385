// Shared helpers for the Bluetooth codec tests: hex vectors as written in docs/specs/ble-gatt.md
// §6, a recording TransferHandler, and readable gtest output for messages.
#pragma once

#include "ble/message.h"
#include "ble/transfer_assembler.h"
#include "core/bytes.h"

#include <gtest/gtest.h>

#include <chrono>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace vreglink::ble {

// gtest prints a Message (a std::variant) through its alternatives: print them as formatMessage.
template <typename T>
requires requires {
    T::kOpcode;
}
void PrintTo(const T& message, std::ostream* os) {
    *os << formatMessage(Message(message));
}

namespace testing {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// "08 03 19 ED 8C 44 46 FC FF FF" -> bytes; a malformed vector fails the test.
inline Bytes hex(std::string_view text) {
    const auto bytes = parseHexBytes(text);
    EXPECT_TRUE(bytes.has_value()) << "bad hex in test: " << text;
    return bytes.value_or(Bytes{});
}

inline Bytes concat(std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

// Little-endian field readers for payload assertions (VREG payloads are little-endian, §4.5).
inline std::uint32_t le(const Bytes& b, std::size_t offset, std::size_t size) {
    EXPECT_LE(offset + size, b.size());
    if (offset + size > b.size()) return 0xDEADBEEF;
    std::uint32_t v = 0;
    for (std::size_t i = size; i-- > 0;) v = (v << 8) | b[offset + i];
    return v;
}
inline std::int16_t sn16(const Bytes& b) {
    EXPECT_EQ(b.size(), 2u);
    return static_cast<std::int16_t>(le(b, 0, 2));
}
inline std::int32_t sn32(const Bytes& b) {
    EXPECT_EQ(b.size(), 4u);
    return static_cast<std::int32_t>(le(b, 0, 4));
}

// Records every callback of a TransferAssembler.
class Recorder : public TransferHandler {
  public:
    struct Drop {
        DropReason reason;
        Bytes bytes;
        friend bool operator==(const Drop&, const Drop&) = default;
    };

    void onTransfer(const DecodedTransfer& transfer) override {
        ++transfers;
        messages.insert(messages.end(), transfer.messages.begin(), transfer.messages.end());
        if (transfer.error) errors.push_back(*transfer.error);
        padding += transfer.paddingBytes;
    }
    void onDropped(DropReason reason, ByteView bytes) override {
        drops.push_back({reason, Bytes(bytes.begin(), bytes.end())});
    }

    std::vector<DropReason> dropReasons() const {
        std::vector<DropReason> out;
        for (const Drop& d : drops) out.push_back(d.reason);
        return out;
    }

    int transfers = 0;
    std::vector<Message> messages;
    std::vector<TransferError> errors;
    std::size_t padding = 0;
    std::vector<Drop> drops;
};

}  // namespace testing
}  // namespace vreglink::ble
