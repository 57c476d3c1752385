#include "capture/hci_l2cap.h"

namespace vreglink::capture {
namespace {

// ACL header (Core Vol 4 Part E §5.4.2): u16 handle (12 bits) | PB flag (2) | BC flag (2),
// u16 data length, little-endian. PB: 00 first non-flushable, 01 continuing fragment,
// 10 first flushable, 11 complete (controller-to-host only in old versions).
constexpr std::uint8_t kPbContinuing = 0x1;
// L2CAP basic header (Core Vol 3 Part A §3.1): u16 payload length, u16 channel id.
constexpr std::size_t kL2capHeaderSize = 4;
// HCI event codes (Core Vol 4 Part E §7.7).
constexpr std::uint8_t kEventDisconnectionComplete = 0x05;
constexpr std::uint8_t kEventLeMeta = 0x3E;
constexpr std::uint8_t kLeConnectionComplete = 0x01;
constexpr std::uint8_t kLeEnhancedConnectionComplete = 0x0A;
constexpr std::uint8_t kLeEnhancedConnectionCompleteV2 = 0x29;
// A frame larger than any ATT MTU (517) plus slack is a capture error, not a frame.
constexpr std::size_t kMaxFrame = 0x10000;

std::uint32_t partialKey(std::uint16_t adapter, std::uint16_t handle, Direction direction) {
    return static_cast<std::uint32_t>(handle) | (static_cast<std::uint32_t>(direction) << 12) |
           (static_cast<std::uint32_t>(adapter) << 16);
}

}  // namespace

void HciL2capReassembler::feed(const CaptureRecord& record) {
    if (record.type == HciPacketType::Acl) return feedAcl(record);
    if (record.type == HciPacketType::Event) return feedEvent(record);
}

void HciL2capReassembler::feedEvent(const CaptureRecord& record) {
    const ByteView e = record.packet;  // event code, parameter length, parameters
    if (e.size() < 2) return;
    if (e[0] == kEventDisconnectionComplete && e.size() >= 6 && e[2] == 0) {
        const auto handle = static_cast<std::uint16_t>(readLe16(&e[3]) & 0x0FFF);
        forget(record.adapter, handle);
        handler_.onDisconnected(record.adapter, handle, record.time);
        return;
    }
    if (e[0] == kEventLeMeta && e.size() >= 6) {
        const std::uint8_t sub = e[2];
        if ((sub == kLeConnectionComplete || sub == kLeEnhancedConnectionComplete ||
             sub == kLeEnhancedConnectionCompleteV2) &&
            e[3] == 0) {
            const auto handle = static_cast<std::uint16_t>(readLe16(&e[4]) & 0x0FFF);
            forget(record.adapter, handle);
            handler_.onConnected(record.adapter, handle, record.time);
        }
    }
}

void HciL2capReassembler::forget(std::uint16_t adapter, std::uint16_t handle) {
    for (const auto d :
         {Direction::HostToController, Direction::ControllerToHost, Direction::Unknown}) {
        partial_.erase(partialKey(adapter, handle, d));
    }
}

void HciL2capReassembler::feedAcl(const CaptureRecord& record) {
    ++counters_.aclPackets;
    const ByteView p = record.packet;
    if (p.size() < 4) {
        ++counters_.malformed;
        return;
    }
    const std::uint16_t word = readLe16(p.data());
    const auto handle = static_cast<std::uint16_t>(word & 0x0FFF);
    const auto pb = static_cast<std::uint8_t>((word >> 12) & 0x3);
    const std::size_t length = std::min<std::size_t>(readLe16(p.data() + 2), p.size() - 4);
    const ByteView data = p.subspan(4, length);
    const std::uint32_t key = partialKey(record.adapter, handle, record.direction);

    if (pb != kPbContinuing) {
        // A start: a previous unfinished frame on this handle/direction is lost.
        if (auto it = partial_.find(key); it != partial_.end() && !it->second.buffer.empty()) {
            ++counters_.malformed;
            it->second.buffer.clear();
        }
        if (data.size() >= kL2capHeaderSize &&
            data.size() == readLe16(data.data()) + kL2capHeaderSize) {
            deliverFrame(record, handle, data);  // the common case: a whole frame, no copy
            return;
        }
        Partial& partial = partial_[key];
        partial.buffer.assign(data.begin(), data.end());
        partial.expected = 0;
    } else {
        auto it = partial_.find(key);
        if (it == partial_.end() || it->second.buffer.empty()) {
            ++counters_.malformed;  // a continuation whose start is not in the capture
            return;
        }
        it->second.buffer.insert(it->second.buffer.end(), data.begin(), data.end());
    }
    Partial& partial = partial_[key];
    if (partial.expected == 0 && partial.buffer.size() >= kL2capHeaderSize) {
        partial.expected = readLe16(partial.buffer.data()) + kL2capHeaderSize;
    }
    if (partial.expected == 0) return;
    if (partial.buffer.size() > kMaxFrame || partial.buffer.size() > partial.expected) {
        ++counters_.malformed;
        partial.buffer.clear();
        return;
    }
    if (partial.buffer.size() == partial.expected) {
        Bytes frame;
        frame.swap(partial.buffer);
        deliverFrame(record, handle, frame);
        frame.clear();
        partial.buffer.swap(frame);  // keep the storage for the next frame
    }
}

void HciL2capReassembler::deliverFrame(const CaptureRecord& record, std::uint16_t handle,
                                       ByteView frame) {
    ++counters_.l2capFrames;
    if (readLe16(frame.data() + 2) != kAttChannel || frame.size() <= kL2capHeaderSize) return;
    ++counters_.attPdus;
    handler_.onAtt(AttPdu{record.time, handle, record.adapter, record.direction,
                          frame.subspan(kL2capHeaderSize)});
}

}  // namespace vreglink::capture
