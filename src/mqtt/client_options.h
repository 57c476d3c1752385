// How mqtt::Client connects (issue 6 "[mqtt] config": host, port, TLS, credentials, client id,
// MQTT 5 with fallback to 3.1.1) and what it counts. Plain data: the daemon's config and the
// `--mqtt` options fill it; tests shorten the timings.
#pragma once

#include "mqtt/transport.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace vreglink::mqtt {

// A TLS connection (spec §4.1: brokers listen on 8883 with TLS; §4.6 VRM needs it). The broker's
// certificate is verified against caFile and against the host name or IP address.
struct TlsOptions {
    std::string caFile;
    std::string certFile;  // client certificate, for brokers that require one (with keyFile)
    std::string keyFile;
};

enum class ProtocolPreference : std::uint8_t {
    // MQTT 5; a broker that refuses it ("unacceptable protocol version") gets 3.1.1 from then
    // on; one that just closes the connection gets 3.1.1 for that session.
    V5WithFallback,
    V311Only,
};

// Published by the broker when the connection dies without a DISCONNECT: availability topics.
struct WillMessage {
    std::string topic;
    std::string payload;
    bool retain = true;
    Qos qos = Qos::AtLeastOnce;
};

// Delay before the next connect attempt: `min` after a session ended, doubling after every
// failed attempt up to `max`. Never a busy loop.
struct ReconnectBackoff {
    std::chrono::milliseconds min{500};
    std::chrono::milliseconds max{30'000};
};

struct ClientOptions {
    std::string host = "127.0.0.1";  // resolved synchronously on every attempt (see client.h)
    std::uint16_t port = 0;          // 0: 1883, or 8883 with TLS
    std::optional<TlsOptions> tls;
    std::string username;  // empty: anonymous
    std::string password;  // needs a username
    std::string clientId;  // empty: "vreglink-<random>"
    std::chrono::seconds keepalive{30};
    ProtocolPreference protocol = ProtocolPreference::V5WithFallback;
    std::optional<WillMessage> will;
    ReconnectBackoff backoff;
    // From starting an attempt until the session is up (CONNACK and every SUBACK).
    std::chrono::milliseconds connectTimeout{10'000};
    std::size_t outboxLimit = 1000;  // WhenOffline::Queue messages kept while down
};

struct ClientStats {
    std::uint64_t connectAttempts = 0;
    std::uint64_t connects = 0;       // sessions that came up (listeners saw onConnected)
    std::uint64_t disconnects = 0;    // sessions that went down (listeners saw onDisconnected)
    std::uint64_t published = 0;      // handed to the broker connection
    std::uint64_t publishErrors = 0;  // refused by libmosquitto (bad topic, too large)
    std::uint64_t receivedMessages = 0;
    std::uint64_t droppedOffline = 0;  // WhenOffline::Drop while down
    std::uint64_t queuedSent = 0;      // WhenOffline::Queue sent after a reconnect
    std::uint64_t outboxOverflow = 0;  // oldest queued messages dropped because the outbox was full
};

}  // namespace vreglink::mqtt
