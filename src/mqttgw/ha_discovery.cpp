// Discovery JSON per entity (https://www.home-assistant.io/integrations/mqtt/ "MQTT Discovery",
// and the sensor, binary_sensor, number, select and switch MQTT platform pages). Built with
// nlohmann (configs are few and small); the state JSON is hand-encoded in ha_entities.cpp.
#include "mqttgw/ha_discovery.h"

#include "mqttgw/value_payload.h"
#include "venus/item_text.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <variant>

namespace vreglink::mqttgw {
namespace {

using json = nlohmann::ordered_json;

// Discovery ids allow [a-zA-Z0-9_-] only (node_id, object_id): anything else becomes '_'.
std::string idSafe(std::string_view text) {
    std::string out;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        out += (std::isalnum(u) || c == '_' || c == '-') ? c : '_';
    }
    return out;
}

std::string stringAt(const venus::ItemTree& tree, std::string_view path) {
    const auto* item = tree.find(path);
    if (item == nullptr) return {};
    if (const auto* s = std::get_if<std::string>(&item->value)) return *s;
    return {};
}

std::string textAt(const venus::ItemTree& tree, std::string_view path) {
    const auto* item = tree.find(path);
    if (item == nullptr || !venus::isValid(item->value)) return {};
    return venus::textOf(*item);
}

const char* categoryName(HaCategory category) {
    switch (category) {
        case HaCategory::Diagnostic:
            return "diagnostic";
        case HaCategory::Config:
            return "config";
        case HaCategory::None:
            break;
    }
    return nullptr;
}

// HA renders "None" (a JSON null in value_json) as the unknown state of sensors, binary sensors,
// numbers and selects, which is what an invalid Venus value is.
std::string valueTemplate(const HaEntity& entity) {
    return "{{ value_json." + entity.objectId + " }}";
}

// A select sends the chosen label; the Venus write wants the raw value (§4.3 {"value": 4}).
std::string selectCommandTemplate(const HaEntity& entity) {
    std::string map = "{% set v = {";
    for (std::size_t i = 0; i < entity.options.size(); ++i) {
        if (i > 0) map += ", ";
        appendJsonString(map, entity.options[i].label);
        map += ": " + std::to_string(entity.options[i].value);
    }
    return map + "} %}{\"value\": {{ v[value] }}}";
}

json optionLabels(const HaEntity& entity) {
    json out = json::array();
    for (const auto& option : entity.options) out.push_back(option.label);
    return out;
}

}  // namespace

std::string haDaemonStatusTopic(std::string_view portalId) {
    return "vreglink/" + std::string(portalId) + "/status";
}

HaTopics haTopics(std::string_view portalId, std::string_view type, std::int32_t instance) {
    const std::string portal(portalId);
    const std::string device = std::string(type) + "/" + std::to_string(instance);
    HaTopics t;
    t.nodeId =
        idSafe("vreglink_" + portal + "_" + std::string(type) + "_" + std::to_string(instance));
    t.entityBase = idSafe(std::string(type) + "_" + std::to_string(instance));
    t.state = "vreglink/" + portal + "/" + device + "/state";
    t.availability = "vreglink/" + portal + "/" + device + "/availability";
    t.daemonStatus = haDaemonStatusTopic(portalId);
    t.writePrefix = "W/" + portal + "/" + device;
    return t;
}

HaDeviceInfo haDeviceInfo(const venus::PublishedDevice& device, std::string_view portalId) {
    HaDeviceInfo info;
    const std::string fallback = device.type + " " + std::to_string(device.instance);
    if (device.tree != nullptr) {
        const auto& tree = *device.tree;
        info.serial = stringAt(tree, "/Serial");
        info.model = stringAt(tree, "/ProductName");
        info.modelId = textAt(tree, "/ProductId");
        info.swVersion = textAt(tree, "/FirmwareVersion");
        info.name = stringAt(tree, "/CustomName");
    }
    if (info.name.empty()) info.name = info.model.empty() ? fallback : info.model;
    // Stable across restarts and instance changes: the serial; the service name (the port) when
    // the device does not tell its serial.
    info.identifier = idSafe("vreglink_" + std::string(portalId) + "_" +
                             (info.serial.empty() ? device.serviceName : info.serial));
    return info;
}

std::string haConfigTopic(std::string_view prefix, const HaTopics& topics, const HaEntity& entity) {
    return std::string(prefix) + "/" + componentName(entity.component) + "/" + topics.nodeId + "/" +
           entity.objectId + "/config";
}

std::string encodeHaConfig(const HaEntity& entity, const HaDeviceInfo& device,
                           const HaTopics& topics) {
    json c;
    c["name"] = entity.name;
    c["unique_id"] = device.identifier + "_" + entity.objectId;
    // "sensor.solarcharger_288_dc_0_voltage": predictable for automations. HA 2025.10 replaced
    // "object_id" with "default_entity_id" (object_id stopped working in 2026.4); older versions
    // drop unknown keys from discovery payloads.
    c["default_entity_id"] = std::string(componentName(entity.component)) + "." +
                             topics.entityBase + "_" + entity.objectId;
    c["state_topic"] = topics.state;
    c["value_template"] = valueTemplate(entity);
    c["availability"] =
        json::array({{{"topic", topics.daemonStatus}}, {{"topic", topics.availability}}});
    c["availability_mode"] = "all";  // unavailable when the daemon or the device is offline
    if (!entity.unit.empty()) c["unit_of_measurement"] = entity.unit;
    if (!entity.deviceClass.empty()) c["device_class"] = entity.deviceClass;
    if (!entity.stateClass.empty()) c["state_class"] = entity.stateClass;
    if (entity.displayPrecision >= 0 && entity.component == HaComponent::Sensor) {
        c["suggested_display_precision"] = entity.displayPrecision;
    }
    if (const char* category = categoryName(entity.category)) c["entity_category"] = category;
    const std::string commandTopic = topics.writePrefix + entity.path;
    switch (entity.component) {
        case HaComponent::Sensor:
            if (entity.deviceClass == "enum") c["options"] = optionLabels(entity);
            break;
        case HaComponent::BinarySensor:
            c["payload_on"] = "ON";
            c["payload_off"] = "OFF";
            break;
        case HaComponent::Number:
            c["command_topic"] = commandTopic;
            c["command_template"] = "{\"value\": {{ value }}}";
            c["min"] = entity.min;
            c["max"] = entity.max;
            c["step"] = entity.step;
            c["mode"] = "box";
            break;
        case HaComponent::Select:
            c["command_topic"] = commandTopic;
            c["command_template"] = selectCommandTemplate(entity);
            c["options"] = optionLabels(entity);
            break;
        case HaComponent::Switch:
            c["command_topic"] = commandTopic;
            c["payload_on"] = "{\"value\": 1}";
            c["payload_off"] = "{\"value\": 0}";
            c["state_on"] = "ON";
            c["state_off"] = "OFF";
            break;
    }
    // §4.2: W requests are never retained (a retained write would repeat after every reconnect).
    if (c.contains("command_topic")) c["retain"] = false;
    json d;
    d["identifiers"] = json::array({device.identifier});
    d["name"] = device.name;
    d["manufacturer"] = "Victron Energy";
    if (!device.model.empty()) d["model"] = device.model;
    if (!device.modelId.empty()) d["model_id"] = device.modelId;
    if (!device.swVersion.empty()) d["sw_version"] = device.swVersion;
    if (!device.serial.empty()) d["serial_number"] = device.serial;
    c["device"] = std::move(d);
    c["origin"] = {{"name", "vreglink"}};
    return c.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace vreglink::mqttgw
