// Shorthands for the capture tests (packets come from capture/hci_packet_writer.h, files from the
// shared CaptureBuilder) and a handler recording decoded events as readable strings.
#pragma once

#include "ble/message.h"
#include "capture/ble_capture_decoder.h"
#include "capture/capture_writer.h"
#include "capture/hci_packet_writer.h"
#include "capture_builder.h"
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
inline Bytes writeCommand(std::uint16_t handle, std::string_view valueHex) {
    return attPdu(kAttWriteCommand, handle, hex(valueHex));
}
inline Bytes notification(std::uint16_t handle, std::string_view valueHex) {
    return attPdu(kAttNotification, handle, hex(valueHex));
}

// The one capture builder of the test tree (tests/support/capture_builder.h).
using vreglink::testing::CaptureBuilder;

// Records events as "conn dir kind text".
class RecordingHandler final : public CaptureEventHandler {
  public:
    void onEvent(const CaptureEvent& e) override {
        std::string s = std::to_string(e.connection) +
                        (e.adapter != 0 ? "@" + std::to_string(e.adapter) : std::string()) + " " +
                        flowName(e.flow) + " ";
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
