// VenusTopics' keep-alive side (venus-dbus-mqtt.md §4.4): the alive window, the heartbeat, the
// rate-limited full republish with its full_publish_completed, and the batching of changes that
// are published while alive.
#include "mqttgw/venus_topics.h"

#include "core/log.h"
#include "mqttgw/value_payload.h"

#include <utility>

namespace vreglink::mqttgw {

namespace {

std::int64_t unixSeconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

template <typename Handler>
void VenusTopics::waitOn(asio::steady_timer& timer, Handler handler) {
    timer.async_wait([weak = std::weak_ptr<VenusTopics*>(self_),
                      handler = std::move(handler)](const asio::error_code& ec) {
        const auto self = weak.lock();
        if (ec || !self) return;
        handler(**self);
    });
}

bool VenusTopics::alive() const {
    return Clock::now() < aliveUntil_;
}

void VenusTopics::handleKeepAlive(const mqtt::Message& message, bool legacy) {
    ++counters_.keepAlives;
    const KeepAliveRequest request = parseKeepAlive(message.payload);
    if (request.fullRepublish) {
        // Over the limit: deferred and coalesced into one republish when a token is back; every
        // echo token is still answered (dbus-flashmq drops them instead, which leaves a waiting
        // client hanging).
        if (!republishDeferred_ && republishBucket_.tryTake(Clock::now())) {
            std::vector<std::string> tokens;
            if (!request.echoToken.empty()) tokens.push_back(request.echoToken);
            fullRepublish(tokens);
        } else {
            ++counters_.republishesDeferred;
            if (!request.echoToken.empty()) deferredEchoTokens_.push_back(request.echoToken);
            scheduleDeferredRepublish();
        }
    } else if (legacy) {
        publishSerial();  // R/<portal>/system/0/Serial is also a read of the Serial
    }
    aliveUntil_ = Clock::now() + options_.aliveWindow;
    if (!heartbeatRunning_) {
        heartbeatRunning_ = true;
        heartbeat();  // the first one at once, as dbus-flashmq
    }
}

void VenusTopics::fullRepublish(const std::vector<std::string>& echoTokens) {
    const auto start = Clock::now();
    publishSerial();
    for (const auto& device : devices_) {
        device->dropPending();  // the republish carries their latest values
        device->publishAll();
    }
    const std::int64_t now = unixSeconds();
    if (echoTokens.empty()) {
        publishTopic(completedTopic_, encodeTimestampPayload(now));
    } else {
        for (const auto& token : echoTokens) {
            publishTopic(completedTopic_, encodeTimestampPayload(now, token));
        }
    }
    ++counters_.fullRepublishes;
    counters_.lastFullRepublish =
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
}

void VenusTopics::scheduleDeferredRepublish() {
    if (republishDeferred_) return;  // one is coming: this request joins it
    republishDeferred_ = true;
    republishTimer_.expires_after(republishBucket_.untilAvailable(Clock::now()));
    waitOn(republishTimer_, [](VenusTopics& self) {
        if (!self.republishBucket_.tryTake(Clock::now())) {  // clock rounding: try again
            self.republishDeferred_ = false;
            self.scheduleDeferredRepublish();
            return;
        }
        self.republishDeferred_ = false;
        const auto tokens = std::exchange(self.deferredEchoTokens_, {});
        self.fullRepublish(tokens);
    });
}

void VenusTopics::heartbeat() {
    if (!alive()) {
        heartbeatRunning_ = false;
        logDebug("mqtt: keep-alive window over; changes no longer published");
        return;
    }
    publishTopic(heartbeatTopic_, encodeTimestampPayload(unixSeconds()));
    heartbeatTimer_.expires_after(options_.heartbeatInterval);
    waitOn(heartbeatTimer_, [](VenusTopics& self) { self.heartbeat(); });
}

void VenusTopics::changesPending() {
    if (flushScheduled_) return;
    flushScheduled_ = true;
    // Armed by the first change only: no wake-ups while nothing changes. With interval 0 the
    // batch is what changed in this loop turn.
    flushTimer_.expires_after(options_.changesInterval);
    waitOn(flushTimer_, [](VenusTopics& self) { self.flushChanges(); });
}

void VenusTopics::flushChanges() {
    flushScheduled_ = false;
    const bool publish = alive();  // the window may have closed since the change
    for (const auto& device : devices_) {
        if (publish) {
            device->publishPending();
        } else {
            device->dropPending();
        }
    }
}

}  // namespace vreglink::mqttgw
