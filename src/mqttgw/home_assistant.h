// Home Assistant MQTT discovery for the gateway's devices (issue 6 item 4; HA docs
// https://www.home-assistant.io/integrations/mqtt/ "MQTT Discovery"): for every device in the
// directory, retained discovery configs under <prefix>/<component>/vreglink_<portal>_<type>_
// <instance>/<object_id>/config, a retained JSON state topic, and availability that goes offline
// when the device leaves or the daemon goes (its MQTT will on vreglink/<portal>/status). Settings
// are number/select/switch entities whose commands go to the Venus W topics (§4.2), which
// VenusTopics handles with the D-Bus SetValue rules — so the daemon runs both on one transport.
// Configs and availability are published again on every (re)connect and when Home Assistant
// announces a restart ("online" on <prefix>/status).
#pragma once

#include "mqtt/transport.h"
#include "mqttgw/ha_device.h"
#include "venus/device_directory.h"

#include <asio/io_context.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace vreglink::mqttgw {

struct HomeAssistantOptions {
    std::string portalId;                           // §4.1; the same as VenusTopics'
    std::string discoveryPrefix = "homeassistant";  // HA's discovery_prefix
    std::chrono::milliseconds stateInterval{1000};  // at most one state message per device per …
    // Number/select/switch for writable paths. Their commands go to the Venus W topics, so the
    // daemon sets this false when it runs without VenusTopics: they are then plain sensors.
    bool controls = true;
};

struct HomeAssistantCounters {
    std::uint64_t configsPublished = 0;
    std::uint64_t statesPublished = 0;
    std::uint64_t availabilityPublished = 0;  // device and daemon status messages
    std::uint64_t republishes = 0;            // of everything: connects and HA restarts
    std::uint64_t homeAssistantRestarts = 0;  // "online" seen on <prefix>/status
};

class HomeAssistantDiscovery final : public mqtt::TransportListener,
                                     public venus::DeviceDirectoryListener,
                                     private HaPublisher {
  public:
    // Registers with both and subscribes <prefix>/status. The directory's devices so far are
    // taken over; if the transport is already connected, everything is published at once.
    HomeAssistantDiscovery(asio::io_context& io, mqtt::Transport& transport,
                           venus::DeviceDirectory& directory, HomeAssistantOptions options);
    ~HomeAssistantDiscovery() override;
    HomeAssistantDiscovery(const HomeAssistantDiscovery&) = delete;
    HomeAssistantDiscovery& operator=(const HomeAssistantDiscovery&) = delete;

    // The daemon's MQTT will: "offline", retained, QoS 1, on vreglink/<portal>/status. Set it on
    // the client before connecting, so that HA marks every entity unavailable when the daemon
    // dies or loses the broker.
    static mqtt::Message willMessage(std::string_view portalId);
    // A clean disconnect does not send the will: the daemon calls this before it disconnects.
    void announceShutdown();

    const HomeAssistantCounters& counters() const { return counters_; }
    const HomeAssistantOptions& options() const { return options_; }
    // Every device seen so far, present or gone (gone ones keep their configs).
    const std::vector<std::unique_ptr<HaDevice>>& devices() const { return devices_; }

    // mqtt::TransportListener
    void onConnected() override;
    void onMessage(const mqtt::Message& message) override;
    // venus::DeviceDirectoryListener
    void onDeviceAdded(const venus::PublishedDevice& device) override;
    void onDeviceRemoved(const venus::PublishedDevice& device) override;

  private:
    // HaPublisher
    void publishRetained(std::string topic, std::string payload, HaMessageKind kind) override;
    HaPublisher& asPublisher() { return *this; }

    void publishDaemonStatus(bool online);
    void republishAll();
    HaDevice* findDevice(const venus::PublishedDevice& device, bool sameService);

    asio::io_context& io_;
    mqtt::Transport& transport_;
    venus::DeviceDirectory& directory_;
    HomeAssistantOptions options_;
    HaDeviceSettings settings_;
    std::string daemonStatusTopic_;
    std::string homeAssistantStatusTopic_;
    std::vector<std::unique_ptr<HaDevice>> devices_;
    HomeAssistantCounters counters_;
};

}  // namespace vreglink::mqttgw
