// Builds btsnoop and pcap files in memory from HCI records — the inverse of CaptureReader, for
// tests and benchmarks. Pure: the file is returned as bytes.
#pragma once

#include "capture/capture_file.h"
#include "core/bytes.h"

#include <cstdint>

namespace vreglink::capture {

struct CaptureWriterOptions {
    CaptureFormat format = CaptureFormat::Btsnoop;
    // btsnoop: 1001, 1002 or 2001; pcap and pcapng: 187 or 201 (see capture_file.h).
    std::uint32_t linkType = kBtsnoopHciUart;
    bool bigEndian = false;    // pcap, pcapng: the writer's byte order
    bool nanoseconds = false;  // pcap: the nanosecond magic; pcapng: if_tsresol = 9
};

class CaptureWriter {
  public:
    explicit CaptureWriter(CaptureWriterOptions options = {});

    // Appends one record. A direction the format cannot express is dropped (DLT 187) or written
    // as host-to-controller. The adapter is written by btmon files (2001) only.
    void append(const CaptureRecord& record);
    // Convenience: an ACL or event packet given by its bytes after the type indicator.
    void append(std::chrono::microseconds time, Direction direction, HciPacketType type,
                ByteView packet);

    const Bytes& bytes() const { return out_; }
    Bytes take() { return std::move(out_); }

  private:
    void put32(std::uint32_t v);  // in the file's byte order
    void putBe32(std::uint32_t v);
    void put16(std::uint16_t v);  // in the file's byte order
    void appendPcapngPacket(const CaptureRecord& record);

    CaptureWriterOptions options_;
    Bytes out_;
};

}  // namespace vreglink::capture
