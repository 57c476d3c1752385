// Inverter basics (Phoenix VE.Direct, vedirect.md §2.5): DC input, AC output, state and mode,
// alarms from AR (alarm) and WARN (warning). Venus publishes these under
// com.victronenergy.inverter.
#include "venus/path_table.h"

#include <array>

namespace vreglink::venus {
namespace {

using K = ValueKind;
using T = TextKind;
using namespace paths;

// §2.6 MODE on a Phoenix: 2 inverter on, 3 device on, 4 off, 5 eco (0xFD hibernate is not a
// user choice on Venus).
constexpr std::array<std::int64_t, 4> kInverterModes{2, 3, 4, 5};

// clang-format off
const std::array kRows{
    PathSpec{.path = "/Dc/0/Voltage", .format = {"V", 2}, .textLabel = "V", .textScale = 0.001,
             .vreg = 0xED8D, .vregScale = 0.01, .vregInvalid = 0x7FFF},
    PathSpec{.path = "/Ac/Out/L1/V", .format = {"V", 1}, .textLabel = "AC_OUT_V",
             .textScale = 0.01, .vreg = 0x2200, .vregScale = 0.01, .vregInvalid = 0x7FFF},
    PathSpec{.path = "/Ac/Out/L1/I", .format = {"A", 1}, .textLabel = "AC_OUT_I",
             .textScale = 0.1, .vreg = 0x2201, .vregScale = 0.1, .vregInvalid = 0x7FFF},
    PathSpec{.path = "/Ac/Out/L1/S", .format = {"VA", 0}, .textLabel = "AC_OUT_S",
             .vreg = 0x2205},
    PathSpec{.path = "/State", .kind = K::Int, .format = kInt, .textLabel = "CS",
             .vreg = 0x0201, .vregInvalid = 0xFF},
    PathSpec{.path = "/Mode", .kind = K::Int, .format = kInt, .textLabel = "MODE",
             .vreg = 0x0200, .poll = true, .writable = true, .accepted = kInverterModes},
    PathSpec{.path = "/DeviceOffReason", .kind = K::Int, .format = kInt, .textLabel = "OR",
             .textKind = T::Hex, .vreg = 0x0207},
    alarm("/Alarms/LowVoltage", 0),
    alarm("/Alarms/HighVoltage", 1),
    alarm("/Alarms/LowTemperature", 5),
    alarm("/Alarms/HighTemperature", 6),
    alarm("/Alarms/Overload", 8),
    alarm("/Alarms/Ripple", 9),
    alarm("/Alarms/LowVoltageAcOut", 10),
    alarm("/Alarms/HighVoltageAcOut", 11),
    alarm("/Alarms/ShortCircuit", 12),
};
// clang-format on

}  // namespace

std::span<const PathSpec> inverterPaths() {
    return kRows;
}

}  // namespace vreglink::venus
