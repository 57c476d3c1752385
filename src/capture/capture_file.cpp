#include "capture/capture_file.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace vreglink::capture {
namespace {

// btsnoop: 16-byte file header ("btsnoop\0", u32 version = 1, u32 datalink), then records of
// u32 original length, u32 included length, u32 flags, u32 drops, i64 timestamp (µs since
// 0000-01-01), all big-endian, followed by the included bytes.
constexpr std::array<std::uint8_t, 8> kBtsnoopMagic{'b', 't', 's', 'n', 'o', 'o', 'p', 0};
constexpr std::size_t kBtsnoopHeaderSize = 16;
constexpr std::size_t kBtsnoopRecordHeaderSize = 24;
// Microseconds from 0000-01-01 to 1970-01-01 (the value Wireshark's btsnoop reader uses).
constexpr std::int64_t kBtsnoopUnixOffset = 0x00dcddb30f2f8000;

// pcap: 24-byte global header (magic, version 2.4, zone, sigfigs, snaplen, link type) in the
// writer's byte order, then 16-byte record headers (seconds, µs or ns, included, original).
constexpr std::uint32_t kPcapMagicMicro = 0xa1b2c3d4;
constexpr std::uint32_t kPcapMagicNano = 0xa1b23c4d;
constexpr std::size_t kPcapHeaderSize = 24;
constexpr std::size_t kPcapRecordHeaderSize = 16;

// btmon opcodes (Linux monitor channel, btsnoop datalink 2001: flags = index << 16 | opcode).
constexpr std::uint16_t kMonitorCommand = 2;
constexpr std::uint16_t kMonitorEvent = 3;
constexpr std::uint16_t kMonitorAclTx = 4;
constexpr std::uint16_t kMonitorAclRx = 5;
constexpr std::uint16_t kMonitorScoTx = 6;
constexpr std::uint16_t kMonitorScoRx = 7;
constexpr std::uint16_t kMonitorIsoTx = 18;
constexpr std::uint16_t kMonitorIsoRx = 19;

std::uint32_t readBe32(const std::uint8_t* p) {
    return (static_cast<std::uint32_t>(p[0]) << 24) | (static_cast<std::uint32_t>(p[1]) << 16) |
           (static_cast<std::uint32_t>(p[2]) << 8) | static_cast<std::uint32_t>(p[3]);
}
std::uint32_t byteSwap32(std::uint32_t v) {
    return ((v & 0xFF) << 24) | ((v & 0xFF00) << 8) | ((v >> 8) & 0xFF00) | (v >> 24);
}

bool isH4Type(std::uint8_t b) {
    return b >= static_cast<std::uint8_t>(HciPacketType::Command) &&
           b <= static_cast<std::uint8_t>(HciPacketType::Iso);
}

// A monitor opcode as direction and packet type; nullopt for the non-packet opcodes.
std::optional<std::pair<Direction, HciPacketType>> monitorPacket(std::uint16_t opcode) {
    using D = Direction;
    using T = HciPacketType;
    switch (opcode) {
        case kMonitorCommand:
            return std::pair{D::HostToController, T::Command};
        case kMonitorEvent:
            return std::pair{D::ControllerToHost, T::Event};
        case kMonitorAclTx:
            return std::pair{D::HostToController, T::Acl};
        case kMonitorAclRx:
            return std::pair{D::ControllerToHost, T::Acl};
        case kMonitorScoTx:
            return std::pair{D::HostToController, T::Sco};
        case kMonitorScoRx:
            return std::pair{D::ControllerToHost, T::Sco};
        case kMonitorIsoTx:
            return std::pair{D::HostToController, T::Iso};
        case kMonitorIsoRx:
            return std::pair{D::ControllerToHost, T::Iso};
        default:
            return std::nullopt;
    }
}

}  // namespace

std::optional<CaptureFormat> detectCaptureFormat(ByteView file) {
    if (file.size() >= kBtsnoopMagic.size() &&
        std::equal(kBtsnoopMagic.begin(), kBtsnoopMagic.end(), file.begin())) {
        return CaptureFormat::Btsnoop;
    }
    if (file.size() >= 4) {
        const std::uint32_t magic = readBe32(file.data());
        for (const std::uint32_t m : {kPcapMagicMicro, kPcapMagicNano}) {
            if (magic == m || magic == byteSwap32(m)) return CaptureFormat::Pcap;
        }
        if (magic == 0x0A0D0D0A) return CaptureFormat::Pcapng;  // Section Header Block type
    }
    return std::nullopt;
}

CaptureReader::CaptureReader(ByteView file) : file_(file) {
    readHeader();
}

void CaptureReader::readHeader() {
    const ByteView file = file_;
    format_ = detectCaptureFormat(file);
    if (!format_) {
        fail(0, "not a btsnoop, pcap or pcapng file");
        return;
    }
    if (*format_ == CaptureFormat::Btsnoop) {
        if (file.size() < kBtsnoopHeaderSize) return fail(0, "truncated btsnoop header");
        if (readBe32(file.data() + 8) != 1) return fail(8, "unsupported btsnoop version");
        linkType_ = readBe32(file.data() + 12);
        if (linkType_ != kBtsnoopHciUnencapsulated && linkType_ != kBtsnoopHciUart &&
            linkType_ != kBtsnoopLinuxMonitor) {
            return fail(12, fmt::format("unsupported btsnoop datalink {}", linkType_));
        }
        offset_ = kBtsnoopHeaderSize;
        return;
    }
    if (*format_ == CaptureFormat::Pcapng) return;  // blocks are read by nextPcapng()
    if (file.size() < kPcapHeaderSize) return fail(0, "truncated pcap header");
    const std::uint32_t magic = readBe32(file.data());
    pcapBigEndian_ = magic == kPcapMagicMicro || magic == kPcapMagicNano;
    pcapNanoseconds_ = magic == kPcapMagicNano || magic == byteSwap32(kPcapMagicNano);
    linkType_ = pcap32(20) & 0xFFFF;  // the upper 16 bits may carry FCS information
    if (linkType_ != kLinkTypeHciH4 && linkType_ != kLinkTypeHciH4WithPhdr) {
        return fail(20, fmt::format("unsupported pcap link type {}", linkType_));
    }
    offset_ = kPcapHeaderSize;
}

