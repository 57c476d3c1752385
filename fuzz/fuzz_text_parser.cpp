// libFuzzer target for the VE.Direct receive path (StreamDecoder, vedirect.md §2.2–2.3, §3.1).
// Invariants checked on every input:
// - nothing crashes, hangs or trips a sanitizer;
// - the same bytes fed at once, byte by byte and in input-derived chunks give the same events;
// - every delivered block is within the limits, re-encodes (encodeTextBlock) into a block that
//   sums to 0 and that a fresh decoder delivers unchanged with no rejection;
// - every delivered HEX frame re-encodes and decodes back to itself;
// - counters match the callbacks exactly, and bytes == input size.
#include "vedirect/stream_decoder.h"
#include "vedirect/text_block.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

using namespace vreglink::vedirect;
using vreglink::ByteView;

void check(bool condition) {
    if (!condition) std::abort();
}

ByteView asBytes(std::string_view s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

class Recorder : public StreamHandler {
  public:
    void onTextBlock(const TextBlock& block) override {
        check(!block.fields.empty() && block.fields.size() <= kMaxFieldsPerBlock);
        for (const TextField& f : block.fields) {
            check(!f.label.empty() && f.label.size() <= kMaxLabelLength);
            check(f.value.size() <= kMaxValueLength);
        }
        OwnedFields owned = toOwned(block);
        const std::string encoded = encodeTextBlock(owned);
        unsigned sum = 0;
        for (const char c : encoded) sum += static_cast<unsigned char>(c);
        check(sum % 256 == 0);
        events.push_back("T" + encoded);
        blocks.push_back(std::move(owned));
    }
    void onHexFrame(const HexFrame& frame) override {
        const std::string wire = encodeHexFrame(frame);
        const auto back = decodeHexFrame(std::string_view(wire).substr(1, wire.size() - 2));
        check(back.has_value() && *back == frame);
        events.push_back("H" + wire);
        ++frames;
    }
    void onRejected(RejectReason reason) override {
        check(static_cast<std::size_t>(reason) < kRejectReasonCount);
        ++rejected[static_cast<std::size_t>(reason)];
        events.push_back(std::string("R") + rejectReasonName(reason));
    }

    std::vector<std::string> events;
    std::vector<OwnedFields> blocks;
    std::uint64_t frames = 0;
    std::array<std::uint64_t, kRejectReasonCount> rejected{};
};

void checkCounters(const StreamDecoder& d, const Recorder& r, std::size_t size) {
    const DecoderCounters& c = d.counters();
    check(c.bytes == size);
    check(c.textBlocks == r.blocks.size());
    check(c.hexFrames == r.frames);
    check(c.rejected == r.rejected);
    std::uint64_t total = 0;
    for (const auto n : r.rejected) total += n;
    check(c.rejectedTotal() == total);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);

    Recorder whole;
    StreamDecoder d1(whole);
    d1.feed(asBytes(input));
    checkCounters(d1, whole, size);

    Recorder bytewise;
    StreamDecoder d2(bytewise);
    for (std::size_t i = 0; i < size; ++i) d2.feed(ByteView(data + i, 1));
    check(bytewise.events == whole.events);

    // Chunk sizes derived from the input itself, so the fuzzer explores split points.
    Recorder chunked;
    StreamDecoder d3(chunked);
    std::size_t pos = 0;
    for (std::size_t i = 0; pos < size; ++i) {
        const std::size_t n = std::min<std::size_t>(1 + data[i % size] % 23, size - pos);
        d3.feed(ByteView(data + pos, n));
        pos += n;
    }
    check(chunked.events == whole.events);
    checkCounters(d3, chunked, size);

    // Every delivered block round-trips through the encoder and a fresh decoder.
    for (const OwnedFields& fields : whole.blocks) {
        Recorder again;
        StreamDecoder d4(again);
        const std::string encoded = encodeTextBlock(fields);
        d4.feed(asBytes(encoded));
        check(again.blocks.size() == 1 && again.blocks[0] == fields);
        check(d4.counters().rejectedTotal() == 0 && again.frames == 0);
    }

    // reset() after the input only ever adds *Truncated counts.
    const auto before = d1.counters().rejected;
    d1.reset();
    const auto after = d1.counters().rejected;
    for (std::size_t i = 0; i < kRejectReasonCount; ++i) {
        const auto r = static_cast<RejectReason>(i);
        if (r != RejectReason::TextTruncated && r != RejectReason::HexTruncated) {
            check(after[i] == before[i]);
        }
    }
    checkCounters(d1, whole, size);
    return 0;
}
