// vreglinkd's [mqtt] table, the --mqtt/--portal flags and the derived portal id (issue 6).
#include "config.h"
#include "portal_id.h"

#include <gtest/gtest.h>

namespace vreglink::daemon {
namespace {

TEST(DaemonMqttConfig, ParsesEveryKey) {
    const auto config = parseConfig(R"(
[mqtt]
host = "broker.lan"
port = 8883
portal_id = "c0619ab1e2f3"
client_id = "gw-roof"
username = "vreg"
password = "secret"
ca_file = "/etc/ssl/ca.pem"
cert_file = "/etc/vreglink/client.pem"
key_file = "/etc/vreglink/client.key"
protocol = "3.1.1"
venus_topics = false
rpc = true
rpc_writes = true
home_assistant = true
home_assistant_prefix = "ha"
)",
                                    "t.toml");
    ASSERT_TRUE(config) << config.error();
    const MqttConfig& m = config->mqtt;
    EXPECT_TRUE(m.enabled);
    EXPECT_EQ(m.host, "broker.lan");
    EXPECT_EQ(m.port, 8883);
    EXPECT_EQ(m.portalId, "c0619ab1e2f3");
    EXPECT_EQ(m.clientId, "gw-roof");
    EXPECT_EQ(m.username, "vreg");
    EXPECT_EQ(m.password, "secret");
    EXPECT_EQ(m.caFile, "/etc/ssl/ca.pem");
    EXPECT_EQ(m.certFile, "/etc/vreglink/client.pem");
    EXPECT_EQ(m.keyFile, "/etc/vreglink/client.key");
    EXPECT_TRUE(m.mqtt311Only);
    EXPECT_FALSE(m.venusTopics);
    EXPECT_TRUE(m.rpc);
    EXPECT_TRUE(m.rpcWrites);
    EXPECT_TRUE(m.homeAssistant);
    EXPECT_EQ(m.homeAssistantPrefix, "ha");
}

TEST(DaemonMqttConfig, OffUnlessAskedForAndSafeDefaults) {
    const auto none = parseConfig("", "t.toml");
    ASSERT_TRUE(none);
    EXPECT_FALSE(none->mqtt.enabled);
    const auto table = parseConfig("[mqtt]\n", "t.toml");
    ASSERT_TRUE(table);
    EXPECT_TRUE(table->mqtt.enabled);
    EXPECT_EQ(table->mqtt.host, "127.0.0.1");
    EXPECT_EQ(table->mqtt.port, 0);  // 1883, or 8883 with TLS
    EXPECT_TRUE(table->mqtt.venusTopics);
    EXPECT_TRUE(table->mqtt.rpc);
    EXPECT_FALSE(table->mqtt.rpcWrites);  // writes over RPC only when enabled
    EXPECT_FALSE(table->mqtt.homeAssistant);
    EXPECT_FALSE(table->mqtt.mqtt311Only);
    const auto off = parseConfig("[mqtt]\nenabled = false\n", "t.toml");
    ASSERT_TRUE(off);
    EXPECT_FALSE(off->mqtt.enabled);
}

TEST(DaemonMqttConfig, ErrorsNameTheLineAndKey) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"[mqtt]\nhots = \"x\"\n", "t.toml:2: mqtt.hots: unknown key"},
        {"[mqtt]\nport = 70000\n", "t.toml:2: mqtt.port: must be 1..65535"},
        {"[mqtt]\nportal_id = \"a/b\"\n", "t.toml:2: mqtt.portal_id: must be 1..64 characters"},
        {"[mqtt]\nprotocol = \"4\"\n", "t.toml:2: mqtt.protocol: expected \"5\""},
        {"[mqtt]\npassword = \"x\"\n", "t.toml:2: mqtt.password: needs a username"},
        {"[mqtt]\nca_file = \"ca.pem\"\n", "t.toml:2: mqtt.ca_file: expected an absolute path"},
        {"[mqtt]\ncert_file = \"/c.pem\"\n", "mqtt.cert_file: cert_file and key_file go together"},
        {"[mqtt]\ncert_file = \"/c\"\nkey_file = \"/k\"\n", "a client certificate needs TLS"},
        {"[mqtt]\nrpc_writes = 1\n", "t.toml:2: mqtt.rpc_writes: expected true or false"},
        {"mqtt = 3\n", "t.toml:1: mqtt: expected a [mqtt] table"},
    };
    for (const auto& [text, message] : cases) {
        const auto config = parseConfig(text, "t.toml");
        ASSERT_FALSE(config) << text;
        EXPECT_NE(config.error().find(message), std::string::npos)
            << text << " -> " << config.error();
    }
}

TEST(DaemonMqttConfig, MqttFlagEnablesItAndSetsHostAndPort) {
    Config config;
    Overrides flags;
    flags.mqtt = "10.0.0.5:1884";
    flags.portal = "abc123";
    applyOverrides(config, flags);
    EXPECT_TRUE(config.mqtt.enabled);
    EXPECT_EQ(config.mqtt.host, "10.0.0.5");
    EXPECT_EQ(config.mqtt.port, 1884);
    EXPECT_EQ(config.mqtt.portalId, "abc123");
}

TEST(PortalId, TwelveHexDigitsStableAndDistinct) {
    const std::string a = portalIdFrom("3c1f0e9a8b7d4c2e9f1a2b3c4d5e6f70");
    EXPECT_EQ(a.size(), 12u);
    EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
    EXPECT_EQ(a, portalIdFrom("3c1f0e9a8b7d4c2e9f1a2b3c4d5e6f70"));
    EXPECT_NE(a, portalIdFrom("3c1f0e9a8b7d4c2e9f1a2b3c4d5e6f71"));
    EXPECT_EQ(portalIdFrom(""), "9ce484222325");  // the low 48 bits of the FNV-1a basis
    const std::string machine = derivePortalId();
    EXPECT_EQ(machine.size(), 12u);
    EXPECT_EQ(machine, derivePortalId());
}

}  // namespace
}  // namespace vreglink::daemon
