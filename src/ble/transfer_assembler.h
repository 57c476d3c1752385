// The receive side of the transfer layer as one pure state machine (ble-gatt.md §5.1, §5.3):
// buffers MORE chunks, decodes the whole transfer when its LAST chunk arrives, and resyncs at
// every LAST. Used by the client for device->host notifications and by the simulator for
// host->device writes. No I/O, no clock: the link passes the receive time of every chunk.
#pragma once

#include "ble/chunk.h"
#include "ble/transfer_decoder.h"
#include "core/bytes.h"

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>

namespace vreglink::ble {

// Why bytes were thrown away. Every drop is counted and reported once.
enum class DropReason : std::uint8_t {
    Stale,     // a partial transfer idle for more than staleAfter when the next chunk came (§5.1)
    TooLarge,  // the transfer outgrew maxTransferSize; discarded up to its LAST (§5.1 step 1)
    Cleared,   // a partial transfer abandoned by clear(): disconnect/reconnect (§5.3)
    // The rest of a transfer after a decode error (§5.3), one reason per DecodeError:
    Incomplete,
    NotAnOpcode,
    UnknownOpcode,
    TypeMismatch,
    OutOfRange,
    Malformed,
};
inline constexpr std::size_t kDropReasonCount = 9;
// "stale", "too_large", "incomplete", ... (stable: used in JSON output and counters).
const char* dropReasonName(DropReason reason);
DropReason dropReasonFor(DecodeError error);

struct AssemblerCounters {
    std::uint64_t chunks = 0;  // MORE and LAST chunks fed
    std::uint64_t bytes = 0;
    std::uint64_t transfers = 0;        // transfers completed by a LAST and decoded
    std::uint64_t messages = 0;         // messages delivered
    std::uint64_t paddedTransfers = 0;  // transfers ending in ignored 0xFF bytes (§4.6 step 2)
    std::array<std::uint64_t, kDropReasonCount> dropped{};

    std::uint64_t droppedTotal() const;
    std::uint64_t count(DropReason r) const { return dropped[static_cast<std::size_t>(r)]; }
};

struct AssemblerConfig {
    // T_stale (§5.1): a partial transfer whose last chunk is older than this when the next chunk
    // (MORE or LAST) arrives is dropped first. Notifications are reliable and ordered inside a
    // connection, so this only fires after a lost LAST (e.g. a reconnect without clear()).
    std::chrono::steady_clock::duration staleAfter = std::chrono::seconds(2);
    // MAX_TRANSFER (§5.1): largest transfer seen is 62 bytes D->H, ~150 bytes H->D.
    std::size_t maxTransferSize = 4096;
};

class TransferHandler {
  public:
    virtual ~TransferHandler() = default;
    // A transfer completed by a LAST chunk: its messages before any error (deliver those,
    // §5.1 step 2), the error, ignored padding. Also called for a transfer with no message, so a
    // simulator can acknowledge every received transfer (§2.3, §5.5 step 7).
    virtual void onTransfer(const DecodedTransfer& transfer) = 0;
    // Bytes thrown away, for the log (§5.3: "log it with the raw hex"): the buffered partial
    // transfer (Stale, Cleared; TooLarge: what was buffered before the chunk that overflowed),
    // or the undecoded rest of a transfer (decode errors, after its onTransfer()).
    virtual void onDropped(DropReason /*reason*/, ByteView /*bytes*/) {}
};

class TransferAssembler {
  public:
    explicit TransferAssembler(TransferHandler& handler, AssemblerConfig config = {});

    // One notification (client) or write (simulator) on MORE or LAST; handler callbacks run
    // synchronously from inside. Not reentrant: a handler must not call feed() or clear().
    void feed(ChunkKind kind, ByteView chunk, std::chrono::steady_clock::time_point now);
    // Forgets a partial transfer (counted as Cleared): call on every (re)connect (§5.3).
    void clear();

    bool hasPartialTransfer() const { return !buffer_.empty() || discarding_; }
    const AssemblerCounters& counters() const { return counters_; }
    const AssemblerConfig& config() const { return config_; }

  private:
    void drop(DropReason reason, ByteView bytes);
    void complete(ByteView transfer);

    TransferHandler& handler_;
    AssemblerConfig config_;
    AssemblerCounters counters_;
    Bytes buffer_;             // the MORE chunks so far, from offset 0 (§2.2 device behaviour a)
    bool discarding_ = false;  // after TooLarge, until the transfer's LAST
    std::chrono::steady_clock::time_point lastChunk_{};
    DecodedTransfer decoded_;  // reused for every transfer
};

}  // namespace vreglink::ble
