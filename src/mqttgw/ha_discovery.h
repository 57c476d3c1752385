// Home Assistant MQTT discovery messages for one device (issue 6 item 4), in the format of
// https://www.home-assistant.io/integrations/mqtt/ "MQTT Discovery": the config topic
// <prefix>/<component>/<node_id>/<object_id>/config and its JSON (name, unique_id, state_topic,
// value_template, units and classes, the device block, availability on the daemon and the device
// topic with availability_mode "all", origin), commands going to the Venus W topic of the path
// with {"value": …} (venus-dbus-mqtt.md §4.2/§4.3) so that they obey the SetValue rules. Pure.
#pragma once

#include "mqttgw/ha_entities.h"
#include "venus/device_directory.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace vreglink::mqttgw {

// The topics of one device. The state and availability topics are vreglink's own, retained:
// Venus N topics are not retained and only flow while a client sends keep-alives (§4.4).
struct HaTopics {
    std::string nodeId;        // "vreglink_<portal>_<type>_<instance>" (discovery node_id)
    std::string entityBase;    // "<type>_<instance>": default entity ids start with it
    std::string state;         // "vreglink/<portal>/<type>/<instance>/state"
    std::string availability;  // "vreglink/<portal>/<type>/<instance>/availability"
    std::string daemonStatus;  // "vreglink/<portal>/status"
    std::string writePrefix;   // "W/<portal>/<type>/<instance>": + path = command topic
};
HaTopics haTopics(std::string_view portalId, std::string_view type, std::int32_t instance);
// "vreglink/<portal>/status": "online" retained while the daemon is connected, "offline" as its
// MQTT will.
std::string haDaemonStatusTopic(std::string_view portalId);

// What HA's device registry shows, read from the mandatory paths (§2.5).
struct HaDeviceInfo {
    std::string identifier;  // "vreglink_<portal>_<serial>" (service name when no serial)
    std::string name;        // /CustomName, else /ProductName, else "<type> <instance>"
    std::string model;       // /ProductName
    std::string modelId;     // /ProductId text ("0xA060")
    std::string swVersion;   // /FirmwareVersion text ("1.61")
    std::string serial;      // /Serial
};
HaDeviceInfo haDeviceInfo(const venus::PublishedDevice& device, std::string_view portalId);

// "<prefix>/<component>/<node_id>/<object_id>/config".
std::string haConfigTopic(std::string_view prefix, const HaTopics& topics, const HaEntity& entity);
// The discovery JSON of one entity (compact; invalid UTF-8 in names is replaced, never thrown).
std::string encodeHaConfig(const HaEntity& entity, const HaDeviceInfo& device,
                           const HaTopics& topics);

}  // namespace vreglink::mqttgw
