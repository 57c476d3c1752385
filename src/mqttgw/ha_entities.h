// Which Home Assistant entities a published device gets (issue 6 item 4), built from its Venus
// type and item tree: the main values as sensors with units and device classes, and the settings
// people change as number/select/switch — only for paths the tree really has, and controls only
// where the item is writable (a WriteHandler, the same rule as D-Bus SetValue, §2.2). Also the
// per-entity value of the device's JSON state topic. Pure: no transport, no clock.
#pragma once

#include "catalog/register_info.h"
#include "venus/item_tree.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vreglink::mqttgw {

// The HA MQTT platforms used (https://www.home-assistant.io/integrations/mqtt/ "Discovery").
enum class HaComponent : std::uint8_t { Sensor, BinarySensor, Number, Select, Switch };
const char* componentName(HaComponent component);  // "sensor", "binary_sensor", …

// How an entity's item appears in the state JSON.
enum class HaStateFormat : std::uint8_t {
    Number,     // the value as it is (12.8, 3); strings and invalid -> null
    Text,       // the item's GetText ("1.61" for /FirmwareVersion); invalid -> null
    EnumLabel,  // the catalog label of the integer ("bulk"); unknown or invalid -> null
    OnOff,      // 1 -> "ON", other integers -> "OFF" (relay, load output); invalid -> null
    Problem,    // non-zero -> "ON" (an alarm is a problem), 0 -> "OFF"; invalid -> null
};

enum class HaCategory : std::uint8_t { None, Diagnostic, Config };

struct HaEntity {
    HaComponent component = HaComponent::Sensor;
    std::string path;      // "/Dc/0/Voltage"
    std::string objectId;  // "dc_0_voltage": from the path, unique in the device, stable
    std::string name;      // "Battery voltage"
    std::string unit;      // HA unit_of_measurement ("V", "kWh", "°C"); empty = none
    std::string deviceClass;
    std::string stateClass;  // "measurement", "total_increasing", empty
    HaCategory category = HaCategory::None;
    int displayPrecision = -1;  // suggested_display_precision; -1 = none
    HaStateFormat format = HaStateFormat::Number;
    // Enum sensors and selects: the values and their catalog labels (HA options).
    std::vector<catalog::EnumLabel> options;
    // Numbers: range and step in the Venus unit.
    double min = 0;
    double max = 0;
    double step = 1;
};

// The entities of a device of `type` ("solarcharger", "battery", "inverter", "dcdc", "charger";
// others get the common ones only), in table order. With `controls` false, writable paths are
// shown as sensors too (nothing would handle the commands: the daemon without Venus W topics).
std::vector<HaEntity> haEntitiesFor(std::string_view type, const venus::ItemTree& tree,
                                    bool controls = true);

// "/Dc/0/Voltage" -> "dc_0_voltage" (lower case, [a-z0-9_] only).
std::string haObjectId(std::string_view path);

// The rated charge current in a product name ("SmartSolar MPPT 100|20" -> 20): the number after
// the last '|'. 0 when the name has none.
double ratedChargeCurrent(std::string_view productName);

// Appends the JSON value of `entity` for the state topic (see HaStateFormat); null when the
// item is missing.
void appendHaStateValue(std::string& out, const HaEntity& entity, const venus::Item* item);
// {"dc_0_voltage":12.8,"state":"bulk",…}: every entity of the device, keyed by object id.
std::string encodeHaState(const std::vector<HaEntity>& entities, const venus::ItemTree& tree);

}  // namespace vreglink::mqttgw
