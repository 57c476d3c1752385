// libFuzzer target for the Bluetooth transfer layer (ble-gatt.md §4.6, §5.1-§5.3). Invariants:
// - nothing crashes, hangs or trips a sanitizer, whatever the bytes;
// - decodeTransfer: error offsets lie inside the input, an error leaves no padding, the bytes
//   before the failed message decode alone to exactly the same messages, and every decoded
//   message survives encode -> decode;
// - the input chunked by Chunker (MTU from the first byte) and reassembled by TransferAssembler
//   yields exactly decodeTransfer's messages and error;
// - the input read as a script of MORE/LAST/clear operations with time gaps (stale timeouts, a
//   small size limit) keeps the assembler's counters equal to what its handler saw.
#include "ble/chunker.h"
#include "ble/message_encoder.h"
#include "ble/transfer_assembler.h"
#include "ble/transfer_decoder.h"

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <vector>

namespace {

using namespace vreglink::ble;
using vreglink::Bytes;
using vreglink::ByteView;
using Clock = std::chrono::steady_clock;

void check(bool condition) {
    if (!condition) std::abort();
}

class Recorder : public TransferHandler {
  public:
    explicit Recorder(std::size_t maxTransfer) : maxTransfer_(maxTransfer) {}
    void onTransfer(const DecodedTransfer& t) override {
        ++transfers;
        messages.insert(messages.end(), t.messages.begin(), t.messages.end());
        if (t.error) {
            ++errors;
            lastError = t.error;
        }
    }
    void onDropped(DropReason reason, ByteView bytes) override {
        check(static_cast<std::size_t>(reason) < kDropReasonCount);
        check(bytes.size() <= maxTransfer_);
        ++drops;
    }

    std::size_t maxTransfer_;
    std::uint64_t transfers = 0;
    std::uint64_t errors = 0;
    std::uint64_t drops = 0;
    std::optional<TransferError> lastError;
    std::vector<Message> messages;
};

void checkDecode(ByteView input) {
    const DecodedTransfer t = decodeTransfer(input);
    check(t.messages.size() <= input.size());
    if (t.error) {
        check(t.error->messageOffset <= t.error->offset && t.error->offset <= input.size());
        check(t.paddingBytes == 0);
        (void)decodeErrorName(t.error->reason);
        // The messages before the error end exactly where the failed one starts.
        const DecodedTransfer head = decodeTransfer(input.first(t.error->messageOffset));
        check(!head.error && head.paddingBytes == 0 && head.messages == t.messages);
    } else {
        check(t.paddingBytes <= input.size());
    }
    for (const Message& m : t.messages) (void)formatMessage(m);
    const Bytes again = encodeTransfer(t.messages);
    const DecodedTransfer back = decodeTransfer(again);
    check(!back.error && back.messages == t.messages);
}

void checkChunked(std::uint8_t mtuByte, ByteView transfer) {
    Recorder r(1 << 20);
    TransferAssembler assembler(r, AssemblerConfig{std::chrono::seconds(2), 1 << 20});
    Clock::time_point now{};
    for (const Chunk& c : Chunker(std::size_t{23} + mtuByte).split(transfer)) {
        assembler.feed(c.kind, c.bytes, now);
        now += std::chrono::milliseconds(15);
    }
    if (transfer.empty()) return;  // no chunks, no transfer
    const DecodedTransfer whole = decodeTransfer(transfer);
    check(r.transfers == 1 && r.messages == whole.messages);
    check(r.lastError.has_value() == whole.error.has_value());
    if (whole.error) {
        check(r.lastError->reason == whole.error->reason &&
              r.lastError->messageOffset == whole.error->messageOffset);
    }
}

// Each operation: a control byte (bits 0-1: MORE, LAST, clear, MORE after a long gap; bits 2-7:
// chunk length) followed by the chunk.
void checkScript(ByteView input) {
    constexpr std::size_t kMax = 96;
    Recorder r(kMax);
    TransferAssembler assembler(r, AssemblerConfig{std::chrono::milliseconds(500), kMax});
    Clock::time_point now{};
    std::uint64_t chunks = 0, bytes = 0;
    std::size_t pos = 0;
    while (pos < input.size()) {
        const std::uint8_t op = input[pos++];
        const std::size_t n = std::min(static_cast<std::size_t>(op >> 2), input.size() - pos);
        const ByteView chunk = input.subspan(pos, n);
        pos += n;
        switch (op & 3) {
            case 0:
            case 1:
                now += std::chrono::milliseconds(op & 0x30);
                assembler.feed((op & 3) == 0 ? ChunkKind::More : ChunkKind::Last, chunk, now);
                ++chunks;
                bytes += n;
                break;
            case 2:
                assembler.clear();
                check(!assembler.hasPartialTransfer());
                break;
            default:
                now += std::chrono::milliseconds(400 + 10 * static_cast<int>(n));
                assembler.feed(ChunkKind::More, chunk, now);
                ++chunks;
                bytes += n;
                break;
        }
    }
    const AssemblerCounters& c = assembler.counters();
    check(c.chunks == chunks && c.bytes == bytes);
    check(c.transfers == r.transfers && c.messages == r.messages.size());
    check(c.droppedTotal() == r.drops);
    check(c.droppedTotal() >= r.errors);
    for (std::size_t i = 0; i < kDropReasonCount; ++i) {
        (void)dropReasonName(static_cast<DropReason>(i));
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const ByteView input(data, size);
    checkDecode(input);
    if (size >= 1) checkChunked(data[0], input.subspan(1));
    checkScript(input);
    return 0;
}
