// mqtt::Client's libmosquitto callbacks. They run inside library calls, so they only copy what
// they are told into the event queue; the loop handles it after the call returned (listeners
// never run inside libmosquitto, and may publish or even destroy the client).
#include "mqtt/client.h"

#include "core/log.h"

#include <mosquitto.h>
#include <mqtt_protocol.h>

#include <cerrno>

namespace vreglink::mqtt {
namespace {

Client* self(void* userdata) {
    return static_cast<Client*>(userdata);
}

}  // namespace

// noexcept: an exception (bad_alloc) must never unwind through C (DESIGN.md "Errors").
void Client::onConnectCallback(mosquitto*, void* userdata, int rc, int,
                               const mosquitto_property*) noexcept {
    self(userdata)->queueEvent({LibraryEvent::Kind::Connack, 0, rc, 0, {}});
}

void Client::onDisconnectCallback(mosquitto*, void* userdata, int rc,
                                  const mosquitto_property*) noexcept {
    const int savedErrno = errno;
    self(userdata)->queueEvent({LibraryEvent::Kind::Closed, 0, rc, savedErrno, {}});
}

void Client::onSubscribeCallback(mosquitto*, void* userdata, int mid, int count,
                                 const int* granted) noexcept {
    self(userdata)->queueEvent(
        {LibraryEvent::Kind::Suback, 0, mid, count > 0 && granted ? granted[0] : 0, {}});
}

void Client::onMessageCallback(mosquitto*, void* userdata, const mosquitto_message* incoming,
                               const mosquitto_property* properties) noexcept {
    LibraryEvent event{LibraryEvent::Kind::Message, 0, 0, 0, {}};
    Message& message = event.message;
    message.topic = incoming->topic ? incoming->topic : "";
    if (incoming->payloadlen > 0) {
        message.payload.assign(static_cast<const char*>(incoming->payload),
                               static_cast<std::size_t>(incoming->payloadlen));
    }
    message.qos = static_cast<Qos>(incoming->qos);
    message.retain = incoming->retain;
    // Absent on 3.1.1 (properties is null) and when the publisher set none.
    char* responseTopic = nullptr;
    if (mosquitto_property_read_string(properties, MQTT_PROP_RESPONSE_TOPIC, &responseTopic,
                                       false)) {
        const MallocedPtr<char> owned(responseTopic);
        message.responseTopic = owned.get();
    }
    void* correlation = nullptr;
    std::uint16_t correlationLength = 0;
    if (mosquitto_property_read_binary(properties, MQTT_PROP_CORRELATION_DATA, &correlation,
                                       &correlationLength, false)) {
        const MallocedPtr<void> owned(correlation);
        if (owned)
            message.correlationData.assign(static_cast<const char*>(owned.get()),
                                           correlationLength);
    }
    self(userdata)->queueEvent(std::move(event));
}

void Client::onLogCallback(mosquitto*, void* userdata, int level, const char* text) noexcept {
    Client* client = self(userdata);
    if (client->closing_ || !text) return;
    logDebug("libmosquitto: {}", text);
    // The OpenSSL reason of a TLS failure only shows here.
    if ((level & MOSQ_LOG_ERR) != 0) client->libraryDetail_ = text;
}

void Client::queueEvent(LibraryEvent event) {
    if (closing_) return;
    event.attempt = attempt_;
    events_.push_back(std::move(event));
}

}  // namespace vreglink::mqtt
