// The entity tables for Home Assistant (issue 6 item 4). Paths and units are the Venus ones
// (venus-dbus-mqtt.md §2.7 solar charger, §2.8 battery monitor; src/venus/*_paths.cpp); units and
// device classes are the HA sensor ones (https://www.home-assistant.io/integrations/sensor/
// "Device class": voltage V, current A, power W, apparent_power VA, energy kWh, battery %,
// temperature °C, duration s). Enum labels come from the register catalog (data/registers.csv).
#include "mqttgw/ha_entities.h"

#include "catalog/catalog.h"
#include "venus/item_text.h"
#include "venus/path_table.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <span>
#include <variant>

namespace vreglink::mqttgw {
namespace {

enum class RowKind : std::uint8_t {
    Measurement,  // sensor, state_class measurement
    Total,        // sensor, state_class total_increasing (energy counters, cycles)
    Enum,         // enum sensor; select when writable
    OnOff,        // binary_sensor; switch when writable
    Problem,      // binary_sensor "problem"
    Text,         // sensor showing the item's text (firmware "1.61")
    Setting,      // number when writable (charge current limit), else a measurement
};

using C = HaCategory;
using K = RowKind;

struct Row {
    std::string_view path;
    std::string_view name;
    RowKind kind = K::Measurement;
    std::string_view unit{};
    std::string_view deviceClass{};
    int precision = -1;
    HaCategory category = C::None;
    std::uint16_t enumVreg = 0;  // Enum rows: the register whose catalog labels name the values
};

constexpr std::uint16_t kDeviceMode = 0x0200;
constexpr std::uint16_t kDeviceState = 0x0201;
constexpr std::uint16_t kChargerError = 0xEDDA;
constexpr std::uint16_t kTrackerMode = 0xEDB3;

// clang-format off
// §2.7. /Yield/User is the total yield (TEXT H19, 0xEDDC), /History/Daily/0 is today.
constexpr std::array kSolarCharger{
    Row{"/Dc/0/Voltage", "Battery voltage", K::Measurement, "V", "voltage", 2},
    Row{"/Dc/0/Current", "Battery current", K::Measurement, "A", "current", 1},
    Row{"/Pv/V", "PV voltage", K::Measurement, "V", "voltage", 2},
    Row{"/Yield/Power", "PV power", K::Measurement, "W", "power", 0},
    Row{"/History/Daily/0/Yield", "Yield today", K::Total, "kWh", "energy", 2},
    Row{"/Yield/User", "Yield total", K::Total, "kWh", "energy", 2},
    Row{"/State", "State", K::Enum, {}, {}, -1, C::None, kDeviceState},
    Row{"/Mode", "Mode", K::Enum, {}, {}, -1, C::None, kDeviceMode},
    Row{"/Load/State", "Load output", K::OnOff, {}, "power"},
    Row{"/Relay/0/State", "Relay", K::OnOff},
    Row{"/Settings/ChargeCurrentLimit", "Charge current limit", K::Setting, "A", "current", 1,
        C::Config},
    Row{"/ErrorCode", "Error", K::Enum, {}, {}, -1, C::Diagnostic, kChargerError},
    Row{"/MppOperationMode", "Tracker mode", K::Enum, {}, {}, -1, C::Diagnostic, kTrackerMode},
};
// §2.8: SI units, energy in kWh, temperature in °C; /TimeToGo in s (invalid when idle).
constexpr std::array kBattery{
    Row{"/Dc/0/Voltage", "Voltage", K::Measurement, "V", "voltage", 2},
    Row{"/Dc/0/Current", "Current", K::Measurement, "A", "current", 2},
    Row{"/Dc/0/Power", "Power", K::Measurement, "W", "power", 0},
    Row{"/Soc", "State of charge", K::Measurement, "%", "battery", 1},
    Row{"/ConsumedAmphours", "Consumed", K::Measurement, "Ah", {}, 1},
    Row{"/TimeToGo", "Time to go", K::Measurement, "s", "duration", 0},
    Row{"/Dc/0/Temperature", "Temperature", K::Measurement, "°C", "temperature", 1},
    Row{"/Dc/1/Voltage", "Starter voltage", K::Measurement, "V", "voltage", 2},
    Row{"/Dc/0/MidVoltage", "Mid-point voltage", K::Measurement, "V", "voltage", 2},
    Row{"/Dc/0/MidVoltageDeviation", "Mid-point deviation", K::Measurement, "%", {}, 1},
    Row{"/Alarms/Alarm", "Alarm", K::Problem, {}, "problem"},
    Row{"/Relay/0/State", "Relay", K::OnOff},
    Row{"/History/ChargedEnergy", "Charged energy", K::Total, "kWh", "energy", 2},
    Row{"/History/DischargedEnergy", "Discharged energy", K::Total, "kWh", "energy", 2},
    Row{"/History/ChargeCycles", "Charge cycles", K::Total, {}, {}, 0, C::Diagnostic},
    Row{"/History/TimeSinceLastFullCharge", "Time since last full charge", K::Measurement, "s",
        "duration", 0, C::Diagnostic},
};
// Phoenix inverter (inverter_paths.cpp).
constexpr std::array kInverter{
    Row{"/Dc/0/Voltage", "DC voltage", K::Measurement, "V", "voltage", 2},
    Row{"/Ac/Out/L1/V", "AC output voltage", K::Measurement, "V", "voltage", 1},
    Row{"/Ac/Out/L1/I", "AC output current", K::Measurement, "A", "current", 1},
    Row{"/Ac/Out/L1/P", "AC output power", K::Measurement, "W", "power", 0},
    Row{"/Ac/Out/L1/S", "AC output apparent power", K::Measurement, "VA", "apparent_power", 0},
    Row{"/State", "State", K::Enum, {}, {}, -1, C::None, kDeviceState},
    Row{"/Mode", "Mode", K::Enum, {}, {}, -1, C::None, kDeviceMode},
    Row{"/Alarms/LowVoltage", "Low voltage alarm", K::Problem, {}, "problem", -1, C::Diagnostic},
    Row{"/Alarms/Overload", "Overload alarm", K::Problem, {}, "problem", -1, C::Diagnostic},
};
// Orion DC-DC and chargers (Venus dcdc / charger services): no path tables yet, so only what
// their trees will have is used.
constexpr std::array kDcdcOrCharger{
    Row{"/Dc/In/V", "Input voltage", K::Measurement, "V", "voltage", 2},
    Row{"/Dc/In/P", "Input power", K::Measurement, "W", "power", 0},
    Row{"/Ac/In/L1/I", "AC input current", K::Measurement, "A", "current", 1},
    Row{"/Dc/0/Voltage", "Battery voltage", K::Measurement, "V", "voltage", 2},
    Row{"/Dc/0/Current", "Battery current", K::Measurement, "A", "current", 1},
    Row{"/Dc/0/Temperature", "Temperature", K::Measurement, "°C", "temperature", 1},
    Row{"/State", "State", K::Enum, {}, {}, -1, C::None, kDeviceState},
    Row{"/Mode", "Mode", K::Enum, {}, {}, -1, C::None, kDeviceMode},
    Row{"/Settings/ChargeCurrentLimit", "Charge current limit", K::Setting, "A", "current", 1,
        C::Config},
    Row{"/ErrorCode", "Error", K::Enum, {}, {}, -1, C::Diagnostic, kChargerError},
};
// Every device (mandatory paths, §2.5).
constexpr std::array kCommon{
    Row{"/FirmwareVersion", "Firmware", K::Text, {}, {}, -1, C::Diagnostic},
};
// clang-format on

std::span<const Row> rowsOf(std::string_view type) {
    if (type == "solarcharger") return kSolarCharger;
    if (type == "battery") return kBattery;
    if (type == "inverter") return kInverter;
    if (type == "dcdc" || type == "charger") return kDcdcOrCharger;
    return {};
}

// The raw values the publisher accepts for a writable enum path (solarcharger /Mode: 1 on,
// 4 off), so a select offers only what a write can succeed with; empty = all labels.
std::span<const std::int64_t> acceptedValues(std::string_view type, std::string_view path) {
    std::span<const venus::PathSpec> specs;
    if (type == "solarcharger") specs = venus::solarChargerPaths();
    if (type == "battery") specs = venus::batteryPaths();
    if (type == "inverter") specs = venus::inverterPaths();
    for (const auto& spec : specs) {
        if (spec.path == path) return spec.accepted;
    }
    return {};
}

std::vector<catalog::EnumLabel> optionsOf(std::uint16_t vreg, std::span<const std::int64_t> only) {
    std::vector<catalog::EnumLabel> out;
    const auto* info = catalog::Catalog::builtin().find(VregId(vreg));
    if (info == nullptr || info->bitmask) return out;
    for (const auto& label : info->labels) {
        if (only.empty() || std::find(only.begin(), only.end(), label.value) != only.end()) {
            out.push_back(label);
        }
    }
    return out;
}

double maxChargeCurrent(const venus::ItemTree& tree, const venus::Item& item) {
    // The product name tells the rating of MPPTs ("…|20"); otherwise allow what it is set to now
    // and a generous margin, the device refusing what it cannot do (§2.2 SetValue 2).
    if (const auto* name = tree.find("/ProductName")) {
        if (const auto* text = std::get_if<std::string>(&name->value)) {
            if (const double rated = ratedChargeCurrent(*text); rated > 0) return rated;
        }
    }
    return std::max(100.0, venus::numberOf(item.value).value_or(0.0));
}

HaEntity makeEntity(const Row& row, std::string_view type, const venus::Item& item,
                    const venus::ItemTree& tree, bool controls) {
    HaEntity e;
    e.path = std::string(row.path);
    e.objectId = haObjectId(row.path);
    e.name = std::string(row.name);
    e.unit = std::string(row.unit);
    e.deviceClass = std::string(row.deviceClass);
    e.category = row.category;
    e.displayPrecision = row.precision;
    const bool writable = controls && static_cast<bool>(item.onWrite);
    switch (row.kind) {
        case K::Measurement:
        case K::Total:
            e.stateClass = row.kind == K::Total ? "total_increasing" : "measurement";
            break;
        case K::Enum:
            e.format = HaStateFormat::EnumLabel;
            if (writable) {
                e.component = HaComponent::Select;
                e.options = optionsOf(row.enumVreg, acceptedValues(type, row.path));
            } else {
                e.deviceClass = "enum";  // HA: the state is one of `options`
                e.options = optionsOf(row.enumVreg, {});
            }
            break;
        case K::OnOff:
            e.format = HaStateFormat::OnOff;
            e.component = writable ? HaComponent::Switch : HaComponent::BinarySensor;
            if (writable) e.deviceClass = "switch";
            break;
        case K::Problem:
            e.format = HaStateFormat::Problem;
            e.component = HaComponent::BinarySensor;
            break;
        case K::Text:
            e.format = HaStateFormat::Text;
            break;
        case K::Setting:
            if (writable) {
                e.component = HaComponent::Number;
                e.min = 0;
                e.max = maxChargeCurrent(tree, item);
                e.step = 0.1;  // 0xEDF0 is in 0.1 A
            } else {
                e.stateClass = "measurement";
            }
            break;
    }
    return e;
}

}  // namespace

const char* componentName(HaComponent component) {
    switch (component) {
        case HaComponent::Sensor:
            return "sensor";
        case HaComponent::BinarySensor:
            return "binary_sensor";
        case HaComponent::Number:
            return "number";
        case HaComponent::Select:
            return "select";
        case HaComponent::Switch:
            return "switch";
    }
    return "sensor";
}

std::string haObjectId(std::string_view path) {
    std::string out;
    for (const char c : path) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u)) {
            out += static_cast<char>(std::tolower(u));
        } else if (!out.empty() && out.back() != '_') {
            out += '_';
        }
    }
    while (!out.empty() && out.back() == '_') out.pop_back();
    return out;
}

double ratedChargeCurrent(std::string_view productName) {
    const auto bar = productName.rfind('|');
    if (bar == std::string_view::npos) return 0;
    double rated = 0;
    for (std::size_t i = bar + 1; i < productName.size(); ++i) {
        const char c = productName[i];
        if (c < '0' || c > '9') break;
        rated = rated * 10 + (c - '0');
    }
    return rated;
}

std::vector<HaEntity> haEntitiesFor(std::string_view type, const venus::ItemTree& tree,
                                    bool controls) {
    std::vector<HaEntity> out;
    for (const auto rows : {rowsOf(type), std::span<const Row>(kCommon)}) {
        for (const Row& row : rows) {
            if (const auto* item = tree.find(row.path)) {
                out.push_back(makeEntity(row, type, *item, tree, controls));
            }
        }
    }
    return out;
}

}  // namespace vreglink::mqttgw
