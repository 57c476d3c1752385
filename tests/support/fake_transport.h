// An in-memory mqtt::Transport for unit tests of the MQTT front ends: records what they publish
// and subscribe, and lets the test deliver messages and connection changes. Integration tests use
// mqtt::Client against a real mosquitto instead.
#pragma once

#include "mqtt/transport.h"

#include <algorithm>
#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace vreglink::test {

class FakeTransport final : public mqtt::Transport {
  public:
    struct Published {
        mqtt::Message message;
        mqtt::WhenOffline offline;
        // When publish() was called (for cadence checks: heartbeats, batches).
        std::chrono::steady_clock::time_point at = std::chrono::steady_clock::now();
    };

    bool connected() const override { return connected_; }
    mqtt::ProtocolVersion protocolVersion() const override { return version_; }
    const std::string& clientId() const override { return clientId_; }

    void publish(mqtt::Message message, mqtt::WhenOffline offline) override {
        if (connected_) {
            published.push_back({message, offline, std::chrono::steady_clock::now()});
            if (loopback_ && matchesSubscription(message.topic)) deliver(std::move(message));
        } else if (offline == mqtt::WhenOffline::Queue) {
            outbox.push_back({std::move(message), offline, std::chrono::steady_clock::now()});
        } else {
            ++dropped;
        }
    }
    void subscribe(std::string filter, mqtt::Qos) override {
        subscriptions.push_back(std::move(filter));
    }
    void addListener(mqtt::TransportListener& listener) override {
        listeners_.push_back(&listener);
    }
    void removeListener(mqtt::TransportListener& listener) override {
        listeners_.erase(std::remove(listeners_.begin(), listeners_.end(), &listener),
                         listeners_.end());
    }

    // Test side.
    void setProtocolVersion(mqtt::ProtocolVersion version) { version_ = version; }
    // Like a broker with this one client: what is published to a subscribed topic comes back
    // (so a client and a server on the same transport talk to each other).
    void setLoopback(bool loopback) { loopback_ = loopback; }
    // MQTT topic filter matching (MQTT 3.1.1 §4.7: '+' one level, '#' the rest).
    static bool topicMatches(std::string_view filter, std::string_view topic) {
        while (true) {
            const auto f = filter.substr(0, filter.find('/'));
            const auto t = topic.substr(0, topic.find('/'));
            if (f == "#") return true;
            if (f != "+" && f != t) return false;
            const bool filterEnds = f.size() == filter.size();
            const bool topicEnds = t.size() == topic.size();
            if (filterEnds || topicEnds) return filterEnds && topicEnds;
            filter.remove_prefix(f.size() + 1);
            topic.remove_prefix(t.size() + 1);
        }
    }
    bool matchesSubscription(std::string_view topic) const {
        return std::any_of(subscriptions.begin(), subscriptions.end(),
                           [&](const std::string& f) { return topicMatches(f, topic); });
    }
    void connect() {
        connected_ = true;
        for (auto& p : outbox) published.push_back(std::move(p));
        outbox.clear();
        for (auto* l : std::vector(listeners_)) l->onConnected();
    }
    void disconnect(std::string_view reason = "test") {
        connected_ = false;
        for (auto* l : std::vector(listeners_)) l->onDisconnected(reason);
    }
    void deliver(mqtt::Message message) {
        for (auto* l : std::vector(listeners_)) l->onMessage(message);
    }
    void deliver(std::string topic, std::string payload) {
        mqtt::Message m;
        m.topic = std::move(topic);
        m.payload = std::move(payload);
        deliver(m);
    }
    // Published entries on `topic` (with their times), in order.
    std::vector<Published> entriesOn(std::string_view topic) const {
        std::vector<Published> out;
        for (const auto& p : published) {
            if (p.message.topic == topic) out.push_back(p);
        }
        return out;
    }
    // How many messages went to topics starting with `prefix`.
    std::size_t countUnder(std::string_view prefix) const {
        return static_cast<std::size_t>(
            std::count_if(published.begin(), published.end(), [&](const Published& p) {
                return std::string_view(p.message.topic).substr(0, prefix.size()) == prefix;
            }));
    }
    // Messages published on `topic`, in order.
    std::vector<mqtt::Message> on(std::string_view topic) const {
        std::vector<mqtt::Message> out;
        for (const auto& p : published) {
            if (p.message.topic == topic) out.push_back(p.message);
        }
        return out;
    }

    std::vector<Published> published;
    std::vector<Published> outbox;
    std::vector<std::string> subscriptions;
    int dropped = 0;

  private:
    bool connected_ = false;
    bool loopback_ = false;
    mqtt::ProtocolVersion version_ = mqtt::ProtocolVersion::V5;
    std::string clientId_ = "fake-client";
    std::vector<mqtt::TransportListener*> listeners_;
};

}  // namespace vreglink::test
