#include "capture_builder.h"

#include <fstream>
#include <stdexcept>

namespace vreglink::test {
namespace {

void le16(Bytes& out, std::uint16_t v) {
    out.push_back(static_cast<std::uint8_t>(v & 0xFF));
    out.push_back(static_cast<std::uint8_t>(v >> 8));
}
void le32(Bytes& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>((v >> (8 * i)) & 0xFF));
}
void be32(Bytes& out, std::uint32_t v) {
    for (int i = 3; i >= 0; --i) out.push_back(static_cast<std::uint8_t>((v >> (8 * i)) & 0xFF));
}
void be64(Bytes& out, std::uint64_t v) {
    for (int i = 7; i >= 0; --i) out.push_back(static_cast<std::uint8_t>((v >> (8 * i)) & 0xFF));
}
void append(Bytes& out, ByteView bytes) {
    out.insert(out.end(), bytes.begin(), bytes.end());
}
Bytes hexOrThrow(std::string_view text) {
    auto bytes = parseHexBytes(text);
    if (!bytes) throw std::invalid_argument("bad hex: " + std::string(text));
    return *bytes;
}
std::uint16_t u16(std::size_t n) {
    return static_cast<std::uint16_t>(n);
}

}  // namespace

Bytes attNotification(std::uint16_t handle, ByteView value) {
    Bytes out{0x1B};
    le16(out, handle);
    append(out, value);
    return out;
}

Bytes attWriteCommand(std::uint16_t handle, ByteView value) {
    Bytes out{0x52};
    le16(out, handle);
    append(out, value);
    return out;
}

Bytes attReadByTypeRequest(std::uint16_t first, std::uint16_t last, std::uint16_t type) {
    Bytes out{0x08};
    le16(out, first);
    le16(out, last);
    le16(out, type);
    return out;
}

Bytes attReadByTypeResponse(const std::vector<CharacteristicDeclaration>& declarations) {
    Bytes out{0x09, 2 + 1 + 2 + 16};  // length of each (handle, value) pair
    for (const auto& d : declarations) {
        le16(out, d.handle);
        out.push_back(d.properties);
        le16(out, d.valueHandle);
        // UUIDs travel little-endian: the written form reversed.
        const Bytes uuid = hexOrThrow(d.uuid);
        if (uuid.size() != 16) throw std::invalid_argument("not a 128-bit UUID: " + d.uuid);
        out.insert(out.end(), uuid.rbegin(), uuid.rend());
    }
    return out;
}

Bytes h4Acl(std::uint16_t connection, ByteView att) {
    Bytes out{0x02};
    le16(out, static_cast<std::uint16_t>((connection & 0x0FFF) | (0x2 << 12)));  // PB = first
    le16(out, u16(att.size() + 4));
    le16(out, u16(att.size()));
    le16(out, 0x0004);  // L2CAP CID: attribute protocol
    append(out, att);
    return out;
}

void CaptureBuilder::add(Direction direction, Bytes h4) {
    packets_.push_back({now_, direction, std::move(h4)});
    now_ += stepMicros_;
}

void CaptureBuilder::notify(std::uint16_t conn, std::uint16_t handle, std::string_view hex) {
    add(Direction::DeviceToHost, h4Acl(conn, attNotification(handle, hexOrThrow(hex))));
}

void CaptureBuilder::write(std::uint16_t conn, std::uint16_t handle, std::string_view hex) {
    add(Direction::HostToDevice, h4Acl(conn, attWriteCommand(handle, hexOrThrow(hex))));
}

void CaptureBuilder::discovery(std::uint16_t conn, std::uint16_t first) {
    const auto at = [first](int offset) { return static_cast<std::uint16_t>(first + offset); };
    add(Direction::HostToDevice, h4Acl(conn, attReadByTypeRequest(first, 0xFFFF, 0x2803)));
    add(Direction::DeviceToHost,
        h4Acl(conn, attReadByTypeResponse({
                        {at(1), 0x16, at(2), "306b0002-b081-4037-83dc-e59fcc3cdfd0"},
                        {at(4), 0x14, at(5), "306b0003-b081-4037-83dc-e59fcc3cdfd0"},
                        {at(7), 0x14, at(8), "306b0004-b081-4037-83dc-e59fcc3cdfd0"},
                    })));
}

Bytes CaptureBuilder::pcap() const {
    Bytes out;
    le32(out, 0xA1B2C3D4);  // microsecond pcap, written little-endian
    le16(out, 2);
    le16(out, 4);
    le32(out, 0);      // thiszone
    le32(out, 0);      // sigfigs
    le32(out, 65535);  // snaplen
    le32(out, 201);    // LINKTYPE_BLUETOOTH_HCI_H4_WITH_PHDR
    for (const auto& p : packets_) {
        const auto length = static_cast<std::uint32_t>(p.h4.size() + 4);
        le32(out, static_cast<std::uint32_t>(p.micros / 1'000'000));
        le32(out, static_cast<std::uint32_t>(p.micros % 1'000'000));
        le32(out, length);
        le32(out, length);
        be32(out, p.direction == Direction::DeviceToHost ? 1 : 0);  // 0 sent, 1 received
        append(out, p.h4);
    }
    return out;
}

Bytes CaptureBuilder::btsnoop() const {
    // Microseconds between 0000-01-01 (btsnoop epoch) and 1970-01-01.
    constexpr std::uint64_t kEpochDelta = 0x00DCDDB30F2F8000ULL;
    Bytes out{'b', 't', 's', 'n', 'o', 'o', 'p', 0};
    be32(out, 1);     // version
    be32(out, 1002);  // datalink: HCI UART (H4)
    for (const auto& p : packets_) {
        const auto length = static_cast<std::uint32_t>(p.h4.size());
        be32(out, length);  // original length
        be32(out, length);  // included length
        // bit 0: 0 sent (host -> controller), 1 received; bit 1: 0 data, 1 command/event
        be32(out, p.direction == Direction::DeviceToHost ? 1 : 0);
        be32(out, 0);  // cumulative drops
        be64(out, p.micros + kEpochDelta);
        append(out, p.h4);
    }
    return out;
}

bool writeFile(const std::string& path, const Bytes& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
    return static_cast<bool>(out.flush());
}

}  // namespace vreglink::test
