// Reading Bluetooth HCI capture files held in memory (no I/O: the app maps or reads the file and
// hands the bytes in). Formats:
//   btsnoop (RFC 1761 style, "btsnoop\0", version 1) with datalink 1001 (HCI unencapsulated,
//     type from the flags), 1002 (HCI UART/H4, first byte = packet type) and 2001 (Linux
//     monitor, as written by btmon: opcode in the flags);
//   pcap (both byte orders, microsecond and nanosecond magic) with LINKTYPE_BLUETOOTH_HCI_H4
//     (187, no direction) and LINKTYPE_BLUETOOTH_HCI_H4_WITH_PHDR (201, a 4-byte big-endian
//     direction: 0 = sent by the host, 1 = received);
//   pcapng (either byte order; Section Header, Interface Description and Enhanced Packet
//     blocks, if_tsresol honoured) with those two link types.
#pragma once

#include "core/bytes.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vreglink::capture {

enum class CaptureFormat : std::uint8_t { Btsnoop, Pcap, Pcapng };

// btsnoop datalink types and pcap link types understood here.
inline constexpr std::uint32_t kBtsnoopHciUnencapsulated = 1001;
inline constexpr std::uint32_t kBtsnoopHciUart = 1002;
inline constexpr std::uint32_t kBtsnoopLinuxMonitor = 2001;
inline constexpr std::uint32_t kLinkTypeHciH4 = 187;
inline constexpr std::uint32_t kLinkTypeHciH4WithPhdr = 201;

enum class Direction : std::uint8_t {
    HostToController,  // sent by the host: commands, outgoing ACL
    ControllerToHost,  // received: events, incoming ACL
    Unknown,           // pcap DLT 187 carries no direction
};

// The H4 packet indicator (Bluetooth Core Vol 4 Part A §2).
enum class HciPacketType : std::uint8_t {
    Command = 0x01,
    Acl = 0x02,
    Sco = 0x03,
    Event = 0x04,
    Iso = 0x05,
};

struct CaptureRecord {
    std::chrono::microseconds time{};  // since the Unix epoch
    Direction direction = Direction::Unknown;
    HciPacketType type = HciPacketType::Acl;
    ByteView packet;  // the HCI packet after its type indicator; points into the file
    // Which controller: the btmon controller index (datalink 2001) or the pcapng interface.
    // ACL handles are only unique per controller.
    std::uint16_t adapter = 0;
};

struct CaptureError {
    std::size_t offset = 0;  // where the bad header or record starts
    std::string message;
};

// Which format a file is, by its magic; nullopt for anything else.
std::optional<CaptureFormat> detectCaptureFormat(ByteView file);

// Walks the records of one file. Records that are not HCI packets (btmon index/system notes)
// are skipped. On a bad or truncated record next() returns nullopt and error() says where;
// every record before it was returned.
class CaptureReader {
  public:
    explicit CaptureReader(ByteView file);

    std::optional<CaptureRecord> next();

    const std::optional<CaptureError>& error() const { return error_; }
    std::optional<CaptureFormat> format() const { return format_; }
    // pcapng: the first interface's, known once next() has read its description block.
    std::uint32_t linkType() const { return linkType_; }
    std::size_t offset() const { return offset_; }

  private:
    void readHeader();
    void fail(std::size_t offset, std::string message);
    std::optional<CaptureRecord> nextBtsnoop();
    std::optional<CaptureRecord> nextPcap();
    std::optional<CaptureRecord> nextPcapng();  // pcapng.cpp
    bool readPcapngInterface(std::size_t start, ByteView body);
    // An H4 packet (DLT 201: after its 4-byte direction) of a pcap/pcapng record at `start`.
    std::optional<CaptureRecord> h4Record(std::size_t start, std::uint32_t linkType,
                                          ByteView packet, std::chrono::microseconds time);
    std::uint32_t pcap32(std::size_t at) const;
    std::uint16_t pcap16(std::size_t at) const;

    ByteView file_;
    std::size_t offset_ = 0;
    std::optional<CaptureFormat> format_;
    std::uint32_t linkType_ = 0;
    bool pcapBigEndian_ = false;
    bool pcapNanoseconds_ = false;
    struct PcapngInterface {
        std::uint32_t linkType = 0;
        std::uint64_t ticksPerSecond = 1'000'000;
    };
    std::vector<PcapngInterface> pcapngInterfaces_;  // of the current section
    std::optional<CaptureError> error_;
};

}  // namespace vreglink::capture
