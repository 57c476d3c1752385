// Bluetooth codec benchmarks (DESIGN.md "Codecs"; ble-gatt.md §4.6, §5): transfer decoding in
// messages per second on one core over a realistic device->host mix — SmartShunt pushes
// (ED8F, ED8C, ED8E, 0FFE, ED7D, 0308 on instance 3, EC30 + the 33-byte EC31 list on instance 0,
// §4.4.7), Get answers and errors — and the same through Chunker + TransferAssembler at ATT MTU
// 23, plus encoding. Target: >= 5 million messages/s decoded.
#include "ble/chunker.h"
#include "ble/message_encoder.h"
#include "ble/transfer_assembler.h"
#include "ble/transfer_decoder.h"

#include <benchmark/benchmark.h>

#include <random>
#include <vector>

namespace vreglink::ble {
namespace {

Bytes le(std::uint32_t v, std::size_t n) {
    Bytes out(n);
    for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::uint8_t>(v >> (8 * i));
    return out;
}

// One second of a SmartShunt session: the 1 Hz push transfer, the in-range list, and now and
// then a Get answer or error (SNOOP: max transfer 62 bytes, 1-4 chunks).
std::vector<std::vector<Message>> buildSession(std::size_t seconds) {
    std::mt19937 rng(42);
    const auto r = [&rng](std::uint32_t lo, std::uint32_t hi) {
        return std::uniform_int_distribution<std::uint32_t>(lo, hi)(rng);
    };
    const Instance shunt = kProductInstance, chip = kBleChipInstance;
    std::vector<std::vector<Message>> transfers;
    std::uint32_t sinceFull = 191952;
    for (std::size_t s = 0; s < seconds; ++s) {
        transfers.push_back({
            Value{shunt, VregId(0xED8F), le(r(0xFF00, 0xFFFF), 2)},
            Value{shunt, VregId(0xED8C), le(0xFFFFFC00 + r(0, 0x3FF), 4)},
            Value{shunt, VregId(0xED8E), le(r(0xFF00, 0xFFFF), 2)},
            Value{shunt, VregId(0x0FFE), le(r(0, 9999), 2)},
            Value{shunt, VregId(0xED7D), le(r(0, 1400), 2)},
            Value{shunt, VregId(0x0308), le(sinceFull++, 4)},
        });
        Bytes list = {0x01, 0xAF, 0x77, 0xD6, 0x97, 0x89, 0xA3, 0x00, 0x04, 0x04, 0x00,
                      0x00, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0x4E, 0xC5, 0x82, 0x99, 0x56,
                      0xA0, 0x00, 0x54, 0x01, 0x00, 0x00, 0xD6, 0xFF, 0xFF, 0xFF, 0xFF};
        list[28] = static_cast<std::uint8_t>(r(0xCD, 0xD6));  // RSSI varies (§6.2 T1)
        transfers.push_back(
            {Value{chip, VregId(0xEC30), {0x02}}, Value{chip, VregId(0xEC31), list}});
        if (s % 5 == 0) {
            transfers.push_back({Value{shunt, VregId(0xED8D), le(r(1100, 1450), 2)},
                                 Value{shunt, VregId(0xEEFF), le(0xFFFFFE00 + r(0, 0x1FF), 4)},
                                 Value{shunt, VregId(0x0305), le(0xFFFFCF2E, 4)}});
        }
        if (s % 30 == 0) {
            transfers.push_back({VregError{chip, VregId(0x0093), vregerror::kUnknownVreg},
                                 CommandStatus{chip, 3, commandstatus::kOk}});
        }
    }
    return transfers;
}

struct Session {
    std::vector<Bytes> wire;
    std::size_t messages = 0;
    std::size_t bytes = 0;
};

const Session& session() {
    static const Session s = [] {
        Session out;
        for (const auto& t : buildSession(1000)) {
            out.wire.push_back(encodeTransfer(t));
            out.messages += t.size();
            out.bytes += out.wire.back().size();
        }
        return out;
    }();
    return s;
}

void report(benchmark::State& state, std::size_t messages, std::size_t bytes) {
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(messages));
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes));
}

// items_per_second = decoded messages per second.
void BM_BleDecodeTransfer(benchmark::State& state) {
    const Session& s = session();
    DecodedTransfer out;
    std::size_t decoded = 0;
    for (auto _ : state) {
        for (const Bytes& t : s.wire) {
            decodeTransfer(t, out);
            decoded += out.messages.size();
        }
        benchmark::DoNotOptimize(decoded);
    }
    if (decoded != s.messages * static_cast<std::size_t>(state.iterations()))
        state.SkipWithError("lost messages");
    report(state, s.messages, s.bytes);
}
BENCHMARK(BM_BleDecodeTransfer);

class CountingHandler : public TransferHandler {
  public:
    void onTransfer(const DecodedTransfer& t) override { messages += t.messages.size(); }
    std::uint64_t messages = 0;
};

// The receive path as the client runs it: 20-byte notifications through the assembler.
void BM_BleAssembleTransfers(benchmark::State& state) {
    const Session& s = session();
    const Chunker chunker(23);
    std::vector<Chunk> chunks;
    for (const Bytes& t : s.wire) {
        for (const Chunk& c : chunker.split(t)) chunks.push_back(c);
    }
    CountingHandler handler;
    TransferAssembler assembler(handler);
    std::chrono::steady_clock::time_point now{};
    for (auto _ : state) {
        for (const Chunk& c : chunks) assembler.feed(c.kind, c.bytes, now);
        now += std::chrono::milliseconds(10);
        benchmark::DoNotOptimize(handler.messages);
    }
    if (handler.messages != s.messages * static_cast<std::uint64_t>(state.iterations()))
        state.SkipWithError("lost messages");
    report(state, s.messages, s.bytes);
    state.counters["chunks"] = static_cast<double>(chunks.size());
}
BENCHMARK(BM_BleAssembleTransfers);

void BM_BleEncodeTransfer(benchmark::State& state) {
    const auto transfers = buildSession(100);
    std::size_t messages = 0, bytes = 0;
    for (const auto& t : transfers) messages += t.size();
    Bytes out;
    for (auto _ : state) {
        bytes = 0;
        for (const auto& t : transfers) {
            out.clear();
            for (const Message& m : t) appendMessage(out, m);
            bytes += out.size();
        }
        benchmark::DoNotOptimize(out.data());
    }
    report(state, messages, bytes);
}
BENCHMARK(BM_BleEncodeTransfer);

}  // namespace
}  // namespace vreglink::ble
