#include "capture/capture_writer.h"

namespace vreglink::capture {
namespace {

constexpr std::int64_t kBtsnoopUnixOffset = 0x00dcddb30f2f8000;  // see capture_file.cpp

// The btmon opcode for a packet (capture_file.cpp has the inverse table).
std::uint32_t monitorOpcode(Direction direction, HciPacketType type) {
    const bool tx = direction != Direction::ControllerToHost;
    switch (type) {
        case HciPacketType::Command:
            return 2;
        case HciPacketType::Event:
            return 3;
        case HciPacketType::Acl:
            return tx ? 4 : 5;
        case HciPacketType::Sco:
            return tx ? 6 : 7;
        case HciPacketType::Iso:
            return tx ? 18 : 19;
    }
    return 4;
}

// Flags of btsnoop 1001/1002: bit 0 = received, bit 1 = command or event.
std::uint32_t btsnoopFlags(Direction direction, HciPacketType type) {
    std::uint32_t flags = direction == Direction::ControllerToHost ? 1 : 0;
    if (type == HciPacketType::Command || type == HciPacketType::Event) flags |= 2;
    return flags;
}

}  // namespace

CaptureWriter::CaptureWriter(CaptureWriterOptions options) : options_(options) {
    if (options_.format == CaptureFormat::Btsnoop) {
        for (const char c : {'b', 't', 's', 'n', 'o', 'o', 'p'}) {
            out_.push_back(static_cast<std::uint8_t>(c));
        }
        out_.push_back(0);
        putBe32(1);
        putBe32(options_.linkType);
        return;
    }
    if (options_.format == CaptureFormat::Pcapng) {
        // Section Header Block: byte-order magic, version 1.0, section length unknown (-1).
        put32(0x0A0D0D0A);
        put32(28);
        put32(0x1A2B3C4D);
        put16(1);
        put16(0);
        put32(0xFFFFFFFF);
        put32(0xFFFFFFFF);
        put32(28);
        // Interface Description Block: link type, snaplen, if_tsresol (code 9) when ns, end.
        const std::uint32_t idbLength = options_.nanoseconds ? 32 : 20;
        put32(1);
        put32(idbLength);
        put16(static_cast<std::uint16_t>(options_.linkType));
        put16(0);
        put32(65535);
        if (options_.nanoseconds) {
            put16(9);
            put16(1);
            out_.insert(out_.end(), {9, 0, 0, 0});
            put32(0);  // opt_endofopt
        }
        put32(idbLength);
        return;
    }
    put32(options_.nanoseconds ? 0xa1b23c4d : 0xa1b2c3d4);
    // version 2.4 as two u16 in the file's byte order
    if (options_.bigEndian) {
        out_.insert(out_.end(), {0, 2, 0, 4});
    } else {
        out_.insert(out_.end(), {2, 0, 4, 0});
    }
    put32(0);      // thiszone
    put32(0);      // sigfigs
    put32(65535);  // snaplen
    put32(options_.linkType);
}

void CaptureWriter::putBe32(std::uint32_t v) {
    out_.insert(out_.end(), {static_cast<std::uint8_t>(v >> 24), static_cast<std::uint8_t>(v >> 16),
                             static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)});
}

void CaptureWriter::put16(std::uint16_t v) {
    if (options_.bigEndian) {
        out_.insert(out_.end(), {static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)});
    } else {
        out_.insert(out_.end(), {static_cast<std::uint8_t>(v), static_cast<std::uint8_t>(v >> 8)});
    }
}

void CaptureWriter::put32(std::uint32_t v) {
    if (options_.bigEndian) return putBe32(v);
    out_.insert(out_.end(),
                {static_cast<std::uint8_t>(v), static_cast<std::uint8_t>(v >> 8),
                 static_cast<std::uint8_t>(v >> 16), static_cast<std::uint8_t>(v >> 24)});
}

void CaptureWriter::append(std::chrono::microseconds time, Direction direction, HciPacketType type,
                           ByteView packet) {
    append(CaptureRecord{time, direction, type, packet});
}

void CaptureWriter::append(const CaptureRecord& r) {
    const auto typeByte = static_cast<std::uint8_t>(r.type);
    const auto packetSize = static_cast<std::uint32_t>(r.packet.size());
    if (options_.format == CaptureFormat::Btsnoop) {
        const bool h4 = options_.linkType == kBtsnoopHciUart;
        const std::uint32_t length = packetSize + (h4 ? 1U : 0U);
        const std::uint32_t flags =
            options_.linkType == kBtsnoopLinuxMonitor
                ? (std::uint32_t{r.adapter} << 16) | monitorOpcode(r.direction, r.type)
                : btsnoopFlags(r.direction, r.type);
        const auto stamp = static_cast<std::uint64_t>(r.time.count() + kBtsnoopUnixOffset);
        putBe32(length);
        putBe32(length);
        putBe32(flags);
        putBe32(0);  // cumulative drops
        putBe32(static_cast<std::uint32_t>(stamp >> 32));
        putBe32(static_cast<std::uint32_t>(stamp));
        if (h4) out_.push_back(typeByte);
        out_.insert(out_.end(), r.packet.begin(), r.packet.end());
        return;
    }
    if (options_.format == CaptureFormat::Pcapng) return appendPcapngPacket(r);
    const bool phdr = options_.linkType == kLinkTypeHciH4WithPhdr;
    const std::uint32_t length = packetSize + 1 + (phdr ? 4U : 0U);
    const auto micros = r.time.count();
    put32(static_cast<std::uint32_t>(micros / 1000000));
    const auto fraction = static_cast<std::uint32_t>(micros % 1000000);
    put32(options_.nanoseconds ? fraction * 1000 : fraction);
    put32(length);
    put32(length);
    // DLT 201 direction: big-endian u32, 0 = sent (host to controller), 1 = received.
    if (phdr) putBe32(r.direction == Direction::ControllerToHost ? 1 : 0);
    out_.push_back(typeByte);
    out_.insert(out_.end(), r.packet.begin(), r.packet.end());
}

// Enhanced Packet Block: interface 0, 64-bit timestamp in the interface's resolution, the
// packet (DLT 201: direction first) padded to 4 bytes.
void CaptureWriter::appendPcapngPacket(const CaptureRecord& r) {
    const bool phdr = options_.linkType == kLinkTypeHciH4WithPhdr;
    const auto length = static_cast<std::uint32_t>(r.packet.size() + 1 + (phdr ? 4U : 0U));
    const std::uint32_t padded = (length + 3U) & ~3U;
    const auto ticks =
        static_cast<std::uint64_t>(r.time.count()) * (options_.nanoseconds ? 1000U : 1U);
    put32(6);
    put32(32 + padded);
    put32(0);
    put32(static_cast<std::uint32_t>(ticks >> 32));
    put32(static_cast<std::uint32_t>(ticks));
    put32(length);
    put32(length);
    if (phdr) putBe32(r.direction == Direction::ControllerToHost ? 1 : 0);
    out_.push_back(static_cast<std::uint8_t>(r.type));
    out_.insert(out_.end(), r.packet.begin(), r.packet.end());
    out_.insert(out_.end(), padded - length, 0);
    put32(32 + padded);
}

}  // namespace vreglink::capture
