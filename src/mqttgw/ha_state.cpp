// The values of a device's Home Assistant state topic (declared in ha_entities.h): one JSON
// object keyed by object id, each value as its entity's HaStateFormat says; null for invalid, as
// Venus N topics do (venus-dbus-mqtt.md §4.3), which HA shows as "unknown". Reuses the Venus value
// encoder (value_payload.h).
#include "mqttgw/ha_entities.h"
#include "mqttgw/value_payload.h"
#include "venus/item_text.h"

namespace vreglink::mqttgw {

void appendHaStateValue(std::string& out, const HaEntity& entity, const venus::Item* item) {
    if (item == nullptr || !venus::isValid(item->value)) {
        out += "null";
        return;
    }
    const auto number = venus::numberOf(item->value);
    switch (entity.format) {
        case HaStateFormat::Number:
            if (number) return appendJsonValue(out, item->value);
            break;
        case HaStateFormat::Text:
            return appendJsonString(out, venus::textOf(*item));
        case HaStateFormat::EnumLabel:
            if (number) {
                const auto raw = static_cast<std::int64_t>(*number);
                for (const auto& option : entity.options) {
                    if (option.value == raw) return appendJsonString(out, option.label);
                }
            }
            break;
        case HaStateFormat::OnOff:
            if (number) return appendJsonString(out, *number == 1 ? "ON" : "OFF");
            break;
        case HaStateFormat::Problem:
            if (number) return appendJsonString(out, *number != 0 ? "ON" : "OFF");
            break;
    }
    out += "null";
}

std::string encodeHaState(const std::vector<HaEntity>& entities, const venus::ItemTree& tree) {
    std::string out = "{";
    for (const auto& entity : entities) {
        if (out.size() > 1) out += ',';
        appendJsonString(out, entity.objectId);
        out += ':';
        appendHaStateValue(out, entity, tree.find(entity.path));
    }
    out += '}';
    return out;
}

}  // namespace vreglink::mqttgw
