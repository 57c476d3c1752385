// Venus-style value topics for the gateway's own devices, behaving like dbus-flashmq
// (venus-dbus-mqtt.md §4.1–4.5, §9 "MQTT"), so that a Victron app or script written for a GX works
// unchanged: N/<portal>/<type>/<instance>/<path> with {"value": …}, the keep-alive protocol with
// its alive window, heartbeat and rate-limited full republishes, R re-reads, W writes through the
// items' WriteHandlers (the rule of D-Bus SetValue), and zero-length payloads for the topics of
// a device that went away. Lives on the daemon's io_context; uses any mqtt::Transport.
#pragma once

#include "mqtt/transport.h"
#include "mqttgw/device_topics.h"
#include "mqttgw/keepalive.h"
#include "venus/device_directory.h"

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace vreglink::mqttgw {

struct VenusTopicsOptions {
    std::string portalId;                                // §4.1; must not be empty
    std::chrono::milliseconds aliveWindow{60'000};       // §4.4: 60 s after each keep-alive
    std::chrono::milliseconds heartbeatInterval{3'000};  // §4.2: N/<portal>/heartbeat
    double republishesPerSecond = 3.0;                   // §4.4 token bucket (also its size)
    std::chrono::milliseconds changesInterval{100};      // batch window; 0 = end of loop turn
};

struct VenusTopicsCounters {
    std::uint64_t keepAlives = 0;
    std::uint64_t fullRepublishes = 0;
    std::uint64_t republishesDeferred = 0;  // keep-alives over the rate limit (coalesced)
    std::uint64_t reads = 0;                // R requests for a device
    std::uint64_t messagesPublished = 0;
    std::uint64_t writesOk = 0;
    std::uint64_t writesRefused = 0;  // unknown or read-only item, or the owner said no
    std::uint64_t malformed = 0;      // W payloads that are not {"value": scalar}
    std::chrono::microseconds lastFullRepublish{0};  // duration of the last one
};

class VenusTopics final : public mqtt::TransportListener,
                          public venus::DeviceDirectoryListener,
                          private DeviceTopicsOwner {
  public:
    // Registers with both and subscribes R/<portal>/# and W/<portal>/# (the transport renews
    // subscriptions after every reconnect). The directory's devices so far are taken over.
    VenusTopics(asio::io_context& io, mqtt::Transport& transport, venus::DeviceDirectory& directory,
                VenusTopicsOptions options);
    ~VenusTopics() override;
    VenusTopics(const VenusTopics&) = delete;
    VenusTopics& operator=(const VenusTopics&) = delete;

    bool alive() const;
    const VenusTopicsCounters& counters() const { return counters_; }
    const VenusTopicsOptions& options() const { return options_; }

    // mqtt::TransportListener
    void onConnected() override;
    void onDisconnected(std::string_view reason) override;
    void onMessage(const mqtt::Message& message) override;
    // venus::DeviceDirectoryListener
    void onDeviceAdded(const venus::PublishedDevice& device) override;
    void onDeviceRemoved(const venus::PublishedDevice& device) override;

  private:
    using Clock = std::chrono::steady_clock;

    // DeviceTopicsOwner
    void publishTopic(std::string topic, std::string payload) override;
    bool changesWanted() const override { return alive(); }
    void changesPending() override;
    DeviceTopicsOwner& asOwner() { return *this; }

    void handleKeepAlive(const mqtt::Message& message, bool legacy);
    void handleRead(const std::string& type, std::int32_t instance, const std::string& path);
    void handleWrite(const mqtt::Message& message, const std::string& type, std::int32_t instance,
                     const std::string& path);
    DeviceTopics* topicsOf(const std::string& type, std::int32_t instance);

    void publishSerial();
    void fullRepublish(const std::vector<std::string>& echoTokens);
    void scheduleDeferredRepublish();
    void heartbeat();
    void flushChanges();
    template <typename Handler>
    void waitOn(asio::steady_timer& timer, Handler handler);

    mqtt::Transport& transport_;
    venus::DeviceDirectory& directory_;
    VenusTopicsOptions options_;
    std::string serialTopic_;
    std::string keepAliveTopic_;
    std::string heartbeatTopic_;
    std::string completedTopic_;

    std::vector<std::unique_ptr<DeviceTopics>> devices_;
    Clock::time_point aliveUntil_{};
    TokenBucket republishBucket_;
    bool republishDeferred_ = false;
    std::vector<std::string> deferredEchoTokens_;
    bool heartbeatRunning_ = false;
    bool flushScheduled_ = false;
    asio::steady_timer heartbeatTimer_;
    asio::steady_timer flushTimer_;
    asio::steady_timer republishTimer_;
    VenusTopicsCounters counters_;
    // Timer handlers hold this weakly: a handler already queued when we are destroyed finds it
    // empty (same pattern as dbus::VenusService).
    std::shared_ptr<VenusTopics*> self_ = std::make_shared<VenusTopics*>(this);
};

}  // namespace vreglink::mqttgw
