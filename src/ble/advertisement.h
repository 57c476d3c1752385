// "Instant Readout" advertisements (ble-gatt.md §9.2): the manufacturer data Victron products
// broadcast under company id 0x02E1. Only the clear header is read here — product id, record
// type, nonce, key check byte; the record itself is AES-CTR encrypted with a per-device key and
// stays opaque. Pure: bytes in, struct out.
#pragma once

#include "core/bytes.h"

#include <cstdint>
#include <optional>

namespace vreglink::ble {

// §9.2 byte 0: the only advertisement kind documented.
inline constexpr std::uint8_t kProductAdvertisement = 0x10;

struct InstantReadout {
    std::uint16_t productId = 0;  // bytes 2-3, LE (0xA389 SmartShunt)
    std::uint8_t recordType = 0;  // byte 4 (§9.2 "Record types")
    std::uint16_t nonce = 0;      // bytes 5-6, LE: the AES-CTR counter start
    std::uint8_t keyCheck = 0;    // byte 7: first byte of the advertisement key
    Bytes encrypted;              // bytes 8..: the record, up to 16 bytes (may grow, §9.2)
};

// `data` is the manufacturer data after the company id (BlueZ's ManufacturerData value for key
// 0x02E1). nullopt when it is not a product advertisement or shorter than its 8-byte header.
std::optional<InstantReadout> parseInstantReadout(ByteView data);

// "battery monitor", "solar charger", …; "unknown record" for types §9.2 does not list.
const char* recordTypeName(std::uint8_t recordType);

}  // namespace vreglink::ble
