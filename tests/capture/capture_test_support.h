// Builders for the capture tests: HCI ACL packets carrying ATT PDUs, HCI events, GATT discovery
// responses, and a handler recording decoded events as readable strings.
#pragma once

#include "ble/message.h"
#include "capture/ble_capture_decoder.h"
#include "capture/capture_writer.h"
#include "core/bytes.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace vreglink::capture::testing {

using std::chrono::microseconds;

inline Bytes hex(std::string_view text) {
    const auto bytes = parseHexBytes(text);
    EXPECT_TRUE(bytes.has_value()) << "bad hex in test: " << text;
    return bytes.value_or(Bytes{});
}

// ATT Write Command (0x52) / Handle Value Notification (0x1B): opcode, handle, value.
inline Bytes attPdu(std::uint8_t opcode, std::uint16_t handle, ByteView value) {
    Bytes pdu{opcode};
    appendLe16(pdu, handle);
    pdu.insert(pdu.end(), value.begin(), value.end());
    return pdu;
}
inline Bytes writeCommand(std::uint16_t handle, std::string_view valueHex) {
    return attPdu(0x52, handle, hex(valueHex));
}
inline Bytes notification(std::uint16_t handle, std::string_view valueHex) {
    return attPdu(0x1B, handle, hex(valueHex));
}

// An L2CAP basic frame on the ATT channel split into ACL packets of at most `fragment` data
// bytes (first: PB 10, rest: PB 01).
inline std::vector<Bytes> aclPackets(std::uint16_t handle, ByteView att, std::size_t fragment = 251,
                                     std::uint16_t cid = 0x0004) {
    Bytes frame;
    appendLe16(frame, static_cast<std::uint16_t>(att.size()));
    appendLe16(frame, cid);
    frame.insert(frame.end(), att.begin(), att.end());
    std::vector<Bytes> packets;
    for (std::size_t at = 0; at < frame.size(); at += fragment) {
        const std::size_t n = std::min(fragment, frame.size() - at);
        Bytes p;
        const auto pb = static_cast<std::uint16_t>(at == 0 ? 0x2000 : 0x1000);
        appendLe16(p, static_cast<std::uint16_t>(handle | pb));
        appendLe16(p, static_cast<std::uint16_t>(n));
        p.insert(p.end(), frame.begin() + static_cast<std::ptrdiff_t>(at),
                 frame.begin() + static_cast<std::ptrdiff_t>(at + n));
        packets.push_back(std::move(p));
    }
    return packets;
}

// HCI LE Connection Complete (event 0x3E, subevent 0x01, status 0) for `handle`.
inline Bytes leConnectionComplete(std::uint16_t handle) {
    Bytes e{0x3E, 19, 0x01, 0x00};
    appendLe16(e, handle);
    e.resize(2 + 19, 0);
    return e;
}
// HCI Disconnection Complete (event 0x05, status 0, reason 0x13).
inline Bytes disconnectionComplete(std::uint16_t handle) {
    Bytes e{0x05, 4, 0x00};
    appendLe16(e, handle);
    e.push_back(0x13);
    return e;
}

// ATT Read By Type Response (0x09) with characteristic declarations of the 306b0001 service:
// (declaration handle, properties, value handle, 128-bit UUID little-endian) per entry.
inline Bytes readByTypeResponse(std::uint16_t ctrl, std::uint16_t last, std::uint16_t more) {
    Bytes pdu{0x09, 21};
    const auto add = [&](std::uint16_t valueHandle, std::uint8_t id) {
        appendLe16(pdu, static_cast<std::uint16_t>(valueHandle - 1));
        pdu.push_back(0x16);  // read, write without response, notify
        appendLe16(pdu, valueHandle);
        // 306b00XX-b081-4037-83dc-e59fcc3cdfd0, reversed
        Bytes le = hex("d0df3ccc9fe5dc83374081b0");
        le.push_back(id);
        le.push_back(0x00);
        le.push_back(0x6b);
        le.push_back(0x30);
        pdu.insert(pdu.end(), le.begin(), le.end());
    };
    add(ctrl, 0x02);
    add(last, 0x03);
    add(more, 0x04);
    return pdu;
}

// A capture being built: records with increasing time (1 ms apart).
class CaptureBuilder {
  public:
    explicit CaptureBuilder(CaptureWriterOptions options = {}) : writer_(options) {}

    void event(ByteView e) { put(Direction::ControllerToHost, HciPacketType::Event, e); }
    // An ATT PDU on `handle` in ACL packets; writes go host->controller, the rest controller->host.
    void att(std::uint16_t handle, ByteView pdu, std::size_t fragment = 251) {
        const Direction d = (pdu[0] == 0x52 || pdu[0] == 0x12) ? Direction::HostToController
                                                               : Direction::ControllerToHost;
        for (const auto& p : aclPackets(handle, pdu, fragment)) put(d, HciPacketType::Acl, p);
    }
    void put(Direction d, HciPacketType type, ByteView packet) {
        writer_.append(time_, d, type, packet);
        time_ += microseconds(1000);
    }
    Bytes take() { return writer_.take(); }

  private:
    CaptureWriter writer_;
    microseconds time_{1'700'000'000'000'000};
};

// Records events as "conn dir kind text".
class RecordingHandler final : public CaptureEventHandler {
  public:
    void onEvent(const CaptureEvent& e) override {
        std::string s = std::to_string(e.connection) + " " + flowName(e.flow) + " ";
        switch (e.kind) {
            case EventKind::Message:
                s += ble::formatMessage(*e.message);
                break;
            case EventKind::Control:
                s += "ctrl " + toHex(e.bytes);
                break;
            case EventKind::DecodeError:
                s += std::string("error ") + ble::dropReasonName(e.drop) + " " + toHex(e.bytes);
                break;
        }
        events.push_back(std::move(s));
    }
    std::vector<std::string> events;
};

}  // namespace vreglink::capture::testing
