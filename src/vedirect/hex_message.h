// Meaning of HEX frames: building requests, reading responses (vedirect.md §3.2–3.3).
#pragma once

#include "core/ids.h"
#include "core/vreg_status.h"
#include "vedirect/hex_frame.h"

#include <cstdint>
#include <optional>
#include <string>

namespace vreglink::vedirect {

// Response flags of Get/Set/Async (§3.3). 0 = OK.
namespace hexflags {
inline constexpr std::uint8_t kUnknownId = 0x01;
inline constexpr std::uint8_t kNotSupported = 0x02;
inline constexpr std::uint8_t kParameterError = 0x04;
}  // namespace hexflags

HexFrame makeCommand(HexCommand command);  // ping, app version, product id, restart: no payload
HexFrame makeGet(VregId id);
// nullopt when the value does not fit kMaxHexPayload.
std::optional<HexFrame> makeSet(VregId id, ByteView value);
// Get/Set/Async responses as a device (the simulator) sends them; value omitted when flags != 0.
std::optional<HexFrame> makeVregResponse(HexResponse response, VregId id, std::uint8_t flags,
                                         ByteView value);
// Done/Ping responses carrying an un16 (version, product id).
HexFrame makeU16Response(HexResponse response, std::uint16_t value);
// ':4AAAAFD' — the device's answer to a frame it could not parse (§3.2).
HexFrame makeFrameErrorResponse();

// Get (0x7), Set (0x8) and Async (0xA) payload: id, flags, value. A view into the frame.
struct VregFrame {
    VregId id;
    std::uint8_t flags = 0;
    ByteView value;
};
// nullopt unless the frame is a 7/8/A frame with at least id + flags.
std::optional<VregFrame> parseVregFrame(const HexFrame& frame);
// The un16 of a Ping (0x5) or Done (0x1) response; nullopt when the payload is not 2 bytes.
std::optional<std::uint16_t> parseU16(const HexFrame& frame);

// Device flags -> VregLink status: 0x01/0x02 -> 0x8100, 0x04 -> 0x8300 (issue "device session").
VregStatus statusFromFlags(std::uint8_t flags);
// "unknown id", "not supported", "parameter error", combined with '+'.
std::string describeFlags(std::uint8_t flags);

// Ping/app-version un16: low 12 bits are the version X.YY, e.g. 0x4161 -> "1.61" (§3.2).
std::string formatFirmwareVersion(std::uint16_t version);

}  // namespace vreglink::vedirect
