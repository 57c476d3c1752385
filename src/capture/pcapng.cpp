// CaptureReader's pcapng part (pcapng, IETF draft-ietf-opsawg-pcapng): blocks of u32 type,
// u32 total length, body, u32 total length again, in the byte order the Section Header Block's
// byte-order magic gives. Interface Description Blocks (type 1) give each interface's link type
// and timestamp resolution (option if_tsresol, code 9); Enhanced Packet Blocks (type 6) carry
// the packets. Other blocks (statistics, name resolution, ...) are skipped.
#include "capture/capture_file.h"

namespace vreglink::capture {
namespace {

constexpr std::uint32_t kSectionHeaderBlock = 0x0A0D0D0A;
constexpr std::uint32_t kByteOrderMagic = 0x1A2B3C4D;
constexpr std::uint32_t kInterfaceDescriptionBlock = 1;
constexpr std::uint32_t kEnhancedPacketBlock = 6;
constexpr std::uint16_t kOptionEnd = 0;
constexpr std::uint16_t kOptionTsResol = 9;
constexpr std::size_t kBlockOverhead = 12;  // type, total length, trailing total length

std::uint32_t be32(const std::uint8_t* p) {
    return (static_cast<std::uint32_t>(p[0]) << 24) | (static_cast<std::uint32_t>(p[1]) << 16) |
           (static_cast<std::uint32_t>(p[2]) << 8) | static_cast<std::uint32_t>(p[3]);
}

}  // namespace

bool CaptureReader::readPcapngInterface(std::size_t start, ByteView body) {
    if (body.size() < 8) {
        fail(start, "truncated pcapng interface description");
        return false;
    }
    const std::size_t at = static_cast<std::size_t>(body.data() - file_.data());
    PcapngInterface interface;
    interface.linkType = pcap16(at);
    // Options: u16 code, u16 length, value padded to 4 bytes.
    for (std::size_t o = 8; o + 4 <= body.size();) {
        const std::uint16_t code = pcap16(at + o);
        const std::uint16_t length = pcap16(at + o + 2);
        if (code == kOptionEnd || o + 4 + length > body.size()) break;
        if (code == kOptionTsResol && length >= 1) {
            const std::uint8_t resolution = body[o + 4];
            std::uint64_t ticks = 1;
            const unsigned exponent = resolution & 0x7Fu;
            for (unsigned i = 0; i < exponent && ticks < (1ULL << 60) / 10; ++i) {
                ticks *= (resolution & 0x80) != 0 ? 2 : 10;
            }
            interface.ticksPerSecond = ticks;
        }
        o += 4 + ((length + 3u) & ~3u);
    }
    if (pcapngInterfaces_.empty() && linkType_ == 0) linkType_ = interface.linkType;
    pcapngInterfaces_.push_back(interface);
    return true;
}

std::optional<CaptureRecord> CaptureReader::nextPcapng() {
    while (offset_ < file_.size()) {
        const std::size_t start = offset_;
        if (file_.size() - start < kBlockOverhead) {
            fail(start, "truncated pcapng block header");
            return std::nullopt;
        }
        if (be32(&file_[start]) == kSectionHeaderBlock) {
            const std::uint32_t magic = be32(&file_[start + 8]);
            if (magic != kByteOrderMagic &&
                magic != ((kByteOrderMagic >> 24) | ((kByteOrderMagic >> 8) & 0xFF00) |
                          ((kByteOrderMagic << 8) & 0xFF0000) | (kByteOrderMagic << 24))) {
                fail(start, "pcapng section header without a byte-order magic");
                return std::nullopt;
            }
            pcapBigEndian_ = magic == kByteOrderMagic;
            pcapngInterfaces_.clear();
        }
        const std::size_t length = pcap32(start + 4);
        if (length < kBlockOverhead || length % 4 != 0 || length > file_.size() - start) {
            fail(start, "truncated or malformed pcapng block");
            return std::nullopt;
        }
        offset_ = start + length;
        const std::uint32_t type = pcap32(start);
        const ByteView body = file_.subspan(start + 8, length - kBlockOverhead);
        if (type == kInterfaceDescriptionBlock) {
            if (!readPcapngInterface(start, body)) return std::nullopt;
            continue;
        }
        if (type != kEnhancedPacketBlock) continue;
        // u32 interface, u32 timestamp high, u32 low, u32 captured length, u32 original length
        if (body.size() < 20 || pcap32(start + 8 + 12) > body.size() - 20) {
            fail(start, "truncated pcapng packet block");
            return std::nullopt;
        }
        const std::uint32_t id = pcap32(start + 8);
        if (id >= pcapngInterfaces_.size()) {
            fail(start, "pcapng packet for an undescribed interface");
            return std::nullopt;
        }
        const PcapngInterface& interface = pcapngInterfaces_[id];
        if (interface.linkType != kLinkTypeHciH4 && interface.linkType != kLinkTypeHciH4WithPhdr) {
            continue;  // another interface in the same file (Ethernet, USB, ...)
        }
        const std::uint64_t ticks = (std::uint64_t{pcap32(start + 12)} << 32) | pcap32(start + 16);
        const std::uint64_t tps = interface.ticksPerSecond;
        const auto micros = (ticks / tps) * 1'000'000 + (ticks % tps) * 1'000'000 / tps;
        auto record = h4Record(start, interface.linkType, body.subspan(20, pcap32(start + 8 + 12)),
                               std::chrono::microseconds(static_cast<std::int64_t>(micros)));
        if (record) record->adapter = static_cast<std::uint16_t>(id);
        return record;
    }
    return std::nullopt;
}

}  // namespace vreglink::capture
