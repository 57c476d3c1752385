// What the MQTT front ends (Venus N/R/W topics, VregLink RPC, Home Assistant discovery) need from
// an MQTT connection, and nothing more (DESIGN.md "Layers": services never touch sockets). The
// real one is mqtt::Client (libmosquitto on the asio loop); tests of the front ends may use a
// fake. Several front ends share one connection: each registers a listener and filters topics
// itself.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace vreglink::mqtt {

enum class Qos : std::uint8_t { AtMostOnce = 0, AtLeastOnce = 1, ExactlyOnce = 2 };

// MQTT protocol level of the current session: 5, or 4 (3.1.1) after falling back.
enum class ProtocolVersion : std::uint8_t { V311 = 4, V5 = 5 };

struct Message {
    std::string topic;
    std::string payload;  // bytes; empty = zero-length payload (Venus "service gone", §4.3)
    Qos qos = Qos::AtMostOnce;
    bool retain = false;
    // MQTT 5 request/response properties; empty when absent or on 3.1.1.
    std::string responseTopic;
    std::string correlationData;
};

// What happens to a publish while the connection is down.
enum class WhenOffline : std::uint8_t {
    Drop,   // live values: a full republish follows the next keep-alive anyway
    Queue,  // owed replies: sent after reconnect (bounded outbox; oldest dropped, counted)
};

class TransportListener {
  public:
    virtual ~TransportListener() = default;
    // The session is up (first connect and every reconnect); subscriptions are already renewed.
    virtual void onConnected() {}
    virtual void onDisconnected(std::string_view /*reason*/) {}
    virtual void onMessage(const Message& message) = 0;
};

class Transport {
  public:
    virtual ~Transport() = default;

    virtual bool connected() const = 0;
    virtual ProtocolVersion protocolVersion() const = 0;
    virtual const std::string& clientId() const = 0;

    // Never blocks; sending happens on the loop.
    virtual void publish(Message message, WhenOffline offline = WhenOffline::Drop) = 0;
    // Kept for the life of the transport and renewed after every reconnect. Every listener sees
    // every message (of every subscription) and picks its own topics.
    virtual void subscribe(std::string filter, Qos qos = Qos::AtMostOnce) = 0;

    // Listeners must outlive their registration.
    virtual void addListener(TransportListener& listener) = 0;
    virtual void removeListener(TransportListener& listener) = 0;
};

}  // namespace vreglink::mqtt
