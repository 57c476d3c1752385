// Codec benchmarks (DESIGN.md "Codecs"): VE.Direct receive-path throughput over a realistic
// mixed capture, and per-frame HEX encode/decode cost. Target: >= 300 MB/s stream decoding.
// The Bluetooth codec's benchmarks are in ble_codec_bench.cpp, in the same binary.
#include "vedirect/hex_message.h"
#include "vedirect/stream_decoder.h"
#include "vedirect/text_block.h"

#include <benchmark/benchmark.h>

#include <random>
#include <string>

namespace vreglink::vedirect {
namespace {

ByteView asBytes(std::string_view s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

std::string num(std::mt19937& rng, int lo, int hi) {
    return std::to_string(std::uniform_int_distribution<int>(lo, hi)(rng));
}

std::string asyncFrame(std::uint16_t id, std::uint16_t value) {
    const std::uint8_t v[] = {static_cast<std::uint8_t>(value),
                              static_cast<std::uint8_t>(value >> 8)};
    return encodeHexFrame(*makeVregResponse(HexResponse::Async, VregId(id), 0, v));
}

// An MPPT (field set of vedirect.md §2.5, T2) and a BMV-712 (T5a/T5b) talking for a while, with
// async frames between and (legacy firmware) inside blocks, GET responses after blocks, and a
// few damaged frames and blocks, as a real capture has.
std::string buildCapture(std::size_t targetBytes) {
    std::mt19937 rng(42);
    std::string out;
    out.reserve(targetBytes + 4096);
    std::size_t second = 0;
    while (out.size() < targetBytes) {
        ++second;
        const OwnedFields mppt = {{"PID", "0xA069"},
                                  {"FW", "161"},
                                  {"SER#", "HQ2104VESU7"},
                                  {"V", num(rng, 24000, 28800)},
                                  {"I", num(rng, 0, 35000)},
                                  {"VPV", num(rng, 10, 140000)},
                                  {"PPV", num(rng, 0, 1000)},
                                  {"CS", "3"},
                                  {"MPPT", "2"},
                                  {"OR", "0x00000000"},
                                  {"ERR", "0"},
                                  {"LOAD", "OFF"},
                                  {"Relay", "OFF"},
                                  {"H19", num(rng, 0, 99999)},
                                  {"H20", num(rng, 0, 999)},
                                  {"H21", num(rng, 0, 999)},
                                  {"H22", num(rng, 0, 999)},
                                  {"H23", num(rng, 0, 999)},
                                  {"HSDS", "259"}};
        std::string block = encodeTextBlock(mppt);
        if (second % 5 == 0) {  // legacy firmware: async frame inside the block (T10a)
            block.insert(block.find("\r\nVPV"), asyncFrame(0xEDD5, 2735));
        }
        if (second % 97 == 0) block[30] ^= 0x01;  // a damaged block (T11)
        out += block;
        out += asyncFrame(0xEDBB, static_cast<std::uint16_t>(rng()));  // after the checksum
        out += ":A2720007837000055\n";
        if (second % 3 == 0) out += ":7DDED00D734000079\n";  // a GET response
        if (second % 7 == 0)
            out += ":70B0100536D617274536F6C61722043686172676572204D505054203130302F333000BA\n";
        if (second % 50 == 0) out += ":ABBED00C52AB4\xFE";  // OpenDTU #1585 quirk
        if (second % 60 == 0) out += ":7F0ED0070\n";        // bad checksum

        const OwnedFields live = {{"PID", "0xA381"},
                                  {"V", num(rng, 11000, 14000)},
                                  {"VS", num(rng, 11000, 14000)},
                                  {"I", num(rng, -50000, 50000)},
                                  {"P", num(rng, -600, 600)},
                                  {"CE", num(rng, -200000, 0)},
                                  {"SOC", num(rng, 0, 1000)},
                                  {"TTG", num(rng, -1, 9999)},
                                  {"Alarm", "OFF"},
                                  {"Relay", "OFF"},
                                  {"AR", "0"},
                                  {"BMV", "712 Smart"},
                                  {"FW", "0413"},
                                  {"MON", "0"}};
        const OwnedFields history = {
            {"H1", "-102345"}, {"H2", "-45000"}, {"H3", "-38000"},
            {"H4", "25"},      {"H5", "0"},      {"H6", "-1921770"},
            {"H7", "11020"},   {"H8", "14650"},  {"H9", num(rng, 0, 999999)},
            {"H10", "95"},     {"H11", "0"},     {"H12", "0"},
            {"H15", "---"},    {"H16", "---"},   {"H17", "5076"},
            {"H18", "5153"}};
        appendTextBlock(out, live);
        appendTextBlock(out, history);
        if (second % 11 == 0) out.append("\x00\xFFnoise\r", 8);  // line noise
    }
    return out;
}

const std::string& capture() {
    static const std::string c = buildCapture(8u << 20);  // 8 MiB
    return c;
}

class CountingHandler : public StreamHandler {
  public:
    void onTextBlock(const TextBlock& block) override { fields += block.fields.size(); }
    void onHexFrame(const HexFrame& frame) override { payload += frame.payload().size(); }
    void onRejected(RejectReason) override { ++rejected; }
    std::uint64_t fields = 0;
    std::uint64_t payload = 0;
    std::uint64_t rejected = 0;
};

void BM_StreamDecode(benchmark::State& state) {
    const std::string& data = capture();
    const auto chunk = static_cast<std::size_t>(state.range(0));
    CountingHandler handler;
    StreamDecoder decoder(handler);
    for (auto _ : state) {
        for (std::size_t pos = 0; pos < data.size(); pos += chunk) {
            decoder.feed(asBytes(std::string_view(data).substr(pos, chunk)));
        }
        benchmark::DoNotOptimize(handler.fields);
    }
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(data.size()));
    const auto& c = decoder.counters();
    const auto perPass = [&](std::uint64_t v) {
        return static_cast<double>(v) / static_cast<double>(state.iterations());
    };
    state.counters["blocks"] = perPass(c.textBlocks);
    state.counters["frames"] = perPass(c.hexFrames);
    state.counters["rejected"] = perPass(c.rejectedTotal());
}
// Whole capture at once, then the read sizes a tty typically returns.
BENCHMARK(BM_StreamDecode)->Arg(8 << 20)->Arg(4096)->Arg(64)->Unit(benchmark::kMillisecond);

void BM_HexEncodeGet(benchmark::State& state) {
    std::string out;
    out.reserve(64);
    std::uint16_t id = 0xEDF0;
    for (auto _ : state) {
        out.clear();
        appendHexFrame(out, makeGet(VregId(id++)));
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HexEncodeGet);

void BM_HexEncodeSetResponse(benchmark::State& state) {
    std::string out;
    out.reserve(64);
    const std::uint8_t value[] = {0xD7, 0x34, 0x00, 0x00};
    for (auto _ : state) {
        out.clear();
        appendHexFrame(out, *makeVregResponse(HexResponse::Get, VregId(0xEDDD), 0, value));
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HexEncodeSetResponse);

void BM_HexDecode(benchmark::State& state) {
    // ":7DDED00D734000079" (H18, a 4-byte GET response) and the 31-byte model name (H24).
    const std::string_view digits =
        state.range(0) == 0
            ? std::string_view("7DDED00D734000079")
            : std::string_view(
                  "70B0100536D617274536F6C61722043686172676572204D505054203130302F333000BA");
    std::uint64_t sum = 0;
    for (auto _ : state) {
        const auto frame = decodeHexFrame(digits);
        const auto v = parseVregFrame(*frame);
        sum += v->value.size();
        benchmark::DoNotOptimize(sum);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HexDecode)->Arg(0)->Arg(1);

}  // namespace
}  // namespace vreglink::vedirect

BENCHMARK_MAIN();
