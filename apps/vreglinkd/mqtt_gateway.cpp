#include "mqtt_gateway.h"

#include "core/log.h"
#include "mqttgw/home_assistant.h"
#include "mqttgw/venus_topics.h"
#include "mqttgw/vreg_rpc_service.h"
#include "portal_id.h"

#include <fmt/format.h>
#include <asio/steady_timer.hpp>

namespace vreglink::daemon {
namespace {

using namespace std::chrono_literals;

// How long a clean stop waits for the broker to take the last messages.
constexpr auto kStopFlushLimit = 1000ms;

}  // namespace

mqtt::ClientOptions clientOptions(const MqttConfig& config, const std::string& portalId) {
    mqtt::ClientOptions o;
    o.host = config.host;
    o.port = config.port;
    if (!config.caFile.empty())
        o.tls = mqtt::TlsOptions{config.caFile, config.certFile, config.keyFile};
    o.username = config.username;
    o.password = config.password;
    o.clientId = config.clientId.empty() ? "vreglinkd-" + portalId : config.clientId;
    o.protocol = config.mqtt311Only ? mqtt::ProtocolPreference::V311Only
                                    : mqtt::ProtocolPreference::V5WithFallback;
    const mqtt::Message will = mqttgw::HomeAssistantDiscovery::willMessage(portalId);
    o.will = mqtt::WillMessage{will.topic, will.payload, will.retain, will.qos};
    return o;
}

Result<std::unique_ptr<MqttGateway>> MqttGateway::start(asio::io_context& io,
                                                        const MqttConfig& config,
                                                        venus::DeviceDirectory& directory) {
    std::string portal = config.portalId.empty() ? derivePortalId() : config.portalId;
    std::unique_ptr<MqttGateway> g(new MqttGateway(io, config, std::move(portal)));
    auto client = mqtt::Client::start(io, clientOptions(config, g->portalId_));
    if (!client) return Error{fmt::format("mqtt: {}", client.error())};
    g->client_ = std::move(client).value();
    g->client_->addListener(*g);
    if (config.venusTopics) {
        mqttgw::VenusTopicsOptions o;
        o.portalId = g->portalId_;
        g->topics_ = std::make_unique<mqttgw::VenusTopics>(io, *g->client_, directory, o);
    }
    if (config.rpc) {
        g->rpc_ = std::make_unique<mqttgw::VregRpcService>(
            io, *g->client_, directory, mqttgw::VregRpcOptions{g->portalId_, config.rpcWrites, 64});
    }
    if (config.homeAssistant) {
        mqttgw::HomeAssistantOptions o;
        o.portalId = g->portalId_;
        o.discoveryPrefix = config.homeAssistantPrefix;
        o.controls = config.venusTopics;  // commands go to the W topics
        g->homeAssistant_ =
            std::make_unique<mqttgw::HomeAssistantDiscovery>(io, *g->client_, directory, o);
    }
    logInfo("mqtt: portal {} on {}:{} as {} (topics {}, rpc {}{}, home assistant {})", g->portalId_,
            config.host, config.port == 0 ? (config.caFile.empty() ? 1883 : 8883) : config.port,
            g->client_->clientId(), config.venusTopics ? "on" : "off", config.rpc ? "on" : "off",
            config.rpc && config.rpcWrites ? " with writes" : "",
            config.homeAssistant ? "on" : "off");
    return g;
}

MqttGateway::MqttGateway(asio::io_context& io, MqttConfig config, std::string portalId)
    : io_(io),
      config_(std::move(config)),
      portalId_(std::move(portalId)),
      statusTopic_(fmt::format("vreglink/{}/status", portalId_)) {}

MqttGateway::~MqttGateway() {
    homeAssistant_.reset();
    rpc_.reset();
    topics_.reset();
    if (client_) client_->removeListener(*this);
}

void MqttGateway::onConnected() {  // the client logs the connection itself
    if (!homeAssistant_) {         // with Home Assistant, it announces the daemon itself
        client_->publish({statusTopic_, "online", mqtt::Qos::AtLeastOnce, true, {}, {}});
    }
}

void MqttGateway::stop(std::function<void()> done) {
    if (homeAssistant_) {
        homeAssistant_->announceShutdown();
    } else if (client_->connected()) {
        client_->publish({statusTopic_, "offline", mqtt::Qos::AtLeastOnce, true, {}, {}});
    }
    // Whatever the front ends said last (zero-length payloads, owed replies) needs a few loop
    // turns to reach the broker.
    auto timer = std::make_shared<asio::steady_timer>(io_, kStopFlushLimit);
    auto poll = std::make_shared<std::function<void()>>();
    *poll = [this, timer, poll, done = std::move(done),
             deadline = std::chrono::steady_clock::now() + kStopFlushLimit]() mutable {
        if (!client_->hasUnsentData() || std::chrono::steady_clock::now() >= deadline) {
            *poll = nullptr;  // breaks the cycle
            done();
            return;
        }
        timer->expires_after(10ms);
        timer->async_wait([poll](std::error_code) {
            if (*poll) (*poll)();
        });
    };
    (*poll)();
}

bool MqttGateway::canApply(const MqttConfig& next) const {
    MqttConfig same = next;
    same.rpcWrites = config_.rpcWrites;
    return same == config_;
}

void MqttGateway::apply(const MqttConfig& next) {
    if (rpc_ && next.rpcWrites != config_.rpcWrites) {
        rpc_->setAllowWrites(next.rpcWrites);
        logInfo("mqtt: rpc writes {}", next.rpcWrites ? "enabled" : "disabled");
    }
    config_ = next;
}

}  // namespace vreglink::daemon
