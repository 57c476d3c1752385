#include "capture_builder.h"

#include "capture/hci_packet_writer.h"

#include <fstream>
#include <stdexcept>

namespace vreglink::testing {
namespace {

Bytes hexOrThrow(std::string_view text) {
    auto bytes = parseHexBytes(text);
    if (!bytes) throw std::invalid_argument("bad hex in a test capture: " + std::string(text));
    return *bytes;
}

}  // namespace

CaptureBuilder::CaptureBuilder(capture::CaptureWriterOptions options) : options_(options) {}

void CaptureBuilder::put(Direction direction, HciPacketType type, ByteView packet) {
    records_.push_back({time_, direction, type, Bytes(packet.begin(), packet.end()), adapter_});
    time_ += step_;
}

void CaptureBuilder::event(ByteView event) {
    put(Direction::ControllerToHost, HciPacketType::Event, event);
}

void CaptureBuilder::att(std::uint16_t connection, ByteView pdu, std::size_t fragment) {
    const bool fromHost = !pdu.empty() && (pdu[0] == capture::kAttWriteCommand ||
                                           pdu[0] == capture::kAttWriteRequest ||
                                           pdu[0] == capture::kAttReadByTypeRequest);
    const Direction d = fromHost ? Direction::HostToController : Direction::ControllerToHost;
    for (const auto& p : capture::aclPackets(connection, pdu, fragment)) {
        put(d, HciPacketType::Acl, p);
    }
}

void CaptureBuilder::notify(std::uint16_t connection, std::uint16_t handle,
                            std::string_view valueHex) {
    att(connection, capture::attPdu(capture::kAttNotification, handle, hexOrThrow(valueHex)));
}

void CaptureBuilder::write(std::uint16_t connection, std::uint16_t handle,
                           std::string_view valueHex) {
    att(connection, capture::attPdu(capture::kAttWriteCommand, handle, hexOrThrow(valueHex)));
}

void CaptureBuilder::discovery(std::uint16_t connection, std::uint16_t first) {
    const auto at = [first](int offset) { return static_cast<std::uint16_t>(first + offset); };
    att(connection, capture::attReadByTypeRequest(first, 0xFFFF, 0x2803));
    att(connection, capture::victronCharacteristicsResponse(at(2), at(5), at(8)));
}

void CaptureBuilder::connected(std::uint16_t connection) {
    event(capture::leConnectionCompleteEvent(connection));
}

void CaptureBuilder::disconnected(std::uint16_t connection) {
    event(capture::disconnectionCompleteEvent(connection));
}

Bytes CaptureBuilder::file(const capture::CaptureWriterOptions& options) const {
    capture::CaptureWriter writer(options);
    for (const auto& r : records_) {
        writer.append(capture::CaptureRecord{r.time, r.direction, r.type, r.packet, r.adapter});
    }
    return writer.take();
}

Bytes CaptureBuilder::pcap() const {
    return file({capture::CaptureFormat::Pcap, capture::kLinkTypeHciH4WithPhdr});
}

Bytes CaptureBuilder::btsnoop() const {
    return file({capture::CaptureFormat::Btsnoop, capture::kBtsnoopHciUart});
}

bool writeFile(const std::string& path, const Bytes& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
    return static_cast<bool>(out.flush());
}

}  // namespace vreglink::testing
