// HomeAssistantDiscovery on a FakeTransport (issue 6 item 4): discovery configs, the JSON state
// topic and its rate limit, availability of the daemon and of each device, and publishing again
// on reconnect and on Home Assistant's birth message.
#include "home_assistant_fixture.h"

#include "venus/mandatory_paths.h"

#include <set>

namespace vreglink::mqttgw {
namespace {

using json = nlohmann::json;

TEST_F(HomeAssistantTest, SensorConfigCarriesUnitClassTopicsDeviceAndAvailability) {
    start();
    const json c = lastJson(configTopic("sensor", kChargerNode, "dc_0_voltage"));
    ASSERT_TRUE(c.is_object());
    EXPECT_EQ(c["name"], "Battery voltage");
    EXPECT_EQ(c["unique_id"], "vreglink_c0619ab9929a_HQ2212ABCDE_dc_0_voltage");
    EXPECT_EQ(c["default_entity_id"], "sensor.solarcharger_288_dc_0_voltage");
    EXPECT_EQ(c["state_topic"], kChargerState);
    EXPECT_EQ(c["value_template"], "{{ value_json.dc_0_voltage }}");
    EXPECT_EQ(c["unit_of_measurement"], "V");
    EXPECT_EQ(c["device_class"], "voltage");
    EXPECT_EQ(c["state_class"], "measurement");
    EXPECT_FALSE(c.contains("entity_category"));
    EXPECT_EQ(c["availability_mode"], "all");
    ASSERT_EQ(c["availability"].size(), 2u);
    EXPECT_EQ(c["availability"][0]["topic"], kDaemonStatus);
    EXPECT_EQ(c["availability"][1]["topic"], kChargerAvailability);
    const json& d = c["device"];
    EXPECT_EQ(d["identifiers"], json::array({"vreglink_c0619ab9929a_HQ2212ABCDE"}));
    EXPECT_EQ(d["name"], "SmartSolar MPPT 100|20");  // no CustomName yet
    EXPECT_EQ(d["manufacturer"], "Victron Energy");
    EXPECT_EQ(d["model"], "SmartSolar MPPT 100|20");
    EXPECT_EQ(d["sw_version"], "1.61");
    EXPECT_EQ(d["serial_number"], "HQ2212ABCDE");
    EXPECT_EQ(c["origin"]["name"], "vreglink");
    EXPECT_FALSE(c.contains("command_topic"));
}

TEST_F(HomeAssistantTest, EnergyBatteryEnumAndDiagnosticSensors) {
    start();
    const json today = lastJson(configTopic("sensor", kChargerNode, "history_daily_0_yield"));
    EXPECT_EQ(today["unit_of_measurement"], "kWh");
    EXPECT_EQ(today["device_class"], "energy");
    EXPECT_EQ(today["state_class"], "total_increasing");
    const json total = lastJson(configTopic("sensor", kChargerNode, "yield_user"));
    EXPECT_EQ(total["state_class"], "total_increasing");
    const json state = lastJson(configTopic("sensor", kChargerNode, "state"));
    EXPECT_EQ(state["device_class"], "enum");
    EXPECT_FALSE(state.contains("unit_of_measurement"));
    const auto& options = state["options"];
    EXPECT_NE(std::find(options.begin(), options.end(), "bulk"), options.end());
    EXPECT_NE(std::find(options.begin(), options.end(), "float"), options.end());
    const json firmware = lastJson(configTopic("sensor", kChargerNode, "firmwareversion"));
    EXPECT_EQ(firmware["entity_category"], "diagnostic");
    const json soc = lastJson(configTopic("sensor", kShuntNode, "soc"));
    EXPECT_EQ(soc["device_class"], "battery");
    EXPECT_EQ(soc["unit_of_measurement"], "%");
    EXPECT_EQ(soc["availability"][1]["topic"], kShuntAvailability);
    const json ttg = lastJson(configTopic("sensor", kShuntNode, "timetogo"));
    EXPECT_EQ(ttg["device_class"], "duration");
    EXPECT_EQ(ttg["unit_of_measurement"], "s");
    const json temperature = lastJson(configTopic("sensor", kShuntNode, "dc_0_temperature"));
    EXPECT_EQ(temperature["unit_of_measurement"], "°C");
    EXPECT_EQ(temperature["device_class"], "temperature");
}

TEST_F(HomeAssistantTest, EveryConfigIsRetainedValidJsonWithAUniqueId) {
    start();
    std::set<std::string> uniqueIds;
    std::size_t configs = 0;
    for (const auto& p : transport.published) {
        if (p.message.topic.rfind("homeassistant/", 0) != 0) continue;
        ++configs;
        EXPECT_TRUE(p.message.retain) << p.message.topic;
        EXPECT_EQ(p.message.qos, mqtt::Qos::AtLeastOnce) << p.message.topic;
        const auto c = json::parse(p.message.payload, nullptr, false);
        ASSERT_FALSE(c.is_discarded()) << p.message.payload;
        EXPECT_TRUE(uniqueIds.insert(c["unique_id"].get<std::string>()).second)
            << "duplicate " << c["unique_id"];
        EXPECT_TRUE(c["state_topic"] == kChargerState ||
                    c["state_topic"] == "vreglink/c0619ab9929a/battery/289/state");
    }
    EXPECT_GE(configs, 20u);
    EXPECT_EQ(discovery->counters().configsPublished, configs);
    // HA's birth topic is listened to.
    EXPECT_NE(std::find(transport.subscriptions.begin(), transport.subscriptions.end(),
                        "homeassistant/status"),
              transport.subscriptions.end());
}

TEST_F(HomeAssistantTest, StateCarriesTheValuesWithNullForInvalid) {
    start();
    json state = lastJson(kChargerState);
    EXPECT_TRUE(state["dc_0_voltage"].is_null());  // nothing known yet
    EXPECT_EQ(state["firmwareversion"], "1.61");
    const auto before = transport.on(kChargerState).size();
    charger.update("/Dc/0/Voltage", 12.8, "12.80V");
    charger.update("/Yield/Power", 142.0, "142W");
    charger.update("/State", std::int32_t{3}, "3");
    charger.update("/Load/State", std::int32_t{1}, "1");
    ASSERT_TRUE(runUntil([&] { return transport.on(kChargerState).size() > before; }));
    state = lastJson(kChargerState);
    EXPECT_DOUBLE_EQ(state["dc_0_voltage"].get<double>(), 12.8);
    EXPECT_DOUBLE_EQ(state["yield_power"].get<double>(), 142.0);
    EXPECT_EQ(state["state"], "bulk");
    EXPECT_EQ(state["load_state"], "ON");
    EXPECT_TRUE(state["pv_v"].is_null());
    EXPECT_GE(discovery->counters().statesPublished, 3u);  // two devices added + this one
}

TEST_F(HomeAssistantTest, ManyChangesInOneIntervalGiveOneStateWithTheLatestValues) {
    start(options(300ms));
    const auto added = transport.entriesOn(kChargerState);
    ASSERT_EQ(added.size(), 1u);  // when the device was added
    // Changes for half an interval, the loop running between them.
    double latest = 0;
    int changes = 0;
    while (std::chrono::steady_clock::now() - added[0].at < 150ms) {
        latest = 12.0 + ++changes * 0.01;
        charger.update("/Dc/0/Voltage", latest, "");
        runFor(1ms);
    }
    ASSERT_GE(changes, 10);
    ASSERT_TRUE(runUntil([&] { return transport.on(kChargerState).size() >= 2; }));
    runFor(150ms);  // less than an interval after the second message
    const auto entries = transport.entriesOn(kChargerState);
    ASSERT_EQ(entries.size(), 2u);
    EXPECT_GE(entries[1].at - entries[0].at, 290ms);  // not before the interval ran out
    EXPECT_DOUBLE_EQ(lastJson(kChargerState)["dc_0_voltage"].get<double>(), latest);
    // A path no entity shows changes nothing.
    charger.update("/Link/NetworkMode", std::int32_t{5}, "5");
    runFor(400ms);
    EXPECT_EQ(transport.on(kChargerState).size(), 2u);
}

TEST_F(HomeAssistantTest, DaemonAndDevicesAreOnlineRetained) {
    start();
    const auto status = transport.on(kDaemonStatus);
    ASSERT_EQ(status.size(), 1u);
    EXPECT_EQ(status[0].payload, "online");
    EXPECT_TRUE(status[0].retain);
    EXPECT_EQ(lastPayload(kChargerAvailability), "online");
    EXPECT_EQ(lastPayload(kShuntAvailability), "online");
    EXPECT_TRUE(transport.on(kShuntAvailability).back().retain);
}

TEST_F(HomeAssistantTest, RemovedDeviceGoesOfflineAndKeepsItsConfig) {
    start();
    transport.published.clear();
    directory.remove(kShuntService);
    ASSERT_EQ(transport.on(kShuntAvailability).size(), 1u);
    EXPECT_EQ(lastPayload(kShuntAvailability), "offline");
    EXPECT_TRUE(transport.on(kShuntAvailability).back().retain);
    EXPECT_EQ(configCount(), 0u);  // no empty payload: HA keeps the entities and their history
    EXPECT_EQ(lastPayload(kChargerAvailability), "<none>");  // the other device is untouched
    // Changes of a removed device's tree are not followed any more.
    shunt.update("/Soc", 50.0, "50.0%");
    runFor(200ms);
    EXPECT_TRUE(transport.on("vreglink/c0619ab9929a/battery/289/state").empty());
    // A reconnect still announces its configs (a broker may have lost them), and it offline.
    transport.disconnect();
    transport.connect();
    EXPECT_FALSE(transport.on(configTopic("sensor", kShuntNode, "soc")).empty());
    EXPECT_EQ(lastPayload(kShuntAvailability), "offline");
    // Back again (hot-plug): online, with its state.
    directory.add({kShuntService, "battery", 289, &shunt, nullptr});
    EXPECT_EQ(lastPayload(kShuntAvailability), "online");
    EXPECT_DOUBLE_EQ(lastJson("vreglink/c0619ab9929a/battery/289/state")["soc"].get<double>(),
                     50.0);
}

TEST_F(HomeAssistantTest, DisconnectedDeviceIsUnavailable) {
    start();
    charger.update("/Connected", std::int32_t{0}, "0");
    EXPECT_EQ(lastPayload(kChargerAvailability), "offline");
    charger.update("/Connected", std::int32_t{1}, "1");
    EXPECT_EQ(lastPayload(kChargerAvailability), "online");
}

TEST_F(HomeAssistantTest, ReconnectPublishesEverythingAgain) {
    start();
    const auto first = configCount();
    transport.published.clear();
    transport.disconnect();
    charger.update("/Dc/0/Voltage", 13.1, "13.10V");  // while offline: dropped, not lost
    runFor(200ms);
    transport.connect();
    EXPECT_EQ(configCount(), first);
    EXPECT_EQ(lastPayload(kDaemonStatus), "online");
    EXPECT_EQ(lastPayload(kChargerAvailability), "online");
    EXPECT_DOUBLE_EQ(lastJson(kChargerState)["dc_0_voltage"].get<double>(), 13.1);
    EXPECT_EQ(discovery->counters().republishes, 2u);
}

TEST_F(HomeAssistantTest, HomeAssistantBirthMessagePublishesConfigsAgain) {
    start();
    const auto first = configCount();
    transport.published.clear();
    transport.deliver("homeassistant/status", "offline");  // HA's will: nothing to do
    EXPECT_EQ(configCount(), 0u);
    transport.deliver("homeassistant/status", "online");
    EXPECT_EQ(configCount(), first);
    EXPECT_EQ(lastPayload(kShuntAvailability), "online");
    EXPECT_EQ(discovery->counters().homeAssistantRestarts, 1u);
    // A retained birth replayed on subscription is no restart.
    transport.published.clear();
    mqtt::Message replayed;
    replayed.topic = "homeassistant/status";
    replayed.payload = "online";
    replayed.retain = true;
    transport.deliver(replayed);
    EXPECT_EQ(configCount(), 0u);
}

TEST_F(HomeAssistantTest, CustomPrefixAndDevicesAddedWhileOffline) {
    auto o = options();
    o.discoveryPrefix = "ha";
    discovery = std::make_unique<HomeAssistantDiscovery>(io, transport, directory, o);
    EXPECT_TRUE(transport.published.empty());  // not connected yet
    transport.connect();
    EXPECT_FALSE(transport.on("ha/sensor/" + std::string(kShuntNode) + "/soc/config").empty());
    EXPECT_EQ(configCount(), 0u);
    transport.published.clear();
    transport.deliver("ha/status", "online");
    EXPECT_GT(transport.countUnder("ha/"), 0u);
}

TEST_F(HomeAssistantTest, RenamedDeviceRepublishesItsConfigs) {
    start();
    transport.published.clear();
    venus::publishCustomName(charger, "Roof east");
    ASSERT_TRUE(runUntil([&] { return configCount() > 0; }));
    const json c = lastJson(configTopic("sensor", kChargerNode, "dc_0_voltage"));
    EXPECT_EQ(c["device"]["name"], "Roof east");
    EXPECT_EQ(c["unique_id"], "vreglink_c0619ab9929a_HQ2212ABCDE_dc_0_voltage");  // unchanged
    EXPECT_EQ(transport.countUnder("homeassistant/sensor/" + std::string(kShuntNode)), 0u);
}

TEST_F(HomeAssistantTest, WithoutControlsWritablePathsAreSensors) {
    auto o = options();
    o.controls = false;  // the daemon without Venus W topics
    start(o);
    EXPECT_TRUE(
        transport.on(configTopic("number", kChargerNode, "settings_chargecurrentlimit")).empty());
    const json limit = lastJson(configTopic("sensor", kChargerNode, "settings_chargecurrentlimit"));
    EXPECT_FALSE(limit.contains("command_topic"));
    EXPECT_EQ(limit["unit_of_measurement"], "A");
    EXPECT_FALSE(lastJson(configTopic("sensor", kChargerNode, "mode")).contains("command_topic"));
    EXPECT_FALSE(lastJson(configTopic("binary_sensor", kShuntNode, "relay_0_state"))
                     .contains("command_topic"));
}

TEST_F(HomeAssistantTest, WillMessageAndShutdown) {
    const auto will = HomeAssistantDiscovery::willMessage(kPortal);
    EXPECT_EQ(will.topic, kDaemonStatus);
    EXPECT_EQ(will.payload, "offline");
    EXPECT_TRUE(will.retain);
    EXPECT_EQ(will.qos, mqtt::Qos::AtLeastOnce);
    start();
    discovery->announceShutdown();
    EXPECT_EQ(lastPayload(kDaemonStatus), "offline");
    EXPECT_TRUE(transport.on(kDaemonStatus).back().retain);
}

}  // namespace
}  // namespace vreglink::mqttgw
