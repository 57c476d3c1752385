// vreglinkd on an MQTT broker (issue 6; venus-dbus-mqtt.md §4): one mqtt::Client and the front
// ends that share it — Venus N/R/W topics, VregLink RPC, Home Assistant discovery — all following
// the daemon's DeviceDirectory. The daemon's availability is the retained
// vreglink/<portal>/status: "online" on every connect, "offline" as the client's will and on a
// clean stop.
#pragma once

#include "config.h"
#include "core/result.h"
#include "mqtt/client.h"
#include "venus/device_directory.h"

#include <asio/io_context.hpp>

#include <functional>
#include <memory>
#include <string>

namespace vreglink::mqttgw {
class VenusTopics;
class VregRpcService;
class HomeAssistantDiscovery;
}  // namespace vreglink::mqttgw

namespace vreglink::daemon {

class MqttGateway final : public mqtt::TransportListener {
  public:
    // Starts connecting (the client keeps at it with backoff); fails only on bad options (TLS
    // files that cannot be read, ...).
    static Result<std::unique_ptr<MqttGateway>> start(asio::io_context& io,
                                                      const MqttConfig& config,
                                                      venus::DeviceDirectory& directory);
    ~MqttGateway() override;
    MqttGateway(const MqttGateway&) = delete;
    MqttGateway& operator=(const MqttGateway&) = delete;

    // Publishes "offline", then calls `done` once the broker has it (or after a short limit), so
    // the daemon can leave without the broker having to fire the will.
    void stop(std::function<void()> done);

    const std::string& portalId() const { return portalId_; }
    const MqttConfig& config() const { return config_; }
    // Config reload: what can change without reconnecting.
    bool canApply(const MqttConfig& next) const;
    void apply(const MqttConfig& next);
    mqtt::Client& client() { return *client_; }

    void onConnected() override;
    void onMessage(const mqtt::Message&) override {}

  private:
    MqttGateway(asio::io_context& io, MqttConfig config, std::string portalId);

    asio::io_context& io_;
    MqttConfig config_;
    std::string portalId_;
    std::string statusTopic_;
    // Destroyed in reverse: the front ends, then the client they publish through.
    std::unique_ptr<mqtt::Client> client_;
    std::unique_ptr<mqttgw::VenusTopics> topics_;
    std::unique_ptr<mqttgw::VregRpcService> rpc_;
    std::unique_ptr<mqttgw::HomeAssistantDiscovery> homeAssistant_;
};

// What the config says about the client: host, port, TLS, credentials, client id, protocol, will.
mqtt::ClientOptions clientOptions(const MqttConfig& config, const std::string& portalId);

}  // namespace vreglink::daemon
