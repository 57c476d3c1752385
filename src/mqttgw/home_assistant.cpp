// Home Assistant discovery: connection, HA restarts, devices coming and going (see
// home_assistant.h). Per-device configs, state and availability are in ha_device.cpp.
#include "mqttgw/home_assistant.h"

#include "core/log.h"
#include "mqttgw/ha_discovery.h"

#include <algorithm>
#include <utility>

namespace vreglink::mqttgw {

HomeAssistantDiscovery::HomeAssistantDiscovery(asio::io_context& io, mqtt::Transport& transport,
                                               venus::DeviceDirectory& directory,
                                               HomeAssistantOptions options)
    : io_(io),
      transport_(transport),
      directory_(directory),
      options_(std::move(options)),
      settings_{options_.portalId, options_.discoveryPrefix, options_.stateInterval,
                options_.controls},
      daemonStatusTopic_(haDaemonStatusTopic(options_.portalId)),
      homeAssistantStatusTopic_(options_.discoveryPrefix + "/status") {
    if (options_.portalId.empty()) {
        logError("mqtt: Home Assistant discovery needs a portal id (§4.1)");
    }
    for (const auto& device : directory_.devices()) {
        if (device.tree != nullptr) {
            devices_.push_back(std::make_unique<HaDevice>(io_, device, settings_, asPublisher()));
        }
    }
    directory_.addListener(*this);
    transport_.addListener(*this);
    // HA's birth message (HA docs "Birth and last will messages"): "online" when it (re)starts.
    transport_.subscribe(homeAssistantStatusTopic_, mqtt::Qos::AtLeastOnce);
    if (transport_.connected()) onConnected();
}

HomeAssistantDiscovery::~HomeAssistantDiscovery() {
    transport_.removeListener(*this);
    directory_.removeListener(*this);
    devices_.clear();  // stops observing the trees
}

mqtt::Message HomeAssistantDiscovery::willMessage(std::string_view portalId) {
    mqtt::Message will;
    will.topic = haDaemonStatusTopic(portalId);
    will.payload = "offline";
    will.qos = mqtt::Qos::AtLeastOnce;
    will.retain = true;
    return will;
}

void HomeAssistantDiscovery::announceShutdown() {
    publishDaemonStatus(false);
}

void HomeAssistantDiscovery::publishRetained(std::string topic, std::string payload,
                                             HaMessageKind kind) {
    mqtt::Message message;
    message.topic = std::move(topic);
    message.payload = std::move(payload);
    message.qos = mqtt::Qos::AtLeastOnce;  // few messages; a lost config or offline would stick
    message.retain = true;                 // HA reads all of them when it (re)subscribes
    if (transport_.connected()) {          // else dropped: the next connect republishes everything
        switch (kind) {
            case HaMessageKind::Config:
                ++counters_.configsPublished;
                break;
            case HaMessageKind::State:
                ++counters_.statesPublished;
                break;
            case HaMessageKind::Availability:
                ++counters_.availabilityPublished;
                break;
        }
    }
    transport_.publish(std::move(message), mqtt::WhenOffline::Drop);
}

void HomeAssistantDiscovery::publishDaemonStatus(bool online) {
    publishRetained(daemonStatusTopic_, online ? "online" : "offline", HaMessageKind::Availability);
}

void HomeAssistantDiscovery::republishAll() {
    ++counters_.republishes;
    for (const auto& device : devices_) device->publishAll();
}

void HomeAssistantDiscovery::onConnected() {
    // The broker may have lost retained messages (restart without persistence), and our will
    // may have replaced "online": both are put back on every connect.
    publishDaemonStatus(true);
    republishAll();
}

void HomeAssistantDiscovery::onMessage(const mqtt::Message& message) {
    if (message.topic != homeAssistantStatusTopic_) return;
    if (message.payload != "online") return;  // "offline" is HA's will: nothing to do
    // A retained birth is replayed by the broker on every (re)subscription: no restart, and our
    // connect has just published everything anyway. A live one arrives with retain cleared.
    if (message.retain) return;
    ++counters_.homeAssistantRestarts;
    logInfo("mqtt: Home Assistant (re)started; publishing discovery again");
    republishAll();
}

HaDevice* HomeAssistantDiscovery::findDevice(const venus::PublishedDevice& device,
                                             bool sameService) {
    // Topics are per type and instance (§4.2), so that is what identifies an HA device here.
    const HaTopics topics = haTopics(options_.portalId, device.type, device.instance);
    const auto it = std::find_if(devices_.begin(), devices_.end(), [&](const auto& d) {
        return d->topics().nodeId == topics.nodeId &&
               (!sameService || d->serviceName() == device.serviceName);
    });
    return it == devices_.end() ? nullptr : it->get();
}

void HomeAssistantDiscovery::onDeviceAdded(const venus::PublishedDevice& device) {
    if (device.tree == nullptr) return;
    // The same device back (hot-plug), or another service with the same type and instance (the
    // last one wins, §4.2): its topics are taken over and its entities come back online.
    if (HaDevice* known = findDevice(device, false)) {
        known->attach(device);
        known->publishAll();
        return;
    }
    devices_.push_back(std::make_unique<HaDevice>(io_, device, settings_, asPublisher()));
    devices_.back()->publishAll();
}

void HomeAssistantDiscovery::onDeviceRemoved(const venus::PublishedDevice& device) {
    // Called before the tree is destroyed: stop watching it. The configs stay (retained), so HA
    // shows the entities unavailable with their history instead of deleting them.
    // A service that lost its type and instance to another one has nothing left to remove.
    if (HaDevice* known = findDevice(device, true)) known->detach();
}

}  // namespace vreglink::mqttgw
