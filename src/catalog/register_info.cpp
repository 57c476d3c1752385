#include "catalog/register_info.h"

#include <algorithm>
#include <array>
#include <utility>

namespace vreglink::catalog {

namespace {

constexpr std::array<std::pair<WireType, const char*>, 9> kWireTypes{{
    {WireType::Un8, "un8"},
    {WireType::Sn8, "sn8"},
    {WireType::Un16, "un16"},
    {WireType::Sn16, "sn16"},
    {WireType::Un24, "un24"},
    {WireType::Un32, "un32"},
    {WireType::Sn32, "sn32"},
    {WireType::String, "string"},
    {WireType::Bytes, "bytes"},
}};

constexpr std::array<std::pair<Family, const char*>, 8> kFamilies{{
    {Family::Mppt, "mppt"},
    {Family::Bmv, "bmv"},
    {Family::SmartShunt, "smartshunt"},
    {Family::Inverter, "inverter"},
    {Family::Dcdc, "dcdc"},
    {Family::Charger, "charger"},
    {Family::MultiRs, "multirs"},
    {Family::BatteryProtect, "batteryprotect"},
}};

}  // namespace

const char* wireTypeName(WireType type) {
    for (const auto& [t, name] : kWireTypes) {
        if (t == type) return name;
    }
    return "?";
}

std::optional<WireType> parseWireType(std::string_view text) {
    for (const auto& [t, name] : kWireTypes) {
        if (text == name) return t;
    }
    return std::nullopt;
}

std::optional<std::size_t> fixedSize(WireType type) {
    switch (type) {
        case WireType::Un8:
        case WireType::Sn8:
            return 1;
        case WireType::Un16:
        case WireType::Sn16:
            return 2;
        case WireType::Un24:
            return 3;
        case WireType::Un32:
        case WireType::Sn32:
            return 4;
        case WireType::String:
        case WireType::Bytes:
            return std::nullopt;
    }
    return std::nullopt;
}

bool isSigned(WireType type) {
    return type == WireType::Sn8 || type == WireType::Sn16 || type == WireType::Sn32;
}

const char* familyName(Family family) {
    for (const auto& [f, name] : kFamilies) {
        if (f == family) return name;
    }
    return "?";
}

std::optional<Family> parseFamily(std::string_view text) {
    for (const auto& [f, name] : kFamilies) {
        if (text == name) return f;
    }
    return std::nullopt;
}

const EnumLabel* RegisterInfo::labelFor(std::int64_t raw) const {
    if (bitmask) return nullptr;  // bit names are not value labels
    const auto it = std::find_if(labels.begin(), labels.end(),
                                 [raw](const EnumLabel& l) { return l.value == raw; });
    return it == labels.end() ? nullptr : &*it;
}

}  // namespace vreglink::catalog
