// `vreg decode --json` throughput on a synthetic 100 MB btsnoop capture (issue 5 target:
// >= 50 MB/s end to end). The capture is written with the capture writer from ble-gatt.md §6
// vectors (single-chunk values, multi-chunk transfers T1/T2, host keep-alives and CTRL bytes,
// four interleaved connections), then read, decoded and formatted as JSON lines into a sink —
// the same code `vreg decode --json` runs, minus the final write to stdout.
// Usage: vreglink-capture-bench [MEGABYTES [SAVE_CAPTURE_TO]]
#include "ble_event_format.h"
#include "capture/ble_capture_decoder.h"
#include "capture/capture_writer.h"
#include "capture/hci_packet_writer.h"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

using namespace vreglink;
using namespace vreglink::capture;

Bytes hex(const char* text) {
    return parseHexBytes(text).value_or(Bytes{});
}

Bytes synthesise(std::size_t targetSize) {
    struct Packet {
        Direction direction;
        std::uint8_t opcode;
        std::uint16_t handle;
        Bytes value;
    };
    const Direction tx = Direction::HostToController, rx = Direction::ControllerToHost;
    const std::vector<Packet> cycle{
        {tx, 0x52, 0x21, hex("f9 41")},
        {tx, 0x52, 0x24, hex("06 00 82 18 93 42 10 27")},
        {rx, 0x1B, 0x21, hex("f9 01")},
        {rx, 0x1B, 0x24, hex("08 03 19 ED 8D 42 2F 05")},
        {rx, 0x1B, 0x24, hex("08 03 19 ED 8C 44 46 FC FF FF")},
        {rx, 0x1B, 0x24, hex("08 03 19 0F FF 42 10 27")},
        {rx, 0x1B, 0x24, hex("08 03 19 03 08 44 D0 ED 02 00")},
        {rx, 0x1B, 0x27, hex("08 00 19 EC 31 58 21 01 AF 77 D6 97 89 A3 00 04 04 00 00 7F")},
        {rx, 0x1B, 0x24, hex("FF FF FF FF 4E C5 82 99 56 A0 00 54 01 00 00 D6 FF FF FF FF")},
        {rx, 0x1B, 0x27, hex("08 01 19 01 00 44 00 00 FE FE 08 01 19 01 00 44 00 00 FE FE")},
        {rx, 0x1B, 0x24, hex("08 01 19 01 00 44 00 00 FE FE 09 01 19 EC 0E 01")},
        {rx, 0x1B, 0x24, hex("08 03 19 ED 8E 42 F3 FF 08 03 19 0F FE 42 B1 06")},
    };
    CaptureWriter writer({CaptureFormat::Btsnoop, kBtsnoopHciUart});
    std::chrono::microseconds t{1'700'000'000'000'000};
    std::vector<Bytes> packets;
    for (std::uint16_t connection = 1; connection <= 4; ++connection) {
        for (const auto& p : cycle)
            // One ATT PDU in one ACL packet (PB = first flushable) on the ATT channel.
            packets.push_back(aclPackets(connection, attPdu(p.opcode, p.handle, p.value)).front());
    }
    while (writer.bytes().size() < targetSize) {
        for (std::size_t i = 0; i < cycle.size(); ++i) {
            for (std::size_t c = 0; c < 4; ++c) {  // the connections interleave packet by packet
                writer.append(t, cycle[i].direction, HciPacketType::Acl,
                              packets[c * cycle.size() + i]);
                t += std::chrono::microseconds(250);
            }
        }
    }
    return writer.take();
}

class JsonSink final : public CaptureEventHandler {
  public:
    JsonSink() { out_.reserve(1 << 17); }
    void onEvent(const CaptureEvent& event) override {
        cli::appendBleEventJson(out_, event, catalog_);
        if (out_.size() >= (1 << 16)) {
            written += out_.size();
            out_.clear();
        }
    }
    std::size_t written = 0;

  private:
    const catalog::Catalog& catalog_ = catalog::Catalog::builtin();
    std::string out_;
};

}  // namespace

int main(int argc, char** argv) {
    const std::size_t megabytes = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100;
    const Bytes file = synthesise(megabytes << 20);
    if (argc > 2) {  // keep the capture, to time the real `vreg decode --json` on it
        if (std::FILE* f = std::fopen(argv[2], "wb")) {
            std::fwrite(file.data(), 1, file.size(), f);
            std::fclose(f);
        }
    }
    catalog::Catalog::builtin();  // parsed once, outside the timing, as vreg does at start-up
    const auto start = std::chrono::steady_clock::now();
    JsonSink sink;
    BleCaptureDecoder decoder(sink);
    const auto result = decodeCapture(file, decoder);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const auto& c = decoder.counters();
    const double mb = static_cast<double>(file.size()) / 1e6;
    fmt::print(
        "capture decode --json: {:.1f} MB btsnoop, {} records, {} messages, {} decode "
        "errors, {:.1f} MB JSON in {:.3f} s = {:.1f} MB/s (target >= 50)\n",
        mb, c.records, c.flows[0].messages + c.flows[1].messages, c.droppedTotal(),
        static_cast<double>(sink.written) / 1e6, seconds, mb / seconds);
    return result.error ? 1 : 0;
}
