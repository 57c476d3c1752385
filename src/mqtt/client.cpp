// mqtt::Client: the public Transport calls (publish, subscribe, listeners) and destruction. The
// session's state machine is in client_session.cpp, the socket and timers in client_io.cpp,
// libmosquitto's setup in client_setup.cpp.
#include "mqtt/client.h"

#include "core/log.h"

#include <mosquitto.h>
#include <mqtt_protocol.h>

#include <algorithm>
#include <cstdint>

namespace vreglink::mqtt {

bool Client::hasUnsentData() const {
    return !outbox_.empty() || (mosq_ && mosquitto_want_write(mosq_.get()));
}
namespace {

// MQTT's largest packet (a 4-byte remaining length) bounds a payload; libmosquitto takes an int.
constexpr std::size_t kMaxPayload = 268'435'455;

}  // namespace

Client::Client(asio::io_context& io, ClientOptions options)
    : io_(io),
      options_(std::move(options)),
      descriptor_(io),
      writeRetryTimer_(io),
      stateTimer_(io),
      tickTimer_(io),
      backoff_(options_.backoff.min) {}

Client::~Client() {
    closing_ = true;  // libmosquitto callbacks from here on are ignored
    alive_.reset();   // queued asio completions find nothing to do
    releaseDescriptor();
    if (mosq_ && (state_ == SessionState::Connected || state_ == SessionState::Subscribing)) {
        // Best effort, never blocks (non-blocking socket): the broker drops the will and sees a
        // clean end instead of a keep-alive timeout.
        (void)mosquitto_disconnect(mosq_.get());
    }
    mosq_.reset();  // mosquitto_destroy closes the socket
}

void Client::publish(Message message, WhenOffline offline) {
    if (closing_) return;
    if (state_ == SessionState::Connected) {
        const int rc = sendNow(message);
        syncSocket();
        arm();
        settleLater();
        if (rc == MOSQ_ERR_SUCCESS) {
            ++stats_.published;
            return;
        }
        if (!isConnectionError(rc)) {
            ++stats_.publishErrors;
            logWarning("MQTT: cannot publish on '{}': {}", message.topic, mosquitto_strerror(rc));
            return;
        }
        // The connection broke under the write: the library reports the closure on the next
        // loop pass; until then the message is treated as published while down.
    }
    if (offline == WhenOffline::Queue) {
        enqueue(std::move(message));
    } else {
        ++stats_.droppedOffline;
    }
}

void Client::enqueue(Message message) {
    outbox_.push_back(std::move(message));
    while (outbox_.size() > options_.outboxLimit) {
        outbox_.pop_front();
        ++stats_.outboxOverflow;
    }
}

int Client::sendNow(const Message& message) {
    if (message.payload.size() > kMaxPayload) return MOSQ_ERR_PAYLOAD_SIZE;
    PropertyList properties;
    // MQTT 5 request/response (spec §4.8, issue 6 item 3). A 3.1.1 session has no properties: the
    // front ends use reply topics instead.
    if (protocolVersion_ == ProtocolVersion::V5) {
        if (!message.responseTopic.empty()) {
            const int rc = mosquitto_property_add_string(properties.out(), MQTT_PROP_RESPONSE_TOPIC,
                                                         message.responseTopic.c_str());
            if (rc != MOSQ_ERR_SUCCESS) return rc;
        }
        if (!message.correlationData.empty()) {
            if (message.correlationData.size() > UINT16_MAX) return MOSQ_ERR_INVAL;
            const int rc = mosquitto_property_add_binary(
                properties.out(), MQTT_PROP_CORRELATION_DATA, message.correlationData.data(),
                static_cast<std::uint16_t>(message.correlationData.size()));
            if (rc != MOSQ_ERR_SUCCESS) return rc;
        }
    }
    return mosquitto_publish_v5(mosq_.get(), nullptr, message.topic.c_str(),
                                static_cast<int>(message.payload.size()),
                                message.payload.empty() ? nullptr : message.payload.data(),
                                static_cast<int>(message.qos), message.retain, properties.get());
}

void Client::subscribe(std::string filter, Qos qos) {
    if (closing_) return;
    const auto known = std::find_if(subscriptions_.begin(), subscriptions_.end(),
                                    [&](const auto& s) { return s.first == filter; });
    if (known != subscriptions_.end()) {
        if (known->second == qos) return;
        known->second = qos;
    } else {
        subscriptions_.emplace_back(filter, qos);
    }
    if (state_ == SessionState::Connected || state_ == SessionState::Subscribing) {
        sendSubscribe(filter, qos);
        syncSocket();
        arm();
        settleLater();
    }
}

void Client::sendSubscribe(const std::string& filter, Qos qos) {
    int mid = 0;
    const int rc = mosquitto_subscribe(mosq_.get(), &mid, filter.c_str(), static_cast<int>(qos));
    if (rc == MOSQ_ERR_SUCCESS) {
        pendingSubacks_.emplace_back(mid, filter);
    } else {
        logWarning("MQTT: cannot subscribe to '{}': {}", filter, mosquitto_strerror(rc));
    }
}

void Client::addListener(TransportListener& listener) {
    if (std::find(listeners_.begin(), listeners_.end(), &listener) == listeners_.end()) {
        listeners_.push_back(&listener);
    }
}

void Client::removeListener(TransportListener& listener) {
    listeners_.erase(std::remove(listeners_.begin(), listeners_.end(), &listener),
                     listeners_.end());
}

}  // namespace vreglink::mqtt
