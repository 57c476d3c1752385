// The table-driven mapping from device data to Venus paths (venus-dbus-mqtt.md §2.7, §2.8):
// one row = one path, where its value comes from (TEXT label and/or HEX register), how it is
// scaled to the Venus unit, and whether SetValue writes a register.
#pragma once

#include "venus/item_text.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace vreglink::venus {

enum class ValueKind : std::uint8_t {
    Int,     // published as int32 (enums, counts, flags): /State 3
    Double,  // published as double in the Venus unit: /Dc/0/Voltage 12.8
};

enum class TextKind : std::uint8_t {
    Number,    // decimal integer ("12800"), "---" = invalid
    OnOff,     // "ON" -> 1, "OFF" -> 0
    Hex,       // "0x00000001" (OR)
    AlarmBit,  // AR/WARN decimal bitmask: handled by the publisher's alarm logic
};

inline constexpr std::uint32_t kNoVreg = 0x10000;

struct PathSpec {
    std::string_view path{};
    ValueKind kind = ValueKind::Double;
    ItemFormat format{};
    // TEXT source (vedirect.md §2.4): label, and scale from the raw integer to the Venus unit.
    std::string_view textLabel{};
    TextKind textKind = TextKind::Number;
    double textScale = 1.0;
    std::optional<std::int64_t> textInvalid{};  // raw TEXT sentinel ("TTG -1" = not discharging)
    // HEX source: register, scale from the raw integer to the Venus unit (independent of the
    // catalog's display unit: 0x0FFE minutes -> seconds), raw n/a sentinel besides the catalog's.
    std::uint32_t vreg = kNoVreg;
    double vregScale = 1.0;
    double vregOffset = 0.0;  // 0xEDEC: 0.01 K absolute -> degC
    std::optional<std::int64_t> vregInvalid{};
    // Derived flags: value = (raw == equals) ? 1 : 0 (0xEEF8 aux mode -> /Settings/Has*).
    std::optional<std::int64_t> equals{};
    bool poll = false;      // not pushed by TEXT/async: read every settingsPoll
    bool writable = false;  // SetValue writes `vreg` (raw = value / vregScale)
    // Writable enum registers: accepted raw values (empty = the catalog's range decides).
    std::span<const std::int64_t> accepted{};
    int bit = -1;  // AlarmBit rows: AR/WARN bit index (§2.6)
};

// Family tables. Each is a static array; the publisher indexes them by label and register.
std::span<const PathSpec> solarChargerPaths();
std::span<const PathSpec> batteryPaths();
std::span<const PathSpec> inverterPaths();

// Shared by the role tables (solarcharger_paths.cpp, battery_paths.cpp, inverter_paths.cpp).
namespace paths {
inline constexpr ItemFormat kV{"V", 2};
inline constexpr ItemFormat kA{"A", 1};
inline constexpr ItemFormat kAh{"Ah", 1};
inline constexpr ItemFormat kW{"W", 0};
inline constexpr ItemFormat kKwh{"kWh", 2};
inline constexpr ItemFormat kInt{};

// /Alarms/* paths carry 0 ok / 1 warning / 2 alarm, from the AR bits (TEXT) or 0x031E; the bit
// layout is shared by battery monitors and inverters (vedirect.md §2.6 AR/WARN).
constexpr PathSpec alarm(std::string_view path, int bit) {
    return PathSpec{.path = path,
                    .kind = ValueKind::Int,
                    .format = kInt,
                    .textLabel = "AR",
                    .textKind = TextKind::AlarmBit,
                    .vreg = 0x031E,
                    .bit = bit};
}
}  // namespace paths

}  // namespace vreglink::venus
