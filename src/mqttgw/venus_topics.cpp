// dbus-flashmq behaviour on the gateway's devices (venus-dbus-mqtt.md §4.2–4.5): connection,
// requests, devices coming and going. The keep-alive timing (alive window, heartbeat, rate-limited
// republishes) is in venus_topics_keepalive.cpp.
#include "mqttgw/venus_topics.h"

#include "core/log.h"
#include "mqttgw/request_topic.h"
#include "mqttgw/value_payload.h"
#include "venus/item_text.h"

#include <algorithm>
#include <utility>

namespace vreglink::mqttgw {

VenusTopics::VenusTopics(asio::io_context& io, mqtt::Transport& transport,
                         venus::DeviceDirectory& directory, VenusTopicsOptions options)
    : transport_(transport),
      directory_(directory),
      options_(std::move(options)),
      serialTopic_("N/" + options_.portalId + "/system/0/Serial"),
      keepAliveTopic_("N/" + options_.portalId + "/keepalive"),
      heartbeatTopic_("N/" + options_.portalId + "/heartbeat"),
      completedTopic_("N/" + options_.portalId + "/full_publish_completed"),
      republishBucket_(options_.republishesPerSecond, options_.republishesPerSecond, Clock::now()),
      heartbeatTimer_(io),
      flushTimer_(io),
      republishTimer_(io) {
    if (options_.portalId.empty()) {
        logError("mqtt: Venus topics need a portal id (§4.1); no request will be answered");
    }
    for (const auto& device : directory_.devices()) {
        if (device.tree != nullptr) {
            devices_.push_back(
                std::make_unique<DeviceTopics>(device, options_.portalId, asOwner()));
        }
    }
    directory_.addListener(*this);
    transport_.addListener(*this);
    // §4.2: R and W of our own portal only. The transport keeps subscriptions and renews them
    // after every reconnect, so they are made once here.
    transport_.subscribe("R/" + options_.portalId + "/#");
    transport_.subscribe("W/" + options_.portalId + "/#");
    if (transport_.connected()) onConnected();
}

VenusTopics::~VenusTopics() {
    self_.reset();
    transport_.removeListener(*this);
    directory_.removeListener(*this);
    devices_.clear();  // stops observing the trees
}

void VenusTopics::publishTopic(std::string topic, std::string payload) {
    mqtt::Message message;
    message.topic = std::move(topic);
    message.payload = std::move(payload);
    // Live values are dropped while offline: the next keep-alive republishes them (§4.4).
    if (transport_.connected()) ++counters_.messagesPublished;  // else dropped (Drop)
    transport_.publish(std::move(message), mqtt::WhenOffline::Drop);
}

void VenusTopics::publishSerial() {
    mqtt::Message message;
    message.topic = serialTopic_;
    std::string payload = "{\"value\":";
    appendJsonString(payload, options_.portalId);
    payload += '}';
    message.payload = std::move(payload);
    message.retain = true;  // §4.2: the one retained N topic; clients find the portal id by it
    if (transport_.connected()) ++counters_.messagesPublished;  // else dropped (Drop)
    transport_.publish(std::move(message), mqtt::WhenOffline::Drop);
}

void VenusTopics::onConnected() {
    // dbus-flashmq publishes both when it starts; a broker restart is a start for its clients.
    publishSerial();
    publishTopic(keepAliveTopic_, "1");  // §4.2: "the new keepalive is supported"
}

void VenusTopics::onDisconnected(std::string_view reason) {
    logDebug("mqtt: Venus topics offline ({}); alive window kept", reason);
}

void VenusTopics::onMessage(const mqtt::Message& message) {
    const auto request = parseRequestTopic(message.topic, options_.portalId);
    if (!request) return;
    // A retained R/W is a stale request the broker replays on every (re)subscription: acting on
    // it would repeat an old write after each reconnect (§4.2: "never set retain" on W).
    if (message.retain) {
        logWarning("mqtt: ignoring retained request on {}", message.topic);
        return;
    }
    switch (request->kind) {
        case RequestKind::KeepAlive:
            handleKeepAlive(message, request->legacyKeepAlive);
            break;
        case RequestKind::Read:
            handleRead(request->type, request->instance, request->path);
            break;
        case RequestKind::Write:
            handleWrite(message, request->type, request->instance, request->path);
            break;
    }
}

DeviceTopics* VenusTopics::topicsOf(const std::string& type, std::int32_t instance) {
    // The directory decides collisions (§4.2: the last device with a type and instance wins).
    const venus::PublishedDevice* device = directory_.find(type, instance);
    if (device == nullptr) return nullptr;
    const auto it = std::find_if(devices_.begin(), devices_.end(), [&](const auto& d) {
        return d->device().serviceName == device->serviceName;
    });
    return it == devices_.end() ? nullptr : it->get();
}

void VenusTopics::handleRead(const std::string& type, std::int32_t instance,
                             const std::string& path) {
    // §4.2/§4.4: answered whether alive or not; a subtree republishes each leaf.
    DeviceTopics* device = topicsOf(type, instance);
    if (device == nullptr) {
        logDebug("mqtt: R for unknown device {}/{}", type, instance);
        return;
    }
    ++counters_.reads;
    if (device->publishPath(path) == 0) {
        logDebug("mqtt: R for unknown path {} of {}/{}", path, type, instance);
    }
}

void VenusTopics::handleWrite(const mqtt::Message& message, const std::string& type,
                              std::int32_t instance, const std::string& path) {
    // §4.3: errors are only logged; nothing is published back to the writer.
    auto value = decodeWritePayload(message.payload);
    if (!value) {
        ++counters_.malformed;
        logWarning("mqtt: W {}: {}; nothing written", message.topic, value.error());
        return;
    }
    DeviceTopics* device = topicsOf(type, instance);
    const venus::Item* item = device != nullptr ? device->device().tree->find(path) : nullptr;
    if (item == nullptr || !item->onWrite) {
        ++counters_.writesRefused;
        logWarning("mqtt: W {}: {}; nothing written", message.topic,
                   item == nullptr ? "no such item" : "item is read-only");
        return;
    }
    // The D-Bus SetValue rule (§2.2, velib): the current value is OK without asking the owner.
    if (venus::sameValue(*value, item->value)) {
        ++counters_.writesOk;
        return;
    }
    const venus::WriteHandler onWrite = item->onWrite;  // the owner may replace the item
    onWrite(*value, [weak = std::weak_ptr<VenusTopics*>(self_),
                     topic = message.topic](venus::SetResult result) {
        const auto self = weak.lock();
        if (!self) return;
        if (result == venus::SetResult::Ok) {
            ++(*self)->counters_.writesOk;
            return;
        }
        ++(*self)->counters_.writesRefused;
        logWarning("mqtt: W {}: refused by the device (SetValue result {})", topic,
                   static_cast<int>(result));
    });
}

void VenusTopics::onDeviceAdded(const venus::PublishedDevice& device) {
    if (device.tree == nullptr) return;
    devices_.push_back(std::make_unique<DeviceTopics>(device, options_.portalId, asOwner()));
    // A client that is watching sees the new device's topics at once (§4.4: while alive,
    // everything known is published).
    if (alive()) devices_.back()->publishAll();
}

void VenusTopics::onDeviceRemoved(const venus::PublishedDevice& device) {
    const auto it = std::find_if(devices_.begin(), devices_.end(), [&](const auto& d) {
        return d->device().serviceName == device.serviceName;
    });
    if (it == devices_.end()) return;
    // §4.3: every topic of a service that disappeared gets a zero-length payload, alive or not.
    (*it)->clearAll();
    devices_.erase(it);
}

}  // namespace vreglink::mqttgw
