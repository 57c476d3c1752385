// Keep-alive payloads and the republish token bucket (venus-dbus-mqtt.md §4.4).
#include "mqttgw/keepalive.h"

#include <gtest/gtest.h>

namespace vreglink::mqttgw {
namespace {

using namespace std::chrono_literals;

TEST(KeepAlive, PayloadOptions) {
    EXPECT_TRUE(parseKeepAlive("").fullRepublish);
    EXPECT_TRUE(parseKeepAlive("").echoToken.empty());
    EXPECT_TRUE(parseKeepAlive("{}").fullRepublish);
    EXPECT_TRUE(parseKeepAlive("not json").fullRepublish);
    EXPECT_TRUE(parseKeepAlive(R"(["vebus/#"])").fullRepublish);  // old dbus-mqtt topic list
    EXPECT_FALSE(parseKeepAlive(R"({"keepalive-options": ["suppress-republish"]})").fullRepublish);
    EXPECT_FALSE(parseKeepAlive("suppress-republish").fullRepublish);  // as dbus-flashmq

    const auto echo =
        parseKeepAlive(R"({"keepalive-options": [{"full-publish-completed-echo": "B9FMlG"}]})");
    EXPECT_TRUE(echo.fullRepublish);
    EXPECT_EQ(echo.echoToken, "B9FMlG");
    // A token that is not a string is no token; other options are ignored.
    const auto odd = parseKeepAlive(
        R"({"keepalive-options": [{"full-publish-completed-echo": 5}, "x", {"y": 1}]})");
    EXPECT_TRUE(odd.fullRepublish);
    EXPECT_TRUE(odd.echoToken.empty());
}

TEST(TokenBucket, BurstThenRefillAtTheRate) {
    const auto t0 = TokenBucket::Clock::time_point{} + 100s;
    TokenBucket bucket(3.0, 3.0, t0);
    EXPECT_TRUE(bucket.tryTake(t0));
    EXPECT_TRUE(bucket.tryTake(t0));
    EXPECT_TRUE(bucket.tryTake(t0));
    EXPECT_FALSE(bucket.tryTake(t0));
    const auto wait = bucket.untilAvailable(t0);
    EXPECT_GT(wait, 330ms);
    EXPECT_LT(wait, 340ms);
    EXPECT_FALSE(bucket.tryTake(t0 + 300ms));
    EXPECT_TRUE(bucket.tryTake(t0 + wait));  // exactly when it said
    EXPECT_FALSE(bucket.tryTake(t0 + wait));
    // Never more than the capacity, however long it was idle.
    const auto later = t0 + 1h;
    EXPECT_EQ(bucket.untilAvailable(later), TokenBucket::Clock::duration::zero());
    int taken = 0;
    while (bucket.tryTake(later)) ++taken;
    EXPECT_EQ(taken, 3);
}

}  // namespace
}  // namespace vreglink::mqttgw
