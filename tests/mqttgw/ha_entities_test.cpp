// The Home Assistant entity tables and payloads alone (issue 6 item 4), on hand-built item trees:
// which entities a device gets, controls only where an item is writable, the state JSON values,
// and the discovery JSON of each platform.
#include "mqttgw/ha_entities.h"
#include "mqttgw/ha_discovery.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace vreglink::mqttgw {
namespace {

using json = nlohmann::json;

void okWrite(const venus::ItemValue&, std::function<void(venus::SetResult)> done) {
    done(venus::SetResult::Ok);
}

const HaEntity* entityAt(const std::vector<HaEntity>& entities, std::string_view path) {
    const auto it = std::find_if(entities.begin(), entities.end(),
                                 [&](const HaEntity& e) { return e.path == path; });
    return it == entities.end() ? nullptr : &*it;
}

TEST(HaEntities, ObjectIdsAndRatedCurrent) {
    EXPECT_EQ(haObjectId("/Dc/0/Voltage"), "dc_0_voltage");
    EXPECT_EQ(haObjectId("/Settings/ChargeCurrentLimit"), "settings_chargecurrentlimit");
    EXPECT_EQ(haObjectId("/History/Daily/0/Yield"), "history_daily_0_yield");
    EXPECT_EQ(ratedChargeCurrent("SmartSolar MPPT 100|20"), 20.0);
    EXPECT_EQ(ratedChargeCurrent("SmartSolar MPPT 250|100 rev2"), 100.0);
    EXPECT_EQ(ratedChargeCurrent("BMV-712 Smart"), 0.0);
}

TEST(HaEntities, OnlyPathsTheTreeHas) {
    venus::ItemTree tree;
    tree.add("/Dc/0/Voltage", 12.8, "12.80V");
    tree.add("/State", std::int32_t{3}, "3");
    const auto entities = haEntitiesFor("solarcharger", tree);
    ASSERT_EQ(entities.size(), 2u);
    EXPECT_EQ(entities[0].path, "/Dc/0/Voltage");
    EXPECT_EQ(entities[0].component, HaComponent::Sensor);
    EXPECT_EQ(entities[0].unit, "V");
    EXPECT_EQ(entities[0].deviceClass, "voltage");
    EXPECT_EQ(entities[0].stateClass, "measurement");
    EXPECT_EQ(entities[1].deviceClass, "enum");
    EXPECT_TRUE(haEntitiesFor("unknowntype", tree).empty());
}

TEST(HaEntities, WritableItemsBecomeControls) {
    venus::ItemTree tree;
    tree.add("/ProductName", std::string("SmartSolar MPPT 100|30"), "");
    tree.add("/Mode", std::int32_t{1}, "1", okWrite);
    tree.add("/Settings/ChargeCurrentLimit", 20.0, "20.0A", okWrite);
    tree.add("/Relay/0/State", std::int32_t{0}, "0");  // read-only
    const auto entities = haEntitiesFor("solarcharger", tree);
    const auto* mode = entityAt(entities, "/Mode");
    ASSERT_NE(mode, nullptr);
    EXPECT_EQ(mode->component, HaComponent::Select);
    ASSERT_EQ(mode->options.size(), 2u);  // solarcharger /Mode accepts 1 and 4 only
    EXPECT_EQ(mode->options[0].label, "on");
    EXPECT_EQ(mode->options[1].value, 4);
    const auto* limit = entityAt(entities, "/Settings/ChargeCurrentLimit");
    ASSERT_NE(limit, nullptr);
    EXPECT_EQ(limit->component, HaComponent::Number);
    EXPECT_EQ(limit->max, 30.0);
    EXPECT_EQ(limit->category, HaCategory::Config);
    const auto* relay = entityAt(entities, "/Relay/0/State");
    ASSERT_NE(relay, nullptr);
    EXPECT_EQ(relay->component, HaComponent::BinarySensor);

    // The same paths read-only: sensors; an inverter's writable /Mode offers its own modes.
    venus::ItemTree readOnly;
    readOnly.add("/Mode", std::int32_t{1}, "1");
    readOnly.add("/Settings/ChargeCurrentLimit", 20.0, "20.0A");
    const auto sensors = haEntitiesFor("solarcharger", readOnly);
    EXPECT_EQ(entityAt(sensors, "/Mode")->component, HaComponent::Sensor);
    EXPECT_GT(entityAt(sensors, "/Mode")->options.size(), 2u);
    EXPECT_EQ(entityAt(sensors, "/Settings/ChargeCurrentLimit")->component, HaComponent::Sensor);
    venus::ItemTree inverter;
    inverter.add("/Mode", std::int32_t{2}, "2", okWrite);
    const auto inverterEntities = haEntitiesFor("inverter", inverter);
    ASSERT_EQ(inverterEntities.size(), 1u);
    EXPECT_EQ(inverterEntities[0].options.size(), 4u);  // inverter_on, device_on, off, eco
}

TEST(HaEntities, StateJsonValues) {
    venus::ItemTree tree;
    tree.add("/Dc/0/Voltage", 12.8, "12.80V");
    tree.add("/Dc/0/Current", venus::Invalid{}, "---");
    tree.add("/State", std::int32_t{5}, "5");
    tree.add("/MppOperationMode", std::int32_t{99}, "99");  // no label: null
    tree.add("/Load/State", std::int32_t{0}, "0");
    tree.add("/Relay/0/State", std::int32_t{1}, "1");
    tree.add("/FirmwareVersion", std::int32_t{0x161}, "1.61");
    const auto entities = haEntitiesFor("solarcharger", tree);
    const auto state = json::parse(encodeHaState(entities, tree), nullptr, false);
    ASSERT_FALSE(state.is_discarded());
    EXPECT_DOUBLE_EQ(state["dc_0_voltage"].get<double>(), 12.8);
    EXPECT_TRUE(state["dc_0_current"].is_null());
    EXPECT_EQ(state["state"], "float");
    EXPECT_TRUE(state["mppoperationmode"].is_null());
    EXPECT_EQ(state["load_state"], "OFF");
    EXPECT_EQ(state["relay_0_state"], "ON");
    EXPECT_EQ(state["firmwareversion"], "1.61");
    EXPECT_EQ(state.size(), entities.size());

    venus::ItemTree battery;
    battery.add("/Alarms/Alarm", std::int32_t{2}, "2");
    battery.add("/Soc", 87.5, "87.5%");
    const auto batteryEntities = haEntitiesFor("battery", battery);
    const auto b = json::parse(encodeHaState(batteryEntities, battery), nullptr, false);
    EXPECT_EQ(b["alarms_alarm"], "ON");  // 2 = alarm: a problem
    EXPECT_DOUBLE_EQ(b["soc"].get<double>(), 87.5);
}

TEST(HaDiscovery, TopicsAndDeviceInfo) {
    const auto t = haTopics("c0ffee", "battery", 289);
    EXPECT_EQ(t.nodeId, "vreglink_c0ffee_battery_289");
    EXPECT_EQ(t.entityBase, "battery_289");
    EXPECT_EQ(t.state, "vreglink/c0ffee/battery/289/state");
    EXPECT_EQ(t.availability, "vreglink/c0ffee/battery/289/availability");
    EXPECT_EQ(t.daemonStatus, "vreglink/c0ffee/status");
    EXPECT_EQ(t.writePrefix, "W/c0ffee/battery/289");

    venus::ItemTree tree;
    tree.add("/ProductName", std::string("BMV-712 Smart"), "BMV-712 Smart");
    tree.add("/CustomName", std::string(""), "");
    tree.add("/FirmwareVersion", venus::Invalid{}, "---");
    const venus::PublishedDevice device{"com.victronenergy.battery.tty_ttyUSB1", "battery", 289,
                                        &tree, nullptr};
    auto info = haDeviceInfo(device, "c0ffee");
    EXPECT_EQ(info.name, "BMV-712 Smart");
    EXPECT_EQ(info.identifier, "vreglink_c0ffee_com_victronenergy_battery_tty_ttyUSB1");
    EXPECT_TRUE(info.swVersion.empty());
    tree.update("/CustomName", std::string("House bank"), "House bank");
    tree.add("/Serial", std::string("HQ2045XYZ12"), "");
    info = haDeviceInfo(device, "c0ffee");
    EXPECT_EQ(info.name, "House bank");
    EXPECT_EQ(info.identifier, "vreglink_c0ffee_HQ2045XYZ12");
}

TEST(HaDiscovery, ControlConfigs) {
    venus::ItemTree tree;
    tree.add("/Mode", std::int32_t{1}, "1", okWrite);
    tree.add("/Relay/0/State", std::int32_t{0}, "0", okWrite);
    const auto entities = haEntitiesFor("solarcharger", tree);
    const auto topics = haTopics("c0ffee", "solarcharger", 288);
    HaDeviceInfo info;
    info.identifier = "vreglink_c0ffee_HQ1";
    info.name = "MPPT";
    const auto* mode = entityAt(entities, "/Mode");
    ASSERT_NE(mode, nullptr);
    EXPECT_EQ(haConfigTopic("homeassistant", topics, *mode),
              "homeassistant/select/vreglink_c0ffee_solarcharger_288/mode/config");
    const auto select = json::parse(encodeHaConfig(*mode, info, topics), nullptr, false);
    ASSERT_FALSE(select.is_discarded());
    EXPECT_EQ(select["command_template"],
              "{% set v = {\"on\": 1, \"off\": 4} %}{\"value\": {{ v[value] }}}");
    EXPECT_EQ(select["default_entity_id"], "select.solarcharger_288_mode");
    EXPECT_EQ(select["device"]["name"], "MPPT");
    EXPECT_FALSE(select["device"].contains("serial_number"));  // unknown: left out
    const auto* relay = entityAt(entities, "/Relay/0/State");
    ASSERT_NE(relay, nullptr);
    EXPECT_EQ(relay->component, HaComponent::Switch);
    const auto sw = json::parse(encodeHaConfig(*relay, info, topics), nullptr, false);
    EXPECT_EQ(sw["payload_on"], "{\"value\": 1}");
    EXPECT_EQ(sw["payload_off"], "{\"value\": 0}");
    EXPECT_EQ(sw["command_topic"], "W/c0ffee/solarcharger/288/Relay/0/State");
    // A name with invalid UTF-8 (a device's custom name bytes) gives valid JSON, never a throw.
    info.name = std::string("Roof\xff");
    const auto replaced = json::parse(encodeHaConfig(*relay, info, topics), nullptr, false);
    EXPECT_FALSE(replaced.is_discarded());
}

}  // namespace
}  // namespace vreglink::mqttgw
