// What the catalog knows about one register (data/registers.csv, one row).
#pragma once

#include "core/ids.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vreglink::catalog {

// Wire types (velib names, vedirect.md §3.3). All integers little-endian.
enum class WireType : std::uint8_t { Un8, Sn8, Un16, Sn16, Un24, Un32, Sn32, String, Bytes };
const char* wireTypeName(WireType type);  // "un16"
std::optional<WireType> parseWireType(std::string_view text);
// 1, 1, 2, 2, 3, 4, 4 for integers; nullopt for String and Bytes (length set by the device).
std::optional<std::size_t> fixedSize(WireType type);
bool isSigned(WireType type);

enum class Access : std::uint8_t {
    Read,       // "r"
    ReadWrite,  // "rw"
    Command,    // "w": write-only command (SET with empty or fixed payload), e.g. 0x1029
};

// Product families (catalog "families" column; a product has exactly one).
enum class Family : std::uint16_t {
    Mppt = 1 << 0,
    Bmv = 1 << 1,
    SmartShunt = 1 << 2,
    Inverter = 1 << 3,
    Dcdc = 1 << 4,
    Charger = 1 << 5,
    MultiRs = 1 << 6,
    BatteryProtect = 1 << 7,
};
const char* familyName(Family family);  // "mppt"
std::optional<Family> parseFamily(std::string_view text);

// One enum value (value = raw integer) or, for bitmask registers, one bit (value = bit index).
struct EnumLabel {
    std::int64_t value = 0;
    std::string label;  // lower_snake_case, e.g. "bulk", "no_input_power"
};

struct RegisterInfo {
    VregId id;
    std::string name;  // lower_snake_case, unique
    WireType type = WireType::Bytes;
    double scale = 1.0;   // display = raw * scale + offset
    double offset = 0.0;  // e.g. -273.15 for 0.01 K absolute temperatures shown in degC
    std::string unit;     // "V", "A", "W", "%", "degC", "kWh", "" ...
    Access access = Access::Read;
    std::uint16_t families = 0;                // bitwise OR of Family
    std::optional<std::int64_t> notAvailable;  // raw "n/a" sentinel, if the register has one
    std::optional<double> min, max;  // accepted range in display units, if narrower than the type
    std::vector<EnumLabel> labels;   // value labels, or bit names when bitmask
    bool bitmask = false;
    std::string notes;

    bool writable() const { return access != Access::Read; }
    bool inFamily(Family f) const { return (families & static_cast<std::uint16_t>(f)) != 0; }
    // Label for a raw value (enum registers), or nullptr.
    const EnumLabel* labelFor(std::int64_t raw) const;
};

struct ProductInfo {
    ProductId id;
    std::string name;  // "SmartSolar MPPT 100|30"
    Family family = Family::Mppt;
};

}  // namespace vreglink::catalog
