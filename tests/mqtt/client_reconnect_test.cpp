// mqtt::Client keeps itself connected (issue 6 item 1: "a broker restart loses no RPC reply that
// was still owed"): after a broker restart it reconnects alone, renews its subscriptions, sends
// the WhenOffline::Queue messages in order and counts the dropped ones; a broker that is not
// there is retried with backoff, without spinning the loop.
#include "mosquitto_broker.h"
#include "mqtt_test_support.h"

#include <gtest/gtest.h>

namespace vreglink::test {
namespace {

using testing::MosquittoBroker;
using testing::runUntil;

// Runs the loop for `duration` and returns how many handlers ran: a client that spins shows up
// as thousands.
std::size_t handlersRunFor(asio::io_context& io, std::chrono::milliseconds duration) {
    std::size_t handlers = 0;
    const auto deadline = std::chrono::steady_clock::now() + duration;
    while (std::chrono::steady_clock::now() < deadline) {
        if (io.stopped()) io.restart();
        handlers += io.run_one_for(5ms);
    }
    return handlers;
}

std::vector<std::string> payloads(const std::vector<mqtt::Message>& messages) {
    std::vector<std::string> out;
    for (const auto& m : messages) out.push_back(m.payload);
    return out;
}

TEST(ClientReconnect, BrokerRestartRenewsSubscriptionsAndSendsQueuedMessages) {
    MosquittoBroker broker;
    ASSERT_TRUE(broker.ok()) << broker.error();
    asio::io_context io;
    RecordingListener seen;
    auto client = startClient(io, localOptions(broker.port(), "gateway"));
    ASSERT_TRUE(client);
    client->addListener(seen);
    client->subscribe("vreglink/cmd");
    client->subscribe("vreglink/out");  // sees its own output: proves order and delivery
    ASSERT_TRUE(waitConnected(io, *client)) << client->lastError();

    broker.stop();
    ASSERT_TRUE(runUntil(
        io, [&] { return seen.disconnected == 1; }, 3s));
    EXPECT_FALSE(client->connected());
    EXPECT_EQ(client->lastFailure().kind, mqtt::FailureKind::Lost) << client->lastError();
    client->publish(textMessage("vreglink/out", "owed-1"), mqtt::WhenOffline::Queue);
    client->publish(textMessage("vreglink/out", "live value"), mqtt::WhenOffline::Drop);
    client->publish(textMessage("vreglink/out", "owed-2"), mqtt::WhenOffline::Queue);
    EXPECT_EQ(client->outboxSize(), 2u);
    EXPECT_EQ(client->stats().droppedOffline, 1u);

    ASSERT_TRUE(broker.restart()) << broker.error();
    ASSERT_TRUE(runUntil(
        io, [&] { return seen.connected == 2; }, 4s))
        << client->lastError();
    ASSERT_TRUE(runUntil(
        io, [&] { return seen.on("vreglink/out").size() >= 2; }, 3s));
    EXPECT_EQ(payloads(seen.on("vreglink/out")), (std::vector<std::string>{"owed-1", "owed-2"}));
    EXPECT_EQ(client->stats().queuedSent, 2u);
    EXPECT_EQ(client->outboxSize(), 0u);
    EXPECT_EQ(client->stats().connects, 2u);
    EXPECT_EQ(client->stats().disconnects, 1u);

    // The renewed subscription works for messages from others.
    RecordingListener otherSeen;
    auto other = startClient(io, localOptions(broker.port(), "app"));
    ASSERT_TRUE(other && waitConnected(io, *other));
    other->publish(textMessage("vreglink/cmd", "after restart"));
    ASSERT_TRUE(runUntil(
        io, [&] { return !seen.on("vreglink/cmd").empty(); }, 3s));
    EXPECT_EQ(seen.on("vreglink/cmd")[0].payload, "after restart");
    EXPECT_EQ(payloads(seen.on("vreglink/out")).size(), 2u);  // the dropped one never came
}

TEST(ClientReconnect, WillIsPublishedWhenTheSessionDiesUncleanly) {
    MosquittoBroker broker;
    ASSERT_TRUE(broker.ok()) << broker.error();
    asio::io_context io;
    RecordingListener watcherSeen, gatewaySeen;
    auto watcher = startClient(io, localOptions(broker.port(), "watcher"));
    ASSERT_TRUE(watcher);
    watcher->addListener(watcherSeen);
    watcher->subscribe("vreglink/status");
    ASSERT_TRUE(waitConnected(io, *watcher));

    auto options = localOptions(broker.port(), "gateway");
    options.will = mqtt::WillMessage{"vreglink/status", "offline", true, mqtt::Qos::AtLeastOnce};
    options.backoff.min = options.backoff.max = 2s;  // stays away once taken over
    auto gateway = startClient(io, options);
    ASSERT_TRUE(gateway);
    gateway->addListener(gatewaySeen);
    ASSERT_TRUE(waitConnected(io, *gateway));
    EXPECT_TRUE(watcherSeen.messages.empty());

    // Another client with the same id takes the session over: the broker drops the first one
    // without a DISCONNECT from it, so its will goes out (MQTT 5 §3.1.4).
    auto usurper = startClient(io, localOptions(broker.port(), "gateway"));
    ASSERT_TRUE(usurper);
    ASSERT_TRUE(runUntil(
        io, [&] { return gatewaySeen.disconnected == 1; }, 3s));
    // mosquitto 2.0 just closes the old connection (no DISCONNECT with a reason code).
    EXPECT_EQ(gateway->lastFailure().kind, mqtt::FailureKind::Lost) << gateway->lastError();
    EXPECT_EQ(gatewaySeen.reasons[0], gateway->lastError());
    ASSERT_TRUE(runUntil(
        io, [&] { return !watcherSeen.messages.empty(); }, 3s));
    EXPECT_EQ(watcherSeen.messages[0].payload, "offline");
}

TEST(ClientReconnect, FullOutboxDropsTheOldest) {
    const std::uint16_t port = testing::freeTcpPort();
    asio::io_context io;
    RecordingListener seen;
    auto options = localOptions(port, "outbox");
    options.outboxLimit = 2;
    auto client = startClient(io, options);
    ASSERT_TRUE(client);
    client->addListener(seen);
    client->subscribe("q");
    for (const char* p : {"1", "2", "3"}) {
        client->publish(textMessage("q", p), mqtt::WhenOffline::Queue);
    }
    EXPECT_EQ(client->outboxSize(), 2u);
    EXPECT_EQ(client->stats().outboxOverflow, 1u);

    testing::BrokerOptions brokerOptions;
    brokerOptions.port = port;
    MosquittoBroker broker(brokerOptions);
    ASSERT_TRUE(broker.ok()) << broker.error();
    ASSERT_TRUE(runUntil(
        io, [&] { return seen.on("q").size() >= 2; }, 4s))
        << client->lastError();
    EXPECT_EQ(payloads(seen.on("q")), (std::vector<std::string>{"2", "3"}));
}

TEST(ClientReconnect, UnsendableQueuedMessageDoesNotBlockTheOutbox) {
    const std::uint16_t port = testing::freeTcpPort();
    asio::io_context io;
    RecordingListener seen;
    auto client = startClient(io, localOptions(port, "outbox-bad"));
    ASSERT_TRUE(client);
    client->addListener(seen);
    client->subscribe("q");
    client->publish(textMessage("q/#", "wildcards cannot be published"), mqtt::WhenOffline::Queue);
    client->publish(textMessage("q", "fine"), mqtt::WhenOffline::Queue);

    testing::BrokerOptions brokerOptions;
    brokerOptions.port = port;
    MosquittoBroker broker(brokerOptions);
    ASSERT_TRUE(broker.ok()) << broker.error();
    ASSERT_TRUE(runUntil(
        io, [&] { return !seen.on("q").empty(); }, 4s))
        << client->lastError();
    EXPECT_EQ(seen.on("q")[0].payload, "fine");
    EXPECT_EQ(client->stats().publishErrors, 1u);
    EXPECT_EQ(client->stats().queuedSent, 1u);
    EXPECT_EQ(client->outboxSize(), 0u);
}

TEST(ClientReconnect, UnreachableBrokerIsRetriedWithBackoffWithoutSpinning) {
    const std::uint16_t port = testing::freeTcpPort();
    asio::io_context io;
    auto client = startClient(io, localOptions(port, "nobody-home"));
    ASSERT_TRUE(client);
    const std::size_t handlers = handlersRunFor(io, 1600ms);
    EXPECT_FALSE(client->connected());
    EXPECT_EQ(client->lastFailure().kind, mqtt::FailureKind::Network) << client->lastError();
    EXPECT_NE(client->lastError().find("refused"), std::string::npos) << client->lastError();
    // 100, 200, 400, 400 … ms apart: about 6 attempts in 1.6 s.
    EXPECT_GE(client->stats().connectAttempts, 4u);
    EXPECT_LE(client->stats().connectAttempts, 7u);
    EXPECT_LT(handlers, 100u);
}

TEST(ClientReconnect, BackoffGrowsToItsMaximum) {
    const std::uint16_t port = testing::freeTcpPort();
    asio::io_context io;
    auto options = localOptions(port, "slow-retry");
    options.backoff.min = 200ms;
    options.backoff.max = 200ms;
    auto client = startClient(io, options);
    ASSERT_TRUE(client);
    testing::runFor(io, 1100ms);
    // Attempts at 0, 0.2, 0.4, 0.6, 0.8, 1.0 s.
    EXPECT_GE(client->stats().connectAttempts, 5u);
    EXPECT_LE(client->stats().connectAttempts, 6u);
}

}  // namespace
}  // namespace vreglink::test
