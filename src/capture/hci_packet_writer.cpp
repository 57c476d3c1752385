#include "capture/hci_packet_writer.h"

#include <algorithm>
#include <array>

namespace vreglink::capture {

Bytes attPdu(std::uint8_t opcode, std::uint16_t handle, ByteView value) {
    Bytes pdu{opcode};
    appendLe16(pdu, handle);
    pdu.insert(pdu.end(), value.begin(), value.end());
    return pdu;
}

std::vector<Bytes> aclPackets(std::uint16_t connection, ByteView payload, std::size_t fragment,
                              std::uint16_t cid) {
    Bytes frame;
    frame.reserve(payload.size() + 4);
    appendLe16(frame, static_cast<std::uint16_t>(payload.size()));
    appendLe16(frame, cid);
    frame.insert(frame.end(), payload.begin(), payload.end());
    std::vector<Bytes> packets;
    fragment = std::max<std::size_t>(fragment, 1);
    for (std::size_t at = 0; at < frame.size(); at += fragment) {
        const std::size_t n = std::min(fragment, frame.size() - at);
        const auto pb = static_cast<std::uint16_t>(at == 0 ? 0x2000 : 0x1000);
        Bytes p;
        p.reserve(n + 4);
        appendLe16(p, static_cast<std::uint16_t>((connection & 0x0FFF) | pb));
        appendLe16(p, static_cast<std::uint16_t>(n));
        p.insert(p.end(), frame.begin() + static_cast<std::ptrdiff_t>(at),
                 frame.begin() + static_cast<std::ptrdiff_t>(at + n));
        packets.push_back(std::move(p));
    }
    return packets;
}

Bytes attReadByTypeRequest(std::uint16_t first, std::uint16_t last, std::uint16_t type) {
    Bytes pdu{kAttReadByTypeRequest};
    appendLe16(pdu, first);
    appendLe16(pdu, last);
    appendLe16(pdu, type);
    return pdu;
}

Bytes victronCharacteristicsResponse(std::uint16_t ctrl, std::uint16_t last, std::uint16_t more) {
    // Each entry: declaration handle, properties, value handle, 128-bit UUID (2 + 1 + 2 + 16).
    Bytes pdu{kAttReadByTypeResponse, 21};
    // 306b00XX-b081-4037-83dc-e59fcc3cdfd0 travels little-endian: the written form reversed.
    constexpr std::array<std::uint8_t, 12> kUuidTail = {0xd0, 0xdf, 0x3c, 0xcc, 0x9f, 0xe5,
                                                        0xdc, 0x83, 0x37, 0x40, 0x81, 0xb0};
    const auto add = [&](std::uint16_t valueHandle, std::uint8_t id, std::uint8_t properties) {
        appendLe16(pdu, static_cast<std::uint16_t>(valueHandle - 1));
        pdu.push_back(properties);
        appendLe16(pdu, valueHandle);
        pdu.insert(pdu.end(), kUuidTail.begin(), kUuidTail.end());
        pdu.insert(pdu.end(), {id, 0x00, 0x6b, 0x30});
    };
    add(ctrl, 0x02, 0x16);  // read, write without response, notify
    add(last, 0x03, 0x14);  // write without response, notify
    add(more, 0x04, 0x14);
    return pdu;
}

Bytes leConnectionCompleteEvent(std::uint16_t connection) {
    Bytes e{0x3E, 19, 0x01, 0x00};
    appendLe16(e, connection);
    e.resize(2 + 19, 0);
    return e;
}

Bytes disconnectionCompleteEvent(std::uint16_t connection, std::uint8_t reason) {
    Bytes e{0x05, 4, 0x00};
    appendLe16(e, connection);
    e.push_back(reason);
    return e;
}

}  // namespace vreglink::capture
