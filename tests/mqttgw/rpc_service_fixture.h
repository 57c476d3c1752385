// The rig of the VregRpcService tests: a FakeTransport (connected, MQTT 5), a DeviceDirectory with
// one solar charger — a real VregLinkBackend over a ScriptedDevice, an item tree with the
// identity paths — and helpers to send requests and read the replies back with the client codec.
#pragma once

#include "fake_transport.h"
#include "mqttgw/rpc_codec.h"
#include "mqttgw/vreg_rpc_service.h"
#include "run_loop.h"
#include "scripted_device.h"
#include "venus/device_directory.h"
#include "venus/item_tree.h"
#include "venus/vreglink_backend.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

namespace vreglink::testing {

inline constexpr const char* kCharger = "com.victronenergy.solarcharger.ttyUSB0";
inline constexpr const char* kRequestTopic = "vreglink/c0ffee/rpc";
inline constexpr const char* kReplyTopic = "client/reply/1";  // an MQTT 5 response topic

class RpcServiceTest : public ::testing::Test {
  protected:
    RpcServiceTest() {
        tree_.add("/ProductId", std::int32_t{0xA056}, "0xA056");
        tree_.add("/ProductName", std::string("SmartSolar MPPT 100|30"));
        tree_.add("/Serial", std::string("HQ19499RHC5"));
        tree_.add("/CustomName", std::string("Shed"));
        tree_.add("/Mgmt/Connection", std::string("VE.Direct port ttyUSB0"));
        transport_.connect();
        publishCharger();
    }

    void startService(mqttgw::VregRpcOptions options = writable()) {
        service_ = std::make_unique<mqttgw::VregRpcService>(io_, transport_, directory_,
                                                            std::move(options));
    }
    static mqttgw::VregRpcOptions writable() { return {"c0ffee", true, 64}; }

    void publishCharger() {
        backend_ = std::make_unique<venus::VregLinkBackend>(io_, device_, venus::VregLinkPolicy{});
        venus::PublishedDevice d;
        d.serviceName = kCharger;
        d.type = "solarcharger";
        d.instance = 288;
        d.tree = &tree_;
        d.vreglink = backend_.get();
        directory_.add(d);
    }
    // As the daemon does: out of the directory first, then destroyed.
    void unplugCharger() {
        directory_.remove(kCharger);
        backend_.reset();
    }

    // An MQTT 5 request: the reply goes to kReplyTopic with `correlation` copied.
    void request(const std::string& payload, std::string correlation = "corr-1") {
        mqtt::Message m;
        m.topic = kRequestTopic;
        m.payload = payload;
        m.qos = mqtt::Qos::AtLeastOnce;
        m.responseTopic = kReplyTopic;
        m.correlationData = std::move(correlation);
        transport_.deliver(m);
    }
    // Waits for the n-th message on `topic` and parses it as a reply.
    mqttgw::RpcReply reply(const std::string& topic = kReplyTopic, std::size_t n = 1) {
        const bool arrived = runUntil(
            io_, [&] { return transport_.on(topic).size() >= n; }, std::chrono::seconds(2));
        if (!arrived) {
            ADD_FAILURE() << "no reply #" << n << " on " << topic;
            return {};
        }
        auto parsed = mqttgw::parseReply(transport_.on(topic)[n - 1].payload);
        if (!parsed) {
            ADD_FAILURE() << parsed.error();
            return {};
        }
        return std::move(*parsed);
    }
    void settle() { runFor(io_, std::chrono::milliseconds(30)); }

    asio::io_context io_;
    test::FakeTransport transport_;
    venus::DeviceDirectory directory_;
    ScriptedDevice device_{io_};
    venus::ItemTree tree_;
    std::unique_ptr<venus::VregLinkBackend> backend_;
    std::unique_ptr<mqttgw::VregRpcService> service_;  // last: goes first
};

}  // namespace vreglink::testing
