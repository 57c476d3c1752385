// HCI ACL data -> L2CAP basic frames -> ATT PDUs (channel 0x0004), per connection handle and
// direction, plus the connection lifecycle from HCI events (Bluetooth Core Vol 4 Part E §5.4.2
// ACL data packets, §7.7.5 Disconnection Complete, §7.7.65.1/.10 LE (Enhanced) Connection
// Complete; Vol 3 Part A §3.1 L2CAP basic frame).
#pragma once

#include "capture/capture_file.h"
#include "core/bytes.h"

#include <chrono>
#include <cstdint>
#include <unordered_map>

namespace vreglink::capture {

inline constexpr std::uint16_t kAttChannel = 0x0004;

struct AttPdu {
    std::chrono::microseconds time{};
    std::uint16_t connection = 0;  // the 12-bit ACL connection handle
    std::uint16_t adapter = 0;     // the controller (CaptureRecord::adapter)
    Direction direction = Direction::Unknown;
    ByteView pdu;  // opcode first; valid only during the callback
};

class HciHandler {
  public:
    virtual ~HciHandler() = default;
    virtual void onAtt(const AttPdu& pdu) = 0;
    // An LE connection completed successfully: a new connection on `connection`.
    virtual void onConnected(std::uint16_t /*adapter*/, std::uint16_t /*connection*/,
                             std::chrono::microseconds /*time*/) {}
    // Disconnection Complete: the handle's state must be forgotten.
    virtual void onDisconnected(std::uint16_t /*adapter*/, std::uint16_t /*connection*/,
                                std::chrono::microseconds /*time*/) {}
};

struct HciCounters {
    std::uint64_t aclPackets = 0;
    std::uint64_t l2capFrames = 0;  // reassembled, any channel
    std::uint64_t attPdus = 0;
    std::uint64_t malformed = 0;  // short headers, continuation without a start, overlong frames
};

class HciL2capReassembler {
  public:
    explicit HciL2capReassembler(HciHandler& handler) : handler_(handler) {}

    void feed(const CaptureRecord& record);
    const HciCounters& counters() const { return counters_; }

  private:
    struct Partial {
        Bytes buffer;
        std::size_t expected = 0;  // L2CAP length + 4, once the header is known
    };
    void feedAcl(const CaptureRecord& record);
    void feedEvent(const CaptureRecord& record);
    void deliverFrame(const CaptureRecord& record, std::uint16_t handle, ByteView frame);
    void forget(std::uint16_t adapter, std::uint16_t handle);

    HciHandler& handler_;
    HciCounters counters_;
    // Key: handle | direction << 12 | adapter << 16.
    std::unordered_map<std::uint32_t, Partial> partial_;
};

}  // namespace vreglink::capture
