// Typed decode of register bytes for people and JSON, and encode of what people type.
// Pure functions. Unknown registers (info == nullptr) are shown and written as raw hex.
#pragma once

#include "catalog/register_info.h"
#include "core/bytes.h"
#include "core/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vreglink::catalog {

struct DecodedValue {
    enum class Kind : std::uint8_t {
        Number,        // scaled integer: text "14.40", number 14.4, unit "V"
        Label,         // enum value: text "bulk", number = raw
        Flags,         // bitmask: text "no_input_power|remote_input" (or "none"), number = raw
        Text,          // string register: text without NUL padding
        Raw,           // bytes register, unknown register, or length mismatch: text = lower hex
        NotAvailable,  // the register's n/a sentinel: text "n/a"
    };
    Kind kind = Kind::Raw;
    std::string text;
    std::string unit;                 // display unit ("V", "°C"); empty when none
    std::optional<double> number;     // scaled number (Number), raw (Label/Flags)
    std::optional<std::int64_t> raw;  // integer raw value for integer types
    std::string note;                 // e.g. "4 bytes, expected 2 for un16": why shown raw

    // "14.40 V", "bulk", "n/a", "HQ19499RHC5", "0a0b"
    std::string display() const;
};

DecodedValue decodeValue(const RegisterInfo* info, ByteView data);

// raw × scale as the decimal it stands for: 1279 × 0.01 is 12.79, not 12.790000000000001
// (dividing by 100 rounds once; multiplying by the binary 0.01 rounds twice). Every place that
// turns a register or TEXT integer into a number uses this, so D-Bus, MQTT and the CLI agree.
double scaleRaw(std::int64_t raw, double scale);

// Accepts "14.4", "14.4V", "14.4 V", "30A", "on"/"off"/"true"/"false"/"yes"/"no" (1/0),
// an enum label (case-insensitive), "0x96" / "150" style integers for unscaled registers,
// text for string registers, and raw hex with a "hex:" prefix. Rejects with a message naming the
// limit: wrong unit, not a multiple of the scale, out of range (type or catalog min/max),
// unknown label. Unknown registers accept raw hex only.
Result<Bytes> encodeValue(const RegisterInfo* info, std::string_view input);

// Checks raw bytes about to be written (`vreg set --raw`, D-Bus SetVreg): length must match a
// fixed-size type; range and labels are not judged. Unknown registers: always OK.
Result<Bytes> checkRawValue(const RegisterInfo* info, ByteView data);

// Checks raw bytes of a fixed-size integer register against the catalog's min/max (display
// units: raw * scale + offset), for D-Bus SetVreg (venus-dbus-mqtt.md §3.1: nothing invalid
// reaches the device). Not judged: unknown registers, strings and bytes, registers without
// limits, the register's "not available" sentinel, and lengths (checkRawValue does those).
Result<Bytes> checkRawRange(const RegisterInfo* info, ByteView data);

}  // namespace vreglink::catalog