void CaptureReader::fail(std::size_t offset, std::string message) {
    error_ = CaptureError{offset, std::move(message)};
}

std::uint32_t CaptureReader::pcap32(std::size_t at) const {
    const std::uint32_t v = readBe32(file_.data() + at);
    return pcapBigEndian_ ? v : byteSwap32(v);
}

std::uint16_t CaptureReader::pcap16(std::size_t at) const {
    const auto v = static_cast<std::uint16_t>((file_[at] << 8) | file_[at + 1]);
    return pcapBigEndian_ ? v : static_cast<std::uint16_t>((v >> 8) | (v << 8));
}

std::optional<CaptureRecord> CaptureReader::next() {
    if (error_ || !format_) return std::nullopt;
    switch (*format_) {
        case CaptureFormat::Btsnoop:
            return nextBtsnoop();
        case CaptureFormat::Pcap:
            return nextPcap();
        case CaptureFormat::Pcapng:
            return nextPcapng();
    }
    return std::nullopt;
}

std::optional<CaptureRecord> CaptureReader::nextBtsnoop() {
    while (offset_ < file_.size()) {
        const std::size_t start = offset_;
        if (file_.size() - start < kBtsnoopRecordHeaderSize) {
            fail(start, "truncated btsnoop record header");
            return std::nullopt;
        }
        const std::uint8_t* h = file_.data() + start;
        const std::size_t length = readBe32(h + 4);
        const std::uint32_t flags = readBe32(h + 8);
        const auto stamp =
            static_cast<std::int64_t>((std::uint64_t{readBe32(h + 16)} << 32) | readBe32(h + 20));
        if (file_.size() - start - kBtsnoopRecordHeaderSize < length) {
            fail(start, "truncated btsnoop record");
            return std::nullopt;
        }
        offset_ = start + kBtsnoopRecordHeaderSize + length;
        CaptureRecord record;
        record.time = std::chrono::microseconds(stamp - kBtsnoopUnixOffset);
        record.packet = file_.subspan(start + kBtsnoopRecordHeaderSize, length);
        if (linkType_ == kBtsnoopLinuxMonitor) {
            const auto packet = monitorPacket(static_cast<std::uint16_t>(flags & 0xFFFF));
            if (!packet) continue;  // new/delete index, notes, control channel: not HCI
            record.adapter = static_cast<std::uint16_t>(flags >> 16);  // hci0, hci1, ...
            record.direction = packet->first;
            record.type = packet->second;
            return record;
        }
        // 1001/1002 flags: bit 0 = received (controller to host), bit 1 = command/event.
        record.direction =
            (flags & 1) != 0 ? Direction::ControllerToHost : Direction::HostToController;
        if (linkType_ == kBtsnoopHciUnencapsulated) {
            record.type = (flags & 2) == 0   ? HciPacketType::Acl
                          : (flags & 1) != 0 ? HciPacketType::Event
                                             : HciPacketType::Command;
            return record;
        }
        if (length == 0 || !isH4Type(record.packet[0])) {
            fail(start, "btsnoop H4 record without a valid packet type");
            return std::nullopt;
        }
        record.type = static_cast<HciPacketType>(record.packet[0]);
        record.packet = record.packet.subspan(1);
        return record;
    }
    return std::nullopt;
}

std::optional<CaptureRecord> CaptureReader::nextPcap() {
    if (offset_ >= file_.size()) return std::nullopt;
    const std::size_t start = offset_;
    if (file_.size() - start < kPcapRecordHeaderSize) {
        fail(start, "truncated pcap record header");
        return std::nullopt;
    }
    const std::uint32_t seconds = pcap32(start);
    const std::uint32_t fraction = pcap32(start + 4);
    const std::size_t length = pcap32(start + 8);
    if (file_.size() - start - kPcapRecordHeaderSize < length) {
        fail(start, "truncated pcap record");
        return std::nullopt;
    }
    offset_ = start + kPcapRecordHeaderSize + length;
    const auto time = std::chrono::seconds(seconds) +
                      std::chrono::microseconds(pcapNanoseconds_ ? fraction / 1000 : fraction);
    return h4Record(start, linkType_, file_.subspan(start + kPcapRecordHeaderSize, length), time);
}

std::optional<CaptureRecord> CaptureReader::h4Record(std::size_t start, std::uint32_t linkType,
                                                     ByteView packet,
                                                     std::chrono::microseconds time) {
    CaptureRecord record;
    record.time = time;
    if (linkType == kLinkTypeHciH4WithPhdr) {
        if (packet.size() < 4) {
            fail(start, "pcap record shorter than its direction header");
            return std::nullopt;
        }
        record.direction = (readBe32(packet.data()) & 1) != 0 ? Direction::ControllerToHost
                                                              : Direction::HostToController;
        packet = packet.subspan(4);
    }
    if (packet.empty() || !isH4Type(packet[0])) {
        fail(start, "pcap record without a valid H4 packet type");
        return std::nullopt;
    }
    record.type = static_cast<HciPacketType>(packet[0]);
    record.packet = packet.subspan(1);
    return record;
}

}  // namespace vreglink::capture
