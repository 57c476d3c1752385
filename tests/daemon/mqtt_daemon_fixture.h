// The rig of the vreglinkd-over-MQTT tests (issue 6 "Tests"): a real mosquitto on 127.0.0.1 with a
// free port, a private dbus-daemon, a simulated SmartSolar behind a pty, the real vreglinkd binary
// with [mqtt] in its config file, and the test's own MQTT client (mqtt::Client) and RPC client
// (mqttgw::RpcClient) on the test's io_context — the same pieces a Victron app, a script or
// `vreg --mqtt` uses against a GX.
#pragma once

#include "daemon_rig.h"
#include "mosquitto_broker.h"
#include "mqtt/client.h"
#include "mqttgw/rpc_client.h"
#include "run_loop.h"
#include "test_util.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace vreglink::testing {

inline constexpr const char* kPortal = "site1";
inline constexpr const char* kMpptService = "com.victronenergy.solarcharger.mppt";
inline constexpr const char* kMpptKey = "solarcharger/290";  // device_instance in the config
inline constexpr const char* kMpptTopics = "N/site1/solarcharger/290/";

// Everything the test client hears, by topic (latest) and in order.
class Heard final : public mqtt::TransportListener {
  public:
    void onMessage(const mqtt::Message& m) override {
        latest[m.topic] = m;
        all.push_back(m);
    }
    std::optional<std::string> payload(const std::string& topic) const {
        const auto it = latest.find(topic);
        if (it == latest.end()) return std::nullopt;
        return it->second.payload;
    }
    std::map<std::string, mqtt::Message> latest;
    std::vector<mqtt::Message> all;
};

class MqttDaemonTest : public ::testing::Test {
  protected:
    explicit MqttDaemonTest(BrokerOptions brokerOptions = {}) : broker(brokerOptions) {}

    void SetUp() override {
        ASSERT_TRUE(rig.ok()) << "no dbus-daemon";
        ASSERT_TRUE(broker.ok()) << broker.error();
        ASSERT_TRUE(rig.startSim("mppt", "mppt"));
    }
    void TearDown() override {
        rpc.reset();
        client.reset();
    }

    // vreglinkd --config FILE with the simulator as device 290 and `mqtt` as the [mqtt] table's
    // extra lines (host, port and portal are filled in).
    void startDaemon(const std::string& mqtt = "", std::uint16_t port = 0) {
        const std::string file = rig.dir().file("vreglinkd.toml");
        writeFile(file, "[[device]]\npath = \"" + rig.ptyPath("mppt") +
                            "\"\ndevice_instance = 290\n[mqtt]\nhost = \"127.0.0.1\"\nport = " +
                            std::to_string(port ? port : broker.port()) + "\nportal_id = \"" +
                            kPortal + "\"\n" + mqtt);
        rig.startDaemon({"--config", file});
        ASSERT_TRUE(rig.waitForName(kMpptService)) << "service never registered";
    }

    // The test's client; subscribes to `filters` before anything else happens.
    void connect(const std::vector<std::string>& filters,
                 mqtt::ClientOptions options = defaultOptions()) {
        if (options.port == 0) options.port = broker.port();
        auto started = mqtt::Client::start(io, options);
        ASSERT_TRUE(started) << started.error();
        client = std::move(started).value();
        client->addListener(heard);
        for (const auto& f : filters) client->subscribe(f, mqtt::Qos::AtLeastOnce);
        ASSERT_TRUE(runUntil(
            io, [&] { return client->connected(); }, std::chrono::seconds(5)))
            << client->lastError();
        rpc = std::make_unique<mqttgw::RpcClient>(
            io, *client, mqttgw::RpcClientOptions{std::chrono::seconds(8)});
    }
    static mqtt::ClientOptions defaultOptions() {
        mqtt::ClientOptions o;
        o.host = "127.0.0.1";
        o.clientId = "tester";
        o.backoff.min = std::chrono::milliseconds(100);
        o.backoff.max = std::chrono::milliseconds(300);
        return o;
    }

    void publish(const std::string& topic, const std::string& payload,
                 const std::string& responseTopic = "") {
        mqtt::Message m;
        m.topic = topic;
        m.payload = payload;
        m.qos = mqtt::Qos::AtLeastOnce;
        m.responseTopic = responseTopic;
        client->publish(std::move(m), mqtt::WhenOffline::Queue);
    }
    bool waitFor(const std::function<bool()>& done,
                 std::chrono::milliseconds limit = std::chrono::seconds(10)) {
        return runUntil(io, done, limit);
    }
    // One RPC call, waited for.
    mqttgw::RpcReply call(mqttgw::RpcRequest request, mqttgw::RpcClient* through = nullptr) {
        std::optional<mqttgw::RpcReply> reply;
        (through ? *through : *rpc)
            .call(kPortal, std::move(request), [&](const mqttgw::RpcReply& r) { reply = r; });
        EXPECT_TRUE(waitFor([&] { return reply.has_value(); }, std::chrono::seconds(15)));
        return reply.value_or(mqttgw::RpcReply{});
    }
    static mqttgw::RpcRequest get(std::uint16_t vreg) {
        mqttgw::RpcRequest r;
        r.op = mqttgw::RpcOp::Get;
        r.device = kMpptKey;
        r.vregs = {VregId(vreg)};
        return r;
    }
    static mqttgw::RpcRequest set(std::uint16_t vreg, Bytes data) {
        mqttgw::RpcRequest r;
        r.op = mqttgw::RpcOp::Set;
        r.device = kMpptKey;
        r.vregs = {VregId(vreg)};
        r.data = std::move(data);
        return r;
    }

    DaemonRig rig;
    MosquittoBroker broker;
    asio::io_context io;
    Heard heard;
    std::unique_ptr<mqtt::Client> client;
    std::unique_ptr<mqttgw::RpcClient> rpc;
};

}  // namespace vreglink::testing
