// Bluetooth capture -> VictronConnect messages (ble-gatt.md §1-§2, §5): HCI records go through
// L2CAP reassembly to ATT; writes (host->device) and notifications (device->host) on the
// CTRL/LAST/MORE characteristics (roles from AttRoles) feed one ble::TransferAssembler per
// connection and direction. Connections are tracked separately; a disconnect or a new
// connection on a handle clears its half transfers (§5.3).
#pragma once

#include "ble/message.h"
#include "ble/transfer_assembler.h"
#include "capture/att_roles.h"
#include "capture/capture_file.h"
#include "capture/hci_l2cap.h"

#include <array>
#include <bitset>
#include <chrono>
#include <memory>
#include <optional>
#include <unordered_map>

namespace vreglink::capture {

enum class Flow : std::uint8_t { Tx, Rx };  // tx: host->device writes; rx: device->host
const char* flowName(Flow flow);            // "tx", "rx"

enum class EventKind : std::uint8_t {
    Message,      // a decoded message
    Control,      // bytes on CTRL (§2.3)
    DecodeError,  // bytes thrown away: a decode error's rest, or a stale/cleared/oversized part
};

struct CaptureEvent {
    std::chrono::microseconds time{};  // since the capture's first record
    std::uint16_t connection = 0;      // ACL handle
    std::uint16_t adapter = 0;         // controller (CaptureRecord::adapter)
    Flow flow = Flow::Rx;
    EventKind kind = EventKind::Message;
    const ble::Message* message = nullptr;  // Message
    ByteView bytes;                         // Control: the bytes; DecodeError: the raw rest
    ble::DropReason drop = ble::DropReason::Incomplete;  // DecodeError
};

class CaptureEventHandler {
  public:
    virtual ~CaptureEventHandler() = default;
    virtual void onEvent(const CaptureEvent& event) = 0;
};

inline constexpr std::size_t kOpcodeSlots = 0x11;  // opcodes 0x00-0x10 (§4.4)

struct FlowCounters {
    std::uint64_t chunks = 0;  // MORE and LAST writes/notifications
    std::uint64_t transfers = 0;
    std::uint64_t messages = 0;
    std::uint64_t control = 0;
    std::array<std::uint64_t, kOpcodeSlots> byOpcode{};
};

struct CaptureCounters {
    std::uint64_t records = 0;
    std::uint64_t connections = 0;
    std::array<FlowCounters, 2> flows{};  // indexed by Flow
    std::array<std::uint64_t, ble::kDropReasonCount> dropped{};
    std::uint64_t otherAtt = 0;      // ATT PDUs on handles or with opcodes outside the protocol
    std::bitset<0x10000> registers;  // every VREG id named by a message

    std::uint64_t droppedTotal() const;
};

class BleCaptureDecoder final : private HciHandler {
  public:
    explicit BleCaptureDecoder(CaptureEventHandler& handler);
    ~BleCaptureDecoder() override;

    void feed(const CaptureRecord& record);
    // The capture ended: every transfer still waiting for its LAST chunk is reported as a
    // decode error (reason "cleared", as on a disconnect), so no buffered byte goes unmentioned.
    void finish();
    const CaptureCounters& counters() const { return counters_; }
    const HciCounters& hciCounters() const { return hci_.counters(); }

  private:
    class FlowAssembler;
    struct Connection;

    void onAtt(const AttPdu& pdu) override;
    void onConnected(std::uint16_t adapter, std::uint16_t connection,
                     std::chrono::microseconds time) override;
    void onDisconnected(std::uint16_t adapter, std::uint16_t connection,
                        std::chrono::microseconds time) override;
    Connection& connectionFor(std::uint16_t adapter, std::uint16_t handle);
    void emit(CaptureEvent& event);
    void countMessage(Flow flow, const ble::Message& message);

    CaptureEventHandler& handler_;
    HciL2capReassembler hci_;
    CaptureCounters counters_;
    std::optional<std::chrono::microseconds> firstTime_;
    std::chrono::microseconds now_{};  // of the record being fed, since the first
    std::unordered_map<std::uint32_t, std::unique_ptr<Connection>> connections_;  // connectionKey
};

struct CaptureDecodeResult {
    std::optional<CaptureFormat> format;
    std::uint32_t linkType = 0;
    std::optional<CaptureError> error;  // the file's first bad record; events before it stand
};
// Reads every record of a whole capture file through a BleCaptureDecoder, then finish().
CaptureDecodeResult decodeCapture(ByteView file, BleCaptureDecoder& decoder);

}  // namespace vreglink::capture
