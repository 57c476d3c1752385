// Battery monitor paths (venus-dbus-mqtt.md §2.8) from BMV/SmartShunt TEXT fields (two blocks a
// second, H1…H18 in the second) and registers. Units: SI, energy in kWh, temperature in °C.
#include "venus/path_table.h"

#include <array>

namespace vreglink::venus {
namespace {

using K = ValueKind;
using T = TextKind;
using namespace paths;

constexpr std::array<std::int64_t, 2> kRelayStates{0, 1};

// Counters and amounts from the H fields: TEXT in m-units, registers in 0.1 Ah / 0.01 V.
constexpr PathSpec ah(std::string_view path, std::string_view label, std::uint32_t vreg) {
    return PathSpec{.path = path,
                    .format = kAh,
                    .textLabel = label,
                    .textScale = 0.001,
                    .vreg = vreg,
                    .vregScale = 0.1};
}
constexpr PathSpec volts(std::string_view path, std::string_view label, std::uint32_t vreg) {
    return PathSpec{.path = path,
                    .format = kV,
                    .textLabel = label,
                    .textScale = 0.001,
                    .vreg = vreg,
                    .vregScale = 0.01};
}
constexpr PathSpec count(std::string_view path, std::string_view label, std::uint32_t vreg) {
    return PathSpec{.path = path, .kind = K::Int, .format = kInt, .textLabel = label, .vreg = vreg};
}
constexpr PathSpec auxFlag(std::string_view path, std::int64_t mode) {
    return PathSpec{
        .path = path, .kind = K::Int, .format = kInt, .vreg = 0xEEF8, .equals = mode, .poll = true};
}

// clang-format off
const std::array kRows{
    PathSpec{.path = "/Dc/0/Voltage", .format = kV, .textLabel = "V", .textScale = 0.001,
             .vreg = 0xED8D, .vregScale = 0.01, .vregInvalid = 0x7FFF},
    PathSpec{.path = "/Dc/0/Current", .format = kA, .textLabel = "I", .textScale = 0.001,
             .vreg = 0xED8F, .vregScale = 0.1, .vregInvalid = 0x7FFF},
    PathSpec{.path = "/Dc/0/Power", .format = {"W", 0}, .textLabel = "P",
             .vreg = 0xED8E, .vregInvalid = 0x7FFF},
    PathSpec{.path = "/Dc/0/Temperature", .format = {"°C", 0}, .textLabel = "T",
             .vreg = 0xEDEC, .vregScale = 0.01, .vregOffset = -273.15, .vregInvalid = 0xFFFF},
    PathSpec{.path = "/Dc/0/MidVoltage", .format = kV, .textLabel = "VM", .textScale = 0.001,
             .vreg = 0x0382, .vregScale = 0.01, .vregInvalid = 0xFFFF},
    PathSpec{.path = "/Dc/0/MidVoltageDeviation", .format = {"%", 1}, .textLabel = "DM",
             .textScale = 0.1, .vreg = 0x0383, .vregScale = 0.1, .vregInvalid = 0x7FFF},
    PathSpec{.path = "/Dc/1/Voltage", .format = kV, .textLabel = "VS", .textScale = 0.001,
             .vreg = 0xED7D, .vregScale = 0.01, .vregInvalid = 0x7FFF},
    PathSpec{.path = "/Soc", .format = {"%", 1}, .textLabel = "SOC", .textScale = 0.1,
             .vreg = 0x0FFF, .vregScale = 0.01, .vregInvalid = 0xFFFF},
    PathSpec{.path = "/ConsumedAmphours", .format = kAh, .textLabel = "CE", .textScale = 0.001,
             .vreg = 0xEEFF, .vregScale = 0.1},
    // TTG -1 / 0xFFFF: infinite or not discharging -> invalid, as vedirect-dbus shows it (§2.8).
    PathSpec{.path = "/TimeToGo", .kind = K::Int, .format = {"s", 0}, .textLabel = "TTG",
             .textScale = 60, .textInvalid = -1, .vreg = 0x0FFE, .vregScale = 60,
             .vregInvalid = 0xFFFF},
    PathSpec{.path = "/Alarms/Alarm", .kind = K::Int, .format = kInt, .textLabel = "Alarm",
             .textKind = T::OnOff, .textScale = 2, .vreg = 0x031D, .vregScale = 2},
    alarm("/Alarms/LowVoltage", 0),
    alarm("/Alarms/HighVoltage", 1),
    alarm("/Alarms/LowSoc", 2),
    alarm("/Alarms/LowStarterVoltage", 3),
    alarm("/Alarms/HighStarterVoltage", 4),
    alarm("/Alarms/LowTemperature", 5),
    alarm("/Alarms/HighTemperature", 6),
    alarm("/Alarms/MidVoltage", 7),
    ah("/History/DeepestDischarge", "H1", 0x0300),
    ah("/History/LastDischarge", "H2", 0x0301),
    ah("/History/AverageDischarge", "H3", 0x0302),
    count("/History/ChargeCycles", "H4", 0x0303),
    count("/History/FullDischarges", "H5", 0x0304),
    ah("/History/TotalAhDrawn", "H6", 0x0305),
    volts("/History/MinimumVoltage", "H7", 0x0306),
    volts("/History/MaximumVoltage", "H8", 0x0307),
    PathSpec{.path = "/History/TimeSinceLastFullCharge", .kind = K::Int, .format = {"s", 0},
             .textLabel = "H9", .vreg = 0x0308},
    count("/History/AutomaticSyncs", "H10", 0x0309),
    count("/History/LowVoltageAlarms", "H11", 0x030A),
    count("/History/HighVoltageAlarms", "H12", 0x030B),
    count("/History/LowStarterVoltageAlarms", "H13", 0x030C),
    count("/History/HighStarterVoltageAlarms", "H14", 0x030D),
    volts("/History/MinimumStarterVoltage", "H15", 0x030E),
    volts("/History/MaximumStarterVoltage", "H16", 0x030F),
    PathSpec{.path = "/History/DischargedEnergy", .format = kKwh, .textLabel = "H17",
             .textScale = 0.01, .vreg = 0x0310, .vregScale = 0.01},
    PathSpec{.path = "/History/ChargedEnergy", .format = kKwh, .textLabel = "H18",
             .textScale = 0.01, .vreg = 0x0311, .vregScale = 0.01},
    // Only the BMV has a relay (SmartShunt: no `Relay` field, a write is refused by the device).
    // The BMV obeys 0x034E only in relay mode 2 (remote).
    PathSpec{.path = "/Relay/0/State", .kind = K::Int, .format = kInt, .textLabel = "Relay",
             .textKind = T::OnOff, .vreg = 0x034E, .writable = true, .accepted = kRelayStates},
    PathSpec{.path = "/Settings/RelayMode", .kind = K::Int, .format = kInt, .vreg = 0x034F,
             .poll = true},
    // Aux input 0xEEF8 (§2.6): 0 starter voltage, 1 mid-point, 2 temperature, 3 none.
    auxFlag("/Settings/HasStarterVoltage", 0),
    auxFlag("/Settings/HasMidVoltage", 1),
    auxFlag("/Settings/HasTemperature", 2),
};
// clang-format on

}  // namespace

std::span<const PathSpec> batteryPaths() {
    return kRows;
}

}  // namespace vreglink::venus
