// The dbus-flashmq keep-alive protocol's pure parts (venus-dbus-mqtt.md §4.4): what a keep-alive
// payload asks for, and the token bucket that rate-limits the full republishes it triggers
// ("at most 3 per second"; installations have been seen to get hundreds at once).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace vreglink::mqttgw {

struct KeepAliveRequest {
    // Empty payload, or anything without "suppress-republish": republish every topic.
    bool fullRepublish = true;
    // {"keepalive-options": [{"full-publish-completed-echo": "<token>"}]} (Venus >= 3.50): sent
    // back in N/<portal>/full_publish_completed. Empty = none.
    std::string echoToken;
};

// Never fails: a payload that is not the JSON object described in §4.4 is an old-style
// keep-alive (dbus-mqtt's topic list, or garbage) and asks for a full republish, unless it
// mentions "suppress-republish" at all (dbus-flashmq only looks for that word).
KeepAliveRequest parseKeepAlive(std::string_view payload);

// Classic token bucket: `capacity` tokens, refilled at `perSecond`; starts full.
class TokenBucket {
  public:
    using Clock = std::chrono::steady_clock;

    TokenBucket(double perSecond, double capacity, Clock::time_point now);

    // Takes one token if there is one.
    bool tryTake(Clock::time_point now);
    // How long until one token is available (zero when there is one now).
    Clock::duration untilAvailable(Clock::time_point now);

  private:
    void refill(Clock::time_point now);

    double perSecond_;
    double capacity_;
    double tokens_;
    Clock::time_point last_;
};

}  // namespace vreglink::mqttgw
