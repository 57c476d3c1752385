// mqtt::Client's MQTT 5 → 3.1.1 fallback against a broker that only speaks 3.1.1 (issue 6 item 1),
// and destroying the client at any moment (connecting, connected, backing off, inside a listener
// callback) without a crash or a callback afterwards.
#include "mosquitto_broker.h"
#include "mqtt_test_support.h"
#include "v311_only_broker.h"

#include <gtest/gtest.h>

namespace vreglink::test {
namespace {

using testing::runFor;
using testing::runUntil;

TEST(ClientFallback, RefusedMqtt5FallsBackTo311AndRemembersIt) {
    asio::io_context io;
    V311OnlyBroker broker(io);
    RecordingListener seen;
    auto client = startClient(io, localOptions(broker.port(), "fallback"));
    ASSERT_TRUE(client);
    client->addListener(seen);
    client->subscribe("from/broker");
    ASSERT_TRUE(waitConnected(io, *client)) << client->lastError();
    EXPECT_EQ(client->protocolVersion(), mqtt::ProtocolVersion::V311);
    EXPECT_EQ(broker.v5Refused(), 1);
    EXPECT_EQ(broker.v311Accepted(), 1);
    EXPECT_EQ(broker.subscribes(), 1);  // onConnected came after the SUBACK
    EXPECT_EQ(seen.connected, 1);

    broker.publish("from/broker", "plain 3.1.1");
    ASSERT_TRUE(runUntil(
        io, [&] { return !seen.messages.empty(); }, 3s));
    EXPECT_EQ(seen.messages[0].payload, "plain 3.1.1");

    // A reconnect goes straight to 3.1.1.
    broker.dropClients();
    ASSERT_TRUE(runUntil(
        io, [&] { return seen.connected == 2; }, 3s))
        << client->lastError();
    EXPECT_EQ(broker.v5Refused(), 1);
    EXPECT_EQ(broker.v311Accepted(), 2);
    EXPECT_EQ(broker.subscribes(), 2);
}

TEST(ClientFallback, PacketsArrivingTogetherAreAllHandled) {
    // Three PUBLISH packets in one TCP segment: one readiness event; the client must handle all
    // three then, not wait for more traffic (there is none here).
    asio::io_context io;
    V311OnlyBroker broker(io);
    RecordingListener seen;
    auto client = startClient(io, localOptions(broker.port(), "drain"));
    ASSERT_TRUE(client);
    client->addListener(seen);
    client->subscribe("together");
    ASSERT_TRUE(waitConnected(io, *client)) << client->lastError();
    broker.publish("together", "same segment", 3);
    EXPECT_TRUE(runUntil(
        io, [&] { return seen.messages.size() == 3; }, 500ms))
        << seen.messages.size();
}

TEST(ClientFallback, BrokerThatClosesOnMqtt5GetsA311Try) {
    asio::io_context io;
    V311OnlyBroker broker(io, /*closeOnV5=*/true);
    auto client = startClient(io, localOptions(broker.port(), "fallback-close"));
    ASSERT_TRUE(client);
    ASSERT_TRUE(waitConnected(io, *client)) << client->lastError();
    EXPECT_EQ(client->protocolVersion(), mqtt::ProtocolVersion::V311);
    EXPECT_EQ(broker.v5Refused(), 1);
    EXPECT_EQ(client->stats().connectAttempts, 2u);

    // Not remembered for good (the close may have had another cause): a reconnect asks for
    // MQTT 5 first again, then falls back at once.
    broker.dropClients();
    ASSERT_TRUE(runUntil(
        io, [&] { return broker.v311Accepted() == 2; }, 3s));
    ASSERT_TRUE(waitConnected(io, *client)) << client->lastError();
    EXPECT_EQ(broker.v5Refused(), 2);
    EXPECT_EQ(client->protocolVersion(), mqtt::ProtocolVersion::V311);
}

TEST(ClientFallback, V311OnlyNeverTriesMqtt5) {
    asio::io_context io;
    V311OnlyBroker broker(io);
    auto options = localOptions(broker.port(), "old-school");
    options.protocol = mqtt::ProtocolPreference::V311Only;
    auto client = startClient(io, options);
    ASSERT_TRUE(client);
    ASSERT_TRUE(waitConnected(io, *client)) << client->lastError();
    EXPECT_EQ(broker.v5Refused(), 0);
}

// Accepts TCP connections and never says a word: a client stays "connecting".
class SilentServer {
  public:
    explicit SilentServer(asio::io_context& io)
        : acceptor_(io, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
          socket_(io) {
        acceptor_.async_accept(socket_, [](const asio::error_code&) {});
    }
    std::uint16_t port() const { return acceptor_.local_endpoint().port(); }

  private:
    asio::ip::tcp::acceptor acceptor_;
    asio::ip::tcp::socket socket_;
};

TEST(ClientLifecycle, DestroyWhileConnecting) {
    asio::io_context io;
    SilentServer server(io);
    RecordingListener seen;
    auto options = localOptions(server.port(), "impatient");
    options.connectTimeout = 300ms;
    auto client = startClient(io, options);
    ASSERT_TRUE(client);
    client->addListener(seen);
    ASSERT_TRUE(runUntil(
        io, [&] { return client->stats().connectAttempts == 1; }, 1s));
    runFor(io, 50ms);
    EXPECT_EQ(client->state(), mqtt::SessionState::Connecting);
    client.reset();
    runFor(io, 100ms);  // completions still queued for the dead client do nothing
    EXPECT_EQ(seen.connected + seen.disconnected, 0);
}

TEST(ClientLifecycle, SilentBrokerTimesOut) {
    asio::io_context io;
    SilentServer server(io);
    auto options = localOptions(server.port(), "timeout");
    options.connectTimeout = 200ms;
    auto client = startClient(io, options);
    ASSERT_TRUE(client);
    ASSERT_TRUE(runUntil(
        io, [&] { return client->lastFailure().kind != mqtt::FailureKind::None; }, 2s));
    EXPECT_EQ(client->lastFailure().kind, mqtt::FailureKind::Timeout) << client->lastError();
}

TEST(ClientLifecycle, DestroyWhileConnectedAndDuringBackoff) {
    testing::MosquittoBroker broker;
    ASSERT_TRUE(broker.ok()) << broker.error();
    asio::io_context io;
    RecordingListener seen;
    auto client = startClient(io, localOptions(broker.port(), "short-lived"));
    ASSERT_TRUE(client);
    client->addListener(seen);
    client->subscribe("x/#");
    ASSERT_TRUE(waitConnected(io, *client));
    client->publish(textMessage("x/1", "last words"));
    client.reset();  // with a write possibly still queued
    runFor(io, 100ms);
    EXPECT_EQ(seen.disconnected, 0);

    auto retrying = startClient(io, localOptions(testing::freeTcpPort(), "backing-off"));
    ASSERT_TRUE(retrying);
    ASSERT_TRUE(runUntil(
        io, [&] { return retrying->state() == mqtt::SessionState::Backoff; }, 1s));
    retrying.reset();
    runFor(io, 300ms);
}

// A listener that destroys the client from inside its own callback.
class SelfDestructingListener : public mqtt::TransportListener {
  public:
    explicit SelfDestructingListener(std::unique_ptr<mqtt::Client>& owner) : owner_(owner) {}
    void onMessage(const mqtt::Message&) override {
        ++messages;
        owner_.reset();
    }
    int messages = 0;

  private:
    std::unique_ptr<mqtt::Client>& owner_;
};

TEST(ClientLifecycle, DestroyFromInsideAListener) {
    testing::MosquittoBroker broker;
    ASSERT_TRUE(broker.ok()) << broker.error();
    asio::io_context io;
    auto client = startClient(io, localOptions(broker.port(), "self-destruct"));
    ASSERT_TRUE(client);
    SelfDestructingListener listener(client);
    RecordingListener after;  // registered second: must not be called on a dead client
    client->addListener(listener);
    client->addListener(after);
    client->subscribe("boom");
    ASSERT_TRUE(waitConnected(io, *client));
    client->publish(textMessage("boom", "1"));
    client->publish(textMessage("boom", "2"));
    ASSERT_TRUE(runUntil(
        io, [&] { return !client; }, 3s));
    runFor(io, 100ms);
    EXPECT_EQ(listener.messages, 1);
    EXPECT_TRUE(after.messages.empty());
}

}  // namespace
}  // namespace vreglink::test
