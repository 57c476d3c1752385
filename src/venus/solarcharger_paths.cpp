// Solar charger paths (venus-dbus-mqtt.md §2.7) from MPPT TEXT fields and registers
// (vedirect.md §2.4 scales). History records are decoded in history_paths.cpp.
#include "venus/path_table.h"

#include <array>

namespace vreglink::venus {
namespace {

using K = ValueKind;
using T = TextKind;
using namespace paths;

// §2.6 MODE: MPPTs accept 1 (on) and 4 (off); Venus uses the same numbers for /Mode.
constexpr std::array<std::int64_t, 2> kMpptModes{1, 4};

// clang-format off
const std::array kRows{
    PathSpec{.path = "/Dc/0/Voltage", .format = kV, .textLabel = "V", .textScale = 0.001,
             .vreg = 0xED8D, .vregScale = 0.01, .vregInvalid = 0x7FFF},
    PathSpec{.path = "/Dc/0/Current", .format = kA, .textLabel = "I", .textScale = 0.001,
             .vreg = 0xED8F, .vregScale = 0.1, .vregInvalid = 0x7FFF},
    PathSpec{.path = "/Pv/V", .format = kV, .textLabel = "VPV", .textScale = 0.001,
             .vreg = 0xEDBB, .vregScale = 0.01, .vregInvalid = 0xFFFF},
    PathSpec{.path = "/Yield/Power", .format = kW, .textLabel = "PPV",
             .vreg = 0xEDBC, .vregScale = 0.01, .vregInvalid = 0xFFFFFFFF},
    PathSpec{.path = "/Yield/User", .format = kKwh, .textLabel = "H19", .textScale = 0.01,
             .vreg = 0xEDDC, .vregScale = 0.01},
    PathSpec{.path = "/Yield/System", .format = kKwh, .vreg = 0xEDDD, .vregScale = 0.01,
             .poll = true},
    PathSpec{.path = "/State", .kind = K::Int, .format = kInt, .textLabel = "CS",
             .vreg = 0x0201, .vregInvalid = 0xFF},
    // TEXT has no MODE on MPPTs (§2.5), so the register is polled.
    PathSpec{.path = "/Mode", .kind = K::Int, .format = kInt, .textLabel = "MODE",
             .vreg = 0x0200, .poll = true, .writable = true, .accepted = kMpptModes},
    PathSpec{.path = "/ErrorCode", .kind = K::Int, .format = kInt, .textLabel = "ERR",
             .vreg = 0xEDDA},
    PathSpec{.path = "/DeviceOffReason", .kind = K::Int, .format = kInt, .textLabel = "OR",
             .textKind = T::Hex, .vreg = 0x0207},
    PathSpec{.path = "/MppOperationMode", .kind = K::Int, .format = kInt, .textLabel = "MPPT",
             .vreg = 0xEDB3, .vregInvalid = 0xFF},
    PathSpec{.path = "/Load/State", .kind = K::Int, .format = kInt, .textLabel = "LOAD",
             .textKind = T::OnOff, .vreg = 0xEDA8},
    // Only models with a relay send `Relay` (§2.5); invalid on the others.
    PathSpec{.path = "/Relay/0/State", .kind = K::Int, .format = kInt, .textLabel = "Relay",
             .textKind = T::OnOff},
    PathSpec{.path = "/Settings/ChargeCurrentLimit", .format = kA, .vreg = 0xEDF0,
             .vregScale = 0.1, .poll = true, .writable = true},
    // VE.Smart networking / DVCC (§2.7 Link): 0xFFFF = not set by a network master.
    PathSpec{.path = "/Link/ChargeVoltage", .format = kV, .vreg = 0x2001, .vregScale = 0.01,
             .vregInvalid = 0xFFFF, .poll = true},
    PathSpec{.path = "/Link/ChargeCurrent", .format = kA, .vreg = 0x2015, .vregScale = 0.1,
             .vregInvalid = 0xFFFF, .poll = true},
    PathSpec{.path = "/Link/NetworkMode", .kind = K::Int, .format = kInt, .vreg = 0x200E,
             .poll = true},
    PathSpec{.path = "/Link/NetworkStatus", .kind = K::Int, .format = kInt, .vreg = 0x200F,
             .poll = true},
    PathSpec{.path = "/Link/VoltageSense", .format = kV, .vreg = 0x2002, .vregScale = 0.01,
             .vregInvalid = 0xFFFF, .poll = true},
    PathSpec{.path = "/Link/TemperatureSense", .format = {"°C", 1}, .vreg = 0x2003,
             .vregScale = 0.01, .vregInvalid = 0x7FFF},
};
// clang-format on

}  // namespace

std::span<const PathSpec> solarChargerPaths() {
    return kRows;
}

}  // namespace vreglink::venus
