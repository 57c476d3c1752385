// mqtt::Client's session state machine: connect attempts with backoff, the MQTT 5 → 3.1.1
// fallback, renewing subscriptions, the outbox after a reconnect, telling listeners (issue 6 item
// 1; spec §4.1).
#include "mqtt/client.h"

#include "core/log.h"

#include <mosquitto.h>

#include <algorithm>

namespace vreglink::mqtt {
namespace {

const char* versionName(ProtocolVersion version) {
    return version == ProtocolVersion::V5 ? "MQTT 5" : "MQTT 3.1.1";
}

}  // namespace

void Client::startAttempt() {
    if (closing_) return;
    // The library closes its old socket and opens a new one, likely under the same number: the
    // descriptor must let go of the old one first.
    releaseDescriptor();
    ++attempt_;
    ++stats_.connectAttempts;
    socketUp_ = false;
    libraryDetail_.clear();
    pendingSubacks_.clear();
    const bool v311 =
        options_.protocol == ProtocolPreference::V311Only || pinnedV311_ || probingV311_;
    protocolVersion_ = v311 ? ProtocolVersion::V311 : ProtocolVersion::V5;
    (void)mosquitto_int_option(mosq_.get(), MOSQ_OPT_PROTOCOL_VERSION,
                               v311 ? MQTT_PROTOCOL_V311 : MQTT_PROTOCOL_V5);
    state_ = SessionState::Connecting;
    scheduleState(options_.connectTimeout, &Client::onAttemptTimeout);
    // connect_async rather than reconnect_async every time: it also re-reads host and port, and
    // the outcome is the same (the old socket is closed, a non-blocking connect started).
    errno = 0;
    const int rc = mosquitto_connect_async(mosq_.get(), options_.host.c_str(), options_.port,
                                           static_cast<int>(options_.keepalive.count()));
    const int savedErrno = errno;
    if (rc != MOSQ_ERR_SUCCESS) {
        failAttempt(libraryFailure(rc, savedErrno, libraryDetail_, options_.tls.has_value()));
        return;
    }
    (void)settle();
}

void Client::onAttemptTimeout() {
    if (state_ != SessionState::Connecting && state_ != SessionState::Subscribing) return;
    failAttempt({FailureKind::Timeout,
                 fmt::format("no MQTT session within {} ms", options_.connectTimeout.count())});
}

void Client::failAttempt(ConnectionFailure failure) {
    releaseDescriptor();
    state_ = SessionState::Backoff;
    probingV311_ = false;
    pendingSubacks_.clear();
    recordFailure(std::move(failure), false);
    scheduleState(backoff_, &Client::startAttempt);
    backoff_ = std::min(backoff_ * 2, options_.backoff.max);
}

void Client::retryAtOnce() {
    releaseDescriptor();
    state_ = SessionState::Backoff;
    scheduleState(std::chrono::milliseconds(0), &Client::startAttempt);
}

void Client::recordFailure(ConnectionFailure failure, bool sessionWasUp) {
    // Once per change: the same reason on every retry of a dead broker is logged at debug level.
    const std::string line =
        fmt::format("MQTT {}:{}: {}", options_.host, options_.port, failure.message);
    if (sessionWasUp || line != lastLoggedFailure_) {
        logWarning("{}{}", line, sessionWasUp ? "" : "; retrying with backoff");
        lastLoggedFailure_ = line;
    } else {
        logDebug("{}", line);
    }
    lastFailure_ = std::move(failure);
}

bool Client::tryProbeV311(const ConnectionFailure& failure) {
    // A 3.1.1-only broker may also just close the connection on an MQTT 5 CONNECT.
    if (protocolVersion_ != ProtocolVersion::V5 || !socketUp_ ||
        options_.protocol != ProtocolPreference::V5WithFallback ||
        (failure.kind != FailureKind::Lost && failure.kind != FailureKind::Protocol)) {
        return false;
    }
    logInfo("MQTT {}:{}: broker closed the MQTT 5 connection unanswered ({}); trying 3.1.1",
            options_.host, options_.port, failure.message);
    probingV311_ = true;
    retryAtOnce();
    return true;
}

void Client::handle(LibraryEvent& event) {
    if (event.attempt != attempt_) return;
    switch (event.kind) {
        case LibraryEvent::Kind::Connack:
            onConnack(event.code);
            break;
        case LibraryEvent::Kind::Closed:
            onClosed(event.code, event.detail);
            break;
        case LibraryEvent::Kind::Suback:
            onSuback(event.code, event.detail);
            break;
        case LibraryEvent::Kind::Message:
            if (state_ == SessionState::Subscribing || state_ == SessionState::Connected) {
                ++stats_.receivedMessages;
                (void)deliver(event.message);
            }
            break;
    }
}

void Client::onConnack(int code) {
    if (state_ != SessionState::Connecting) return;
    if (code == 0) {
        sessionUp();
        return;
    }
    if (protocolVersion_ == ProtocolVersion::V5 && isUnsupportedProtocolVersion(code) &&
        options_.protocol == ProtocolPreference::V5WithFallback) {
        logInfo("MQTT {}:{}: broker does not speak MQTT 5; using 3.1.1 from now on", options_.host,
                options_.port);
        pinnedV311_ = true;
        retryAtOnce();
        return;
    }
    failAttempt(connackFailure(code, protocolVersion_ == ProtocolVersion::V5));
}

void Client::onClosed(int code, int errnoValue) {
    auto failure = libraryFailure(code, errnoValue, libraryDetail_, options_.tls.has_value());
    switch (state_) {
        case SessionState::Connecting:
            if (!tryProbeV311(failure)) failAttempt(std::move(failure));
            break;
        case SessionState::Subscribing:
            failAttempt(std::move(failure));
            break;
        case SessionState::Connected:
            sessionLost(std::move(failure));
            break;
        case SessionState::Backoff:
            break;
    }
}

void Client::sessionUp() {
    if (probingV311_) {
        // Not pinned: the close may have had another cause (a broker restarting, a connection
        // limit), and 3.1.1 for good would lose MQTT 5's request/response. The next session
        // tries MQTT 5 first again, at the cost of one refused attempt per reconnect.
        logInfo("MQTT {}:{}: broker accepted 3.1.1 after closing MQTT 5; 3.1.1 for this session",
                options_.host, options_.port);
    }
    state_ = SessionState::Subscribing;
    pendingSubacks_.clear();
    for (const auto& [filter, qos] : subscriptions_) sendSubscribe(filter, qos);
    if (pendingSubacks_.empty()) becomeConnected();
}

void Client::onSuback(int mid, int grantedQos) {
    const auto it = std::find_if(pendingSubacks_.begin(), pendingSubacks_.end(),
                                 [&](const auto& p) { return p.first == mid; });
    if (it == pendingSubacks_.end()) return;
    // 0x80: the broker refused this filter (ACL, §4.5); the rest of the session still works.
    if (grantedQos >= 0x80) logWarning("MQTT: broker refused the subscription '{}'", it->second);
    pendingSubacks_.erase(it);
    if (state_ == SessionState::Subscribing && pendingSubacks_.empty()) becomeConnected();
}

void Client::becomeConnected() {
    state_ = SessionState::Connected;
    ++stats_.connects;
    backoff_ = options_.backoff.min;
    ++stateGeneration_;  // the attempt deadline no longer applies
    stateTimer_.cancel();
    logInfo("MQTT connected to {}:{} as '{}' ({})", options_.host, options_.port, clientId_,
            versionName(protocolVersion_));
    lastLoggedFailure_.clear();
    startTick();
    // Owed messages first, in order; what listeners publish on onConnected follows them.
    while (!outbox_.empty() && state_ == SessionState::Connected) {
        const int rc = sendNow(outbox_.front());
        if (isConnectionError(rc)) break;  // kept for the next session
        if (rc == MOSQ_ERR_SUCCESS) {
            ++stats_.queuedSent;
            ++stats_.published;
        } else {
            ++stats_.publishErrors;  // unsendable (bad topic, too large): must not block the rest
            logWarning("MQTT: cannot publish on '{}': {}", outbox_.front().topic,
                       mosquitto_strerror(rc));
        }
        outbox_.pop_front();
    }
    (void)notifyListeners([](TransportListener& l) { l.onConnected(); });
}

void Client::sessionLost(ConnectionFailure failure) {
    releaseDescriptor();
    state_ = SessionState::Backoff;
    probingV311_ = false;
    ++stats_.disconnects;
    ++tickGeneration_;
    tickTimer_.cancel();
    const std::string reason = failure.message;
    recordFailure(std::move(failure), true);
    backoff_ = options_.backoff.min;
    scheduleState(backoff_, &Client::startAttempt);
    backoff_ = std::min(backoff_ * 2, options_.backoff.max);
    (void)notifyListeners([&](TransportListener& l) { l.onDisconnected(reason); });
}

bool Client::deliver(const Message& message) {
    return notifyListeners([&](TransportListener& l) { l.onMessage(message); });
}

bool Client::notifyListeners(const std::function<void(TransportListener&)>& call) {
    const std::weak_ptr<int> alive = alive_;
    // A copy: listeners may add or remove listeners (or destroy the client) while being called.
    for (TransportListener* listener : std::vector(listeners_)) {
        if (alive.expired()) return false;
        if (std::find(listeners_.begin(), listeners_.end(), listener) == listeners_.end()) {
            continue;
        }
        call(*listener);
    }
    return !alive.expired();
}

}  // namespace vreglink::mqtt
