// Home Assistant controls (issue 6 item 4): the number, select and switch entities send their
// commands to the Venus W topic of the path, and VenusTopics on the same transport writes the
// item through its WriteHandler — here the DevicePublisher's, which sets the register on the
// (scripted) device — so the new value comes back in the HA state topic.
#include "home_assistant_fixture.h"

#include <regex>

namespace vreglink::mqttgw {
namespace {

using json = nlohmann::json;

// What HA sends for a number: its command_template with `value` the number.
std::string renderNumberTemplate(const std::string& commandTemplate, const std::string& number) {
    const std::string placeholder = "{{ value }}";
    std::string out = commandTemplate;
    const auto at = out.find(placeholder);
    if (at == std::string::npos) return "<no {{ value }} in template>";
    return out.replace(at, placeholder.size(), number);
}

// What HA sends for a select: the template maps the chosen option to its raw value
// ({% set v = {"on": 1, "off": 4} %}{"value": {{ v[value] }}}).
std::string renderSelectTemplate(const std::string& commandTemplate, const std::string& option) {
    std::smatch m;
    const std::regex entry("\"" + option + "\": (-?[0-9]+)");
    if (!std::regex_search(commandTemplate, m, entry)) return "<option not in template>";
    if (commandTemplate.find("{\"value\": {{ v[value] }}}") == std::string::npos) {
        return "<unexpected template>";
    }
    return "{\"value\": " + m[1].str() + "}";
}

class HomeAssistantCommandsTest : public HomeAssistantTest {
  protected:
    void SetUp() override { start(options(), /*withVenusTopics=*/true); }

    // Sends `payload` as HA does (not retained) and waits for the device to be asked to set `id`.
    bool command(const std::string& topic, const std::string& payload,
                 testing::ScriptedDevice& device, std::uint16_t id) {
        transport.deliver(topic, payload);
        return runUntil([&] {
            for (const auto& r : device.requests()) {
                if (r.isSet && r.id == VregId(id)) return true;
            }
            return false;
        });
    }
    static Bytes lastSet(const testing::ScriptedDevice& device, std::uint16_t id) {
        for (auto it = device.requests().rbegin(); it != device.requests().rend(); ++it) {
            if (it->isSet && it->id == VregId(id)) return it->data;
        }
        return {};
    }
    bool stateShows(const std::string& stateTopic, const std::string& key, const json& value) {
        return runUntil([&] {
            const auto messages = transport.on(stateTopic);
            if (messages.empty()) return false;
            const auto s = json::parse(messages.back().payload, nullptr, false);
            return !s.is_discarded() && s.contains(key) && s[key] == value;
        });
    }
};

TEST_F(HomeAssistantCommandsTest, NumberSetsTheChargeCurrentLimit) {
    const json c = lastJson(configTopic("number", kChargerNode, "settings_chargecurrentlimit"));
    ASSERT_TRUE(c.is_object());
    EXPECT_EQ(c["command_topic"], "W/c0619ab9929a/solarcharger/288/Settings/ChargeCurrentLimit");
    EXPECT_EQ(c["retain"], false);  // §4.2: W is never retained
    EXPECT_EQ(c["unit_of_measurement"], "A");
    EXPECT_EQ(c["min"], 0.0);
    EXPECT_EQ(c["max"], 20.0);  // a 100|20
    EXPECT_DOUBLE_EQ(c["step"].get<double>(), 0.1);
    EXPECT_EQ(c["entity_category"], "config");
    EXPECT_EQ(c["state_topic"], kChargerState);
    const std::string payload = renderNumberTemplate(c["command_template"], "15.0");
    EXPECT_EQ(payload, "{\"value\": 15.0}");
    ASSERT_TRUE(command(c["command_topic"], payload, chargerDevice, 0xEDF0));
    EXPECT_EQ(lastSet(chargerDevice, 0xEDF0), (Bytes{150, 0}));  // 0.1 A units
    EXPECT_TRUE(stateShows(kChargerState, "settings_chargecurrentlimit", 15.0));
    EXPECT_EQ(venusTopics->counters().writesOk, 1u);
}

TEST_F(HomeAssistantCommandsTest, SelectSetsTheModeFromItsOptions) {
    const json c = lastJson(configTopic("select", kChargerNode, "mode"));
    ASSERT_TRUE(c.is_object());
    EXPECT_EQ(c["options"], json::array({"on", "off"}));  // what an MPPT accepts (1, 4)
    EXPECT_EQ(c["command_topic"], "W/c0619ab9929a/solarcharger/288/Mode");
    EXPECT_EQ(c["value_template"], "{{ value_json.mode }}");
    const std::string payload = renderSelectTemplate(c["command_template"], "off");
    EXPECT_EQ(payload, "{\"value\": 4}");
    ASSERT_TRUE(command(c["command_topic"], payload, chargerDevice, 0x0200));
    EXPECT_EQ(lastSet(chargerDevice, 0x0200), (Bytes{4}));
    EXPECT_TRUE(stateShows(kChargerState, "mode", "off"));
}

TEST_F(HomeAssistantCommandsTest, SwitchSetsTheRelay) {
    const json c = lastJson(configTopic("switch", kShuntNode, "relay_0_state"));
    ASSERT_TRUE(c.is_object());
    EXPECT_EQ(c["command_topic"], "W/c0619ab9929a/battery/289/Relay/0/State");
    EXPECT_EQ(c["state_on"], "ON");
    EXPECT_EQ(c["state_off"], "OFF");
    ASSERT_TRUE(command(c["command_topic"], c["payload_on"], shuntDevice, 0x034E));
    EXPECT_EQ(lastSet(shuntDevice, 0x034E), (Bytes{1}));
    EXPECT_TRUE(stateShows("vreglink/c0619ab9929a/battery/289/state", "relay_0_state", "ON"));
}

TEST_F(HomeAssistantCommandsTest, ReadOnlyPathsAreNotControls) {
    // The MPPT's relay and load output are not writable in its tree: binary sensors, no command.
    const json relay = lastJson(configTopic("binary_sensor", kChargerNode, "relay_0_state"));
    EXPECT_FALSE(relay.contains("command_topic"));
    const json load = lastJson(configTopic("binary_sensor", kChargerNode, "load_state"));
    EXPECT_EQ(load["device_class"], "power");
    EXPECT_TRUE(transport.on(configTopic("switch", kChargerNode, "relay_0_state")).empty());
    // A value the device refuses is not written (the SetValue rules, §2.2): 7 is no MPPT mode.
    transport.deliver("W/c0619ab9929a/solarcharger/288/Mode", "{\"value\": 7}");
    runFor(50ms);
    EXPECT_EQ(chargerDevice.sets(), 0u);
    EXPECT_EQ(venusTopics->counters().writesRefused, 1u);
}

}  // namespace
}  // namespace vreglink::mqttgw
