// mqtt::Client::start: checks the options and sets libmosquitto up (protocol, TLS, credentials,
// will, callbacks) before the first attempt.
#include "mqtt/client.h"
#include "mqtt/mosquitto_library.h"

#include <fmt/format.h>
#include <mosquitto.h>
#include <asio/post.hpp>

#include <random>

namespace vreglink::mqtt {
namespace {

std::string generatedClientId() {
    std::random_device random;
    return fmt::format("vreglink-{:08x}", random());
}

Result<bool> checkOptions(const ClientOptions& options) {
    if (options.host.empty()) return Error{"MQTT: no broker host"};
    if (!options.password.empty() && options.username.empty()) {
        return Error{"MQTT: a password needs a user name"};
    }
    // libmosquitto refuses keep-alives under 5 s; MQTT's field is 16 bits.
    if (options.keepalive < std::chrono::seconds(5) || options.keepalive.count() > 65535) {
        return Error{"MQTT: keepalive must be 5..65535 s"};
    }
    if (options.backoff.min.count() <= 0 || options.backoff.max < options.backoff.min) {
        return Error{"MQTT: reconnect backoff needs 0 < min <= max"};
    }
    if (options.connectTimeout.count() <= 0) return Error{"MQTT: connect timeout must be > 0"};
    if (options.tls) {
        if (options.tls->caFile.empty()) return Error{"MQTT: TLS needs a CA file"};
        if (options.tls->certFile.empty() != options.tls->keyFile.empty()) {
            return Error{"MQTT: a TLS client certificate needs its key, and the other way round"};
        }
    }
    if (options.will && options.will->topic.empty()) return Error{"MQTT: will without a topic"};
    return true;
}

const char* orNull(const std::string& text) {
    return text.empty() ? nullptr : text.c_str();
}

}  // namespace

Result<std::unique_ptr<Client>> Client::start(asio::io_context& io, ClientOptions options) {
    if (auto checked = checkOptions(options); !checked) return Error{checked.error()};
    if (options.port == 0) options.port = options.tls ? 8883 : 1883;
    ensureMosquittoLibrary();
    std::unique_ptr<Client> client(new Client(io, std::move(options)));
    if (auto configured = client->configure(); !configured) return Error{configured.error()};
    asio::post(io, [client = client.get(), alive = std::weak_ptr<int>(client->alive_)] {
        if (!alive.expired()) client->startAttempt();
    });
    return client;
}

Result<bool> Client::configure() {
    clientId_ = options_.clientId.empty() ? generatedClientId() : options_.clientId;
    // Clean session: subscriptions are renewed by the client itself after every reconnect.
    mosq_.reset(mosquitto_new(clientId_.c_str(), true, this));
    if (!mosq_) return Error{"MQTT: cannot create the libmosquitto client"};
    mosquitto* const mosq = mosq_.get();
    // Small packets (requests, replies, PUBACKs) go out at once: with Nagle a write while the
    // previous segment is unacknowledged waits for the peer's delayed ACK (~40 ms on Linux),
    // which made every QoS 1 round trip through a local broker take ~90 ms.
    (void)mosquitto_int_option(mosq, MOSQ_OPT_TCP_NODELAY, 1);

    if (options_.tls) {
        const TlsOptions& tls = *options_.tls;
        const int rc = mosquitto_tls_set(mosq, tls.caFile.c_str(), nullptr, orNull(tls.certFile),
                                         orNull(tls.keyFile), nullptr);
        if (rc != MOSQ_ERR_SUCCESS) {
            return Error{
                fmt::format("MQTT: TLS files not usable (CA '{}', certificate '{}', key "
                            "'{}'): {}",
                            tls.caFile, tls.certFile, tls.keyFile, mosquitto_strerror(rc))};
        }
    }
    if (!options_.username.empty()) {
        const int rc =
            mosquitto_username_pw_set(mosq, options_.username.c_str(), orNull(options_.password));
        if (rc != MOSQ_ERR_SUCCESS) {
            return Error{fmt::format("MQTT: credentials refused: {}", mosquitto_strerror(rc))};
        }
    }
    if (options_.will) {
        const WillMessage& will = *options_.will;
        const int rc =
            mosquitto_will_set(mosq, will.topic.c_str(), static_cast<int>(will.payload.size()),
                               will.payload.empty() ? nullptr : will.payload.data(),
                               static_cast<int>(will.qos), will.retain);
        if (rc != MOSQ_ERR_SUCCESS) {
            return Error{fmt::format("MQTT: will message refused: {}", mosquitto_strerror(rc))};
        }
    }
    mosquitto_connect_v5_callback_set(mosq, &Client::onConnectCallback);
    mosquitto_disconnect_v5_callback_set(mosq, &Client::onDisconnectCallback);
    mosquitto_subscribe_callback_set(mosq, &Client::onSubscribeCallback);
    mosquitto_message_v5_callback_set(mosq, &Client::onMessageCallback);
    mosquitto_log_callback_set(mosq, &Client::onLogCallback);
    return true;
}

}  // namespace vreglink::mqtt
