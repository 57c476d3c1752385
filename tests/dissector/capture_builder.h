// Writes small Bluetooth HCI captures for the dissector tests: the ATT PDUs of ble-gatt.md §1.1
// inside L2CAP (CID 0x0004) inside HCI ACL packets in H4 framing, as a pcap file (link type 201,
// BLUETOOTH_HCI_H4_WITH_PHDR) or a btsnoop file (datalink 1002, HCI UART/H4).
// Deliberately small; src/capture is the full reader/writer (to be unified later).
#pragma once

#include "core/bytes.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vreglink::test {

enum class Direction : std::uint8_t { HostToDevice, DeviceToHost };

// ATT PDUs (Bluetooth Core Vol 3 Part F).
Bytes attNotification(std::uint16_t handle, ByteView value);                              // 0x1B
Bytes attWriteCommand(std::uint16_t handle, ByteView value);                              // 0x52
Bytes attReadByTypeRequest(std::uint16_t first, std::uint16_t last, std::uint16_t type);  // 0x08
// One characteristic declaration of a Read By Type (0x2803) response.
struct CharacteristicDeclaration {
    std::uint16_t handle = 0;       // declaration handle
    std::uint8_t properties = 0;    // 0x04 write without response, 0x10 notify, ...
    std::uint16_t valueHandle = 0;  // declaration + 1
    std::string uuid;               // "306b0003-b081-4037-83dc-e59fcc3cdfd0"
};
Bytes attReadByTypeResponse(const std::vector<CharacteristicDeclaration>& declarations);  // 0x09

// H4 ACL data packet: 0x02, handle | PB flags (first automatically flushable), length,
// L2CAP basic header (length, CID 0x0004 = ATT), the ATT PDU.
Bytes h4Acl(std::uint16_t connection, ByteView att);

class CaptureBuilder {
  public:
    struct Packet {
        std::uint64_t micros = 0;  // since the Unix epoch
        Direction direction = Direction::HostToDevice;
        Bytes h4;
    };

    // Packets get increasing timestamps `stepMicros` apart (default 30 ms: a connection event).
    void add(Direction direction, Bytes h4);
    void setStep(std::uint64_t micros) { stepMicros_ = micros; }
    void skip(std::uint64_t micros) { now_ += micros; }

    // Shorthands: a notification from / a write command to the device on connection `conn`.
    void notify(std::uint16_t conn, std::uint16_t handle, std::string_view hex);
    void write(std::uint16_t conn, std::uint16_t handle, std::string_view hex);
    // The GATT discovery of the 306b0001 service on `conn` (Read By Type 0x2803 request and
    // response), so that Wireshark knows the characteristic UUIDs. Value handles: CTRL =
    // first + 2, LAST = first + 5, MORE = first + 8 (a SmartShunt for first = 0x001F, §1.2).
    void discovery(std::uint16_t conn, std::uint16_t first = 0x001F);

    const std::vector<Packet>& packets() const { return packets_; }
    Bytes pcap() const;
    Bytes btsnoop() const;

  private:
    std::vector<Packet> packets_;
    std::uint64_t now_ = 1'700'000'000'000'000;
    std::uint64_t stepMicros_ = 30'000;
};

// Writes bytes to a file; false on failure.
bool writeFile(const std::string& path, const Bytes& bytes);

}  // namespace vreglink::test
