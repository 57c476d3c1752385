// HCI packets carrying ATT, built from parts — the inverse of hci_l2cap.h, for the tests, the
// benchmarks and anyone synthesising captures. Pure. Packets are the bytes after the H4 type
// indicator, as CaptureWriter::append takes them.
#pragma once

#include "core/bytes.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace vreglink::capture {

// ATT opcodes used by the VictronConnect protocol and its discovery (Core Vol 3 Part F §3.4).
inline constexpr std::uint8_t kAttReadByTypeRequest = 0x08;
inline constexpr std::uint8_t kAttReadByTypeResponse = 0x09;
inline constexpr std::uint8_t kAttWriteRequest = 0x12;
inline constexpr std::uint8_t kAttNotification = 0x1B;
inline constexpr std::uint8_t kAttWriteCommand = 0x52;

// opcode, handle (little-endian), value.
Bytes attPdu(std::uint8_t opcode, std::uint16_t handle, ByteView value);

// One L2CAP basic frame on `cid` carrying `payload`, split into ACL packets of at most
// `fragment` data bytes: the first with PB 10 (first, flushable), the rest PB 01 (continuing).
std::vector<Bytes> aclPackets(std::uint16_t connection, ByteView payload,
                              std::size_t fragment = 251, std::uint16_t cid = 0x0004);

// Read By Type Request for `type` (0x2803: characteristic declarations) over [first, last].
Bytes attReadByTypeRequest(std::uint16_t first, std::uint16_t last, std::uint16_t type);
// Read By Type Response with the declarations of the 306b0002/3/4 characteristics (CTRL, LAST,
// MORE) at the given value handles (declaration = value handle - 1), as the device answers
// discovery (ble-gatt.md §1.1).
Bytes victronCharacteristicsResponse(std::uint16_t ctrl, std::uint16_t last, std::uint16_t more);

// HCI events (the bytes after the 0x04 indicator): LE Connection Complete (0x3E/0x01, status 0)
// and Disconnection Complete (0x05, status 0).
Bytes leConnectionCompleteEvent(std::uint16_t connection);
Bytes disconnectionCompleteEvent(std::uint16_t connection, std::uint8_t reason = 0x13);

}  // namespace vreglink::capture
