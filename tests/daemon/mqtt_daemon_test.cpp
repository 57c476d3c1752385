// vreglinkd over MQTT against a real mosquitto (issue 6 "Tests"; venus-dbus-mqtt.md §4): the Venus
// N/R/W topics as a Victron app uses them, VregLink RPC from MQTT 5 and 3.1.1 clients, writes off
// unless enabled, errors for bad requests, a broker restart, a device that goes away.
#include "mqtt_daemon_fixture.h"

#include <nlohmann/json.hpp>

namespace vreglink::testing {
namespace {

using namespace std::chrono_literals;

double jsonValue(const std::string& payload) {
    const auto j = nlohmann::json::parse(payload, nullptr, false);
    return j.is_object() && j["value"].is_number() ? j["value"].get<double>() : -1;
}

TEST_F(MqttDaemonTest, AfterAKeepAliveTheTopicsCarryTheSimulatorsValues) {
    startDaemon();
    connect({"N/site1/#"});
    // The retained serial is there before any keep-alive; nothing else is published yet.
    ASSERT_TRUE(waitFor([&] { return heard.payload("N/site1/system/0/Serial").has_value(); }));
    EXPECT_EQ(*heard.payload("N/site1/system/0/Serial"), R"({"value":"site1"})");
    EXPECT_TRUE(heard.latest.at("N/site1/system/0/Serial").retain);
    runFor(io, 300ms);
    EXPECT_FALSE(heard.payload(std::string(kMpptTopics) + "Serial").has_value());

    publish("R/site1/keepalive", R"({"keepalive-options":[{"full-publish-completed-echo":"t1"}]})");
    ASSERT_TRUE(waitFor([&] {
        const auto done = heard.payload("N/site1/full_publish_completed");
        return done && done->find("\"t1\"") != std::string::npos;
    }));
    EXPECT_EQ(heard.payload(std::string(kMpptTopics) + "Serial"), R"({"value":"HQ19499RHC5"})");
    EXPECT_EQ(heard.payload(std::string(kMpptTopics) + "ProductId"), R"({"value":41046})");
    EXPECT_EQ(heard.payload(std::string(kMpptTopics) + "DeviceInstance"), R"({"value":290})");
    // The charge current limit as the simulator holds it (0xEDF0, 0.1 A).
    const auto limit = heard.payload(std::string(kMpptTopics) + "Settings/ChargeCurrentLimit");
    ASSERT_TRUE(limit.has_value());
    const std::string hex = rig.control("mppt", "get 0xEDF0");  // little-endian, 0.1 A
    const auto raw = std::stoi(hex.substr(2, 2) + hex.substr(0, 2), nullptr, 16);
    EXPECT_DOUBLE_EQ(jsonValue(*limit), raw / 10.0);
    EXPECT_FALSE(heard.latest.at(std::string(kMpptTopics) + "Serial").retain);  // §4.2
    EXPECT_GT(heard.all.size(), 40u);
}

TEST_F(MqttDaemonTest, AWTopicWriteChangesTheSimulator) {
    startDaemon();
    connect({"N/site1/#"});
    publish("R/site1/keepalive", "");
    ASSERT_TRUE(
        waitFor([&] { return heard.payload("N/site1/full_publish_completed").has_value(); }));
    publish("W/site1/solarcharger/290/Settings/ChargeCurrentLimit", R"({"value": 20})");
    EXPECT_TRUE(waitFor([&] { return rig.control("mppt", "get 0xEDF0") == "c800"; }, 5s));
    EXPECT_EQ(rig.control("mppt", "writes 0xEDF0"), "1");
    // The new value comes back on the N topic while the client keeps the daemon alive.
    EXPECT_TRUE(waitFor([&] {
        const auto v = heard.payload(std::string(kMpptTopics) + "Settings/ChargeCurrentLimit");
        return v && jsonValue(*v) == 20.0;
    }));
    // A write without "value" is refused: nothing reaches the device.
    publish("W/site1/solarcharger/290/Settings/ChargeCurrentLimit", R"({"val": 30})");
    runFor(io, 500ms);
    EXPECT_EQ(rig.control("mppt", "writes 0xEDF0"), "1");
}

TEST_F(MqttDaemonTest, RpcGetAndSetFromMqtt5AndMqtt311Clients) {
    startDaemon("rpc_writes = true\n");
    connect({});
    EXPECT_EQ(client->protocolVersion(), mqtt::ProtocolVersion::V5);
    const auto got = call(get(0xEDF0));
    EXPECT_TRUE(got.status.isOk()) << got.error;
    EXPECT_EQ(toHex(got.data), rig.control("mppt", "get 0xEDF0"));

    const auto written = call(set(0xEDF0, Bytes{0xC8, 0x00}));
    EXPECT_TRUE(written.status.isOk()) << written.error;
    EXPECT_EQ(rig.control("mppt", "get 0xEDF0"), "c800");

    // An MQTT 3.1.1 client: no response topic, the reply comes on rpc/reply/<client id>.
    auto options = defaultOptions();
    options.port = broker.port();
    options.clientId = "old-client";
    options.protocol = mqtt::ProtocolPreference::V311Only;
    auto old = mqtt::Client::start(io, options);
    ASSERT_TRUE(old);
    ASSERT_TRUE(waitFor([&] { return (*old)->connected(); }));
    EXPECT_EQ((*old)->protocolVersion(), mqtt::ProtocolVersion::V311);
    mqttgw::RpcClient oldRpc(io, **old, {8s});
    const auto viaOld = call(get(0xEDF0), &oldRpc);
    EXPECT_TRUE(viaOld.status.isOk()) << viaOld.error;
    EXPECT_EQ(toHex(viaOld.data), "c800");

    mqttgw::RpcRequest list;
    list.op = mqttgw::RpcOp::List;
    const auto devices = call(list);
    ASSERT_EQ(devices.devices.size(), 1u);
    EXPECT_EQ(devices.devices[0].device, kMpptKey);
    EXPECT_EQ(devices.devices[0].serial, "HQ19499RHC5");
}

TEST_F(MqttDaemonTest, RpcWritesAreRefusedUnlessEnabled) {
    startDaemon();  // rpc_writes defaults to false
    connect({});
    const auto refused = call(set(0xEDF0, Bytes{0xC8, 0x00}));
    EXPECT_EQ(refused.status, VregStatus::notSupported());
    EXPECT_NE(refused.error.find("writes are disabled"), std::string::npos) << refused.error;
    EXPECT_EQ(rig.control("mppt", "writes 0xEDF0"), "0");
    EXPECT_TRUE(call(get(0xEDF0)).status.isOk());  // reads still work
}

TEST_F(MqttDaemonTest, MalformedRequestsGetErrorsAndWriteNothing) {
    startDaemon("rpc_writes = true\n");
    connect({"errors/#"});
    const std::vector<std::pair<std::string, std::string>> bad = {
        {"{oops", "malformed JSON"},
        {R"({"id":"a","op":"frob"})", "frob"},
        {R"({"id":"b","op":"get","device":"solarcharger/7","vreg":"0xEDF0"})",
         "no device solarcharger/7"},
        {R"({"id":"c","op":"set","device":"solarcharger/290","vreg":"0xEDF0","data":"zz"})",
         "data"},
        {R"({"id":"d","op":"set","device":"solarcharger/290","vreg":"0xEDF0","data":"ffff"})",
         ""},  // 6553.5 A: out of the register's range
    };
    for (std::size_t i = 0; i < bad.size(); ++i) {
        publish("vreglink/site1/rpc", bad[i].first, "errors/" + std::to_string(i));
    }
    ASSERT_TRUE(waitFor([&] {
        for (std::size_t i = 0; i < bad.size(); ++i) {
            if (!heard.payload("errors/" + std::to_string(i))) return false;
        }
        return true;
    }));
    for (std::size_t i = 0; i < bad.size(); ++i) {
        SCOPED_TRACE(bad[i].first);
        const auto reply = mqttgw::parseReply(*heard.payload("errors/" + std::to_string(i)));
        ASSERT_TRUE(reply) << reply.error();
        EXPECT_TRUE(reply->status.isError());
        EXPECT_NE(reply->error.find(bad[i].second), std::string::npos) << reply->error;
    }
    EXPECT_EQ(rig.control("mppt", "writes 0xEDF0"), "0");
}

// The broker restarts while a request is owed: the daemon reconnects, the reply still arrives
// (the device's 0x8400 after its budget, queued while the broker was down), and it serves again.
TEST_F(MqttDaemonTest, BrokerRestartLosesNoOwedReply) {
    startDaemon();
    connect({});
    ASSERT_TRUE(call(get(0xEDF0)).status.isOk());
    ASSERT_EQ(rig.control("mppt", "silent on"), "ok");
    mqttgw::RpcClient patient(io, *client, {30s});
    std::optional<mqttgw::RpcReply> owed;
    patient.call(kPortal, get(0xEDF0), [&](const mqttgw::RpcReply& r) { owed = r; });
    runFor(io, 500ms);  // the request reached the daemon; the device does not answer
    broker.stop();
    runFor(io, 4s);  // the daemon's budget (3 s) ends while the broker is down
    ASSERT_TRUE(broker.restart());
    ASSERT_TRUE(waitFor([&] { return owed.has_value(); }, 25s));
    EXPECT_EQ(owed->status, VregStatus::timeout());
    EXPECT_EQ(owed->error.find("no reply from the gateway"), std::string::npos)
        << "the client's own timeout, not the gateway's answer: " << owed->error;
    ASSERT_EQ(rig.control("mppt", "silent off"), "ok");
    EXPECT_TRUE(call(get(0xEDF0)).status.isOk());
}

TEST_F(MqttDaemonTest, ADeviceThatGoesAwayGetsItsTopicsCleared) {
    startDaemon();
    connect({"N/site1/#"});
    publish("R/site1/keepalive", "");
    const std::string voltage = std::string(kMpptTopics) + "Dc/0/Voltage";
    ASSERT_TRUE(waitFor([&] {
        const auto v = heard.payload(voltage);
        return v && !v->empty();
    }));
    rig.sim("mppt").stop();  // the cable is pulled: the service leaves
    ASSERT_TRUE(waitFor(
        [&] {
            const auto v = heard.payload(voltage);
            return v && v->empty();
        },
        15s));
    // Every topic of the device, not only the one waited for (they come in one burst).
    for (const char* path : {"Serial", "ProductId", "Settings/ChargeCurrentLimit"}) {
        EXPECT_TRUE(
            waitFor([&] { return heard.payload(std::string(kMpptTopics) + path) == ""; }, 2s))
            << path;
    }
}

TEST_F(MqttDaemonTest, HomeAssistantSeesTheDeviceAndTheDaemonGoOffline) {
    startDaemon("home_assistant = true\n");
    connect({"homeassistant/#", "vreglink/site1/#"});
    ASSERT_TRUE(waitFor([&] {
        return heard.payload("vreglink/site1/status") == "online" &&
               heard.payload("vreglink/site1/solarcharger/290/availability") == "online";
    }));
    std::size_t configs = 0;
    for (const auto& [topic, m] : heard.latest) {
        if (topic.rfind("homeassistant/", 0) == 0 && topic.size() > 7 &&
            topic.substr(topic.size() - 7) == "/config") {
            ++configs;
            EXPECT_TRUE(m.retain) << topic;
        }
    }
    EXPECT_GT(configs, 5u);
    EXPECT_EQ(rig.stopDaemon(), 0);
    ASSERT_TRUE(waitFor([&] { return heard.payload("vreglink/site1/status") == "offline"; }));
}

class MqttSecureDaemonTest : public MqttDaemonTest {
  protected:
    MqttSecureDaemonTest() : MqttDaemonTest(secure()) {}
    static BrokerOptions secure() {
        BrokerOptions o;
        o.allowAnonymous = false;
        o.username = "vreg";
        o.password = "s3cret";
        o.tls = true;
        return o;
    }
};

TEST_F(MqttSecureDaemonTest, PasswordAndTlsWork) {
    startDaemon(
        "username = \"vreg\"\npassword = \"s3cret\"\nca_file = \"" + broker.pki().caFile + "\"\n",
        broker.tlsPort());
    auto options = defaultOptions();
    options.port = broker.tlsPort();
    options.username = "vreg";
    options.password = "s3cret";
    options.tls = mqtt::TlsOptions{broker.pki().caFile, "", ""};
    connect({}, options);
    const auto got = call(get(0xEDF0));
    EXPECT_TRUE(got.status.isOk()) << got.error;
}

// A wrong password: the broker refuses the daemon (it keeps retrying with backoff and says why in
// its log), nothing of it appears on the broker, and D-Bus serves as before.
TEST_F(MqttSecureDaemonTest, AWrongPasswordKeepsMqttOutAndDBusServing) {
    startDaemon("username = \"vreg\"\npassword = \"wrong\"\n", broker.port());
    auto options = defaultOptions();
    options.username = "vreg";
    options.password = "s3cret";
    connect({"N/site1/#", "vreglink/site1/#"}, options);
    runFor(io, 2s);
    EXPECT_TRUE(heard.all.empty()) << heard.all.front().topic;
    EXPECT_EQ(rig.getVreg(kMpptService, "0xEDF0").rfind("qay 0 2 ", 0), 0u);
}

}  // namespace
}  // namespace vreglink::testing
