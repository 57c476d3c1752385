// Shared by the mqtt::Client tests: a listener that records what it is told, and client options
// with test timings (short backoff) for a broker on 127.0.0.1.
#pragma once

#include "mqtt/client.h"
#include "run_loop.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace vreglink::test {

using namespace std::chrono_literals;

class RecordingListener : public mqtt::TransportListener {
  public:
    void onConnected() override { ++connected; }
    void onDisconnected(std::string_view reason) override {
        ++disconnected;
        reasons.emplace_back(reason);
    }
    void onMessage(const mqtt::Message& message) override { messages.push_back(message); }

    // Messages on `topic`, in arrival order.
    std::vector<mqtt::Message> on(const std::string& topic) const {
        std::vector<mqtt::Message> out;
        for (const auto& m : messages) {
            if (m.topic == topic) out.push_back(m);
        }
        return out;
    }

    int connected = 0;
    int disconnected = 0;
    std::vector<std::string> reasons;
    std::vector<mqtt::Message> messages;
};

inline mqtt::ClientOptions localOptions(std::uint16_t port, const std::string& clientId) {
    mqtt::ClientOptions options;
    options.host = "127.0.0.1";
    options.port = port;
    options.clientId = clientId;
    options.backoff.min = 100ms;
    options.backoff.max = 400ms;
    options.connectTimeout = 3s;
    return options;
}

inline std::unique_ptr<mqtt::Client> startClient(asio::io_context& io,
                                                 mqtt::ClientOptions options) {
    auto client = mqtt::Client::start(io, std::move(options));
    EXPECT_TRUE(client.ok()) << (client.ok() ? "" : client.error());
    return client.ok() ? std::move(client).value() : nullptr;
}

inline bool waitConnected(asio::io_context& io, const mqtt::Client& client,
                          std::chrono::milliseconds limit = 3s) {
    return testing::runUntil(
        io, [&] { return client.connected(); }, limit);
}

inline mqtt::Message textMessage(std::string topic, std::string payload) {
    mqtt::Message message;
    message.topic = std::move(topic);
    message.payload = std::move(payload);
    return message;
}

}  // namespace vreglink::test
