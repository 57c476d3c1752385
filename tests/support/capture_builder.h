// Builds Bluetooth HCI captures for the capture, CLI and dissector tests: ATT traffic on ACL
// connections and HCI events with increasing timestamps, written in any format CaptureWriter
// knows (btsnoop 1001/1002/2001, pcap and pcapng with DLT 187/201). One builder for every test
// that needs a capture, so the decoder and the dissector are fed the same bytes.
#pragma once

#include "capture/capture_writer.h"
#include "core/bytes.h"

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vreglink::testing {

class CaptureBuilder {
  public:
    using Direction = capture::Direction;
    using HciPacketType = capture::HciPacketType;

    // The format take()/file() write when not told otherwise.
    explicit CaptureBuilder(capture::CaptureWriterOptions options = {});

    // One HCI packet (bytes after the H4 indicator) at the current time, then time += step.
    void put(Direction direction, HciPacketType type, ByteView packet);
    void event(ByteView event);  // controller -> host
    // An ATT PDU on `connection`, in ACL packets of at most `fragment` bytes. Writes and write
    // requests go host -> controller, everything else controller -> host.
    void att(std::uint16_t connection, ByteView pdu, std::size_t fragment = 251);
    // Shorthands: a notification from / a write command to the device (value in hex).
    void notify(std::uint16_t connection, std::uint16_t handle, std::string_view valueHex);
    void write(std::uint16_t connection, std::uint16_t handle, std::string_view valueHex);
    // GATT discovery of the 306b0001 service on `connection` (Read By Type 0x2803 request and
    // response). Value handles: CTRL = first + 2, LAST = first + 5, MORE = first + 8 (a
    // SmartShunt for first = 0x001F, ble-gatt.md §1.2).
    void discovery(std::uint16_t connection, std::uint16_t first = 0x001F);
    void connected(std::uint16_t connection);     // LE Connection Complete
    void disconnected(std::uint16_t connection);  // Disconnection Complete

    // The controller of the records that follow (btmon index; written by datalink 2001 only).
    void setAdapter(std::uint16_t adapter) { adapter_ = adapter; }
    // Time between records (default 30 ms: one connection event), and a gap.
    void setStep(std::chrono::microseconds step) { step_ = step; }
    void skip(std::chrono::microseconds gap) { time_ += gap; }

    std::size_t records() const { return records_.size(); }
    Bytes file() const { return file(options_); }
    Bytes file(const capture::CaptureWriterOptions& options) const;
    Bytes pcap() const;     // DLT 201 (H4 with direction), what Wireshark users save
    Bytes btsnoop() const;  // datalink 1002 (H4), an Android snoop log

  private:
    struct Record {
        std::chrono::microseconds time;
        Direction direction;
        HciPacketType type;
        Bytes packet;
        std::uint16_t adapter;
    };
    capture::CaptureWriterOptions options_;
    std::vector<Record> records_;
    std::chrono::microseconds time_{1'700'000'000'000'000};
    std::chrono::microseconds step_{30'000};
    std::uint16_t adapter_ = 0;
};

// Writes bytes to a file; false on failure.
bool writeFile(const std::string& path, const Bytes& bytes);

}  // namespace vreglink::testing
