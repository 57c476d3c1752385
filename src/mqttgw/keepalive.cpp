// Keep-alive payloads and the republish rate limit (venus-dbus-mqtt.md §4.4).
#include "mqttgw/keepalive.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace vreglink::mqttgw {

namespace {
// Refill arithmetic in doubles: a timer that waited exactly untilAvailable() must find a token.
constexpr double kOneToken = 1.0 - 1e-9;
}  // namespace

KeepAliveRequest parseKeepAlive(std::string_view payload) {
    KeepAliveRequest request;
    // dbus-flashmq: "Cheating: I don't actually need to parse the json" — the word anywhere
    // suppresses the republish. Same here, so odd but working clients keep working.
    request.fullRepublish = payload.find("suppress-republish") == std::string_view::npos;
    if (payload.empty()) return request;
    const auto json = nlohmann::json::parse(payload, nullptr, /*allow_exceptions=*/false);
    if (!json.is_object()) return request;  // not JSON, or dbus-mqtt's topic-list array
    const auto options = json.find("keepalive-options");
    if (options == json.end() || !options->is_array()) return request;
    for (const auto& option : *options) {
        if (!option.is_object()) continue;
        const auto echo = option.find("full-publish-completed-echo");
        if (echo != option.end() && echo->is_string()) {
            request.echoToken = echo->get_ref<const std::string&>();  // the last one wins
        }
    }
    return request;
}

TokenBucket::TokenBucket(double perSecond, double capacity, Clock::time_point now)
    : perSecond_(std::max(perSecond, 1e-3)),
      capacity_(std::max(capacity, 1.0)),
      tokens_(capacity_),
      last_(now) {}

void TokenBucket::refill(Clock::time_point now) {
    if (now <= last_) return;
    const std::chrono::duration<double> elapsed = now - last_;
    tokens_ = std::min(capacity_, tokens_ + elapsed.count() * perSecond_);
    last_ = now;
}

bool TokenBucket::tryTake(Clock::time_point now) {
    refill(now);
    if (tokens_ < kOneToken) return false;
    tokens_ = std::max(0.0, tokens_ - 1.0);
    return true;
}

TokenBucket::Clock::duration TokenBucket::untilAvailable(Clock::time_point now) {
    refill(now);
    if (tokens_ >= kOneToken) return Clock::duration::zero();
    const std::chrono::duration<double> wait((1.0 - tokens_) / perSecond_);
    // Round up so that the token is really there when the caller's timer fires.
    return std::chrono::ceil<Clock::duration>(wait);
}

}  // namespace vreglink::mqttgw
