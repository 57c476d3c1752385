// mqtt::Client through a real mosquitto: messages, MQTT 5 request/response properties (issue 6
// item 3: reply to the Response Topic with the Correlation Data), 3.1.1 clients, retained and
// zero-length payloads (spec §4.3: a vanished service's topics get empty payloads).
#include "mosquitto_broker.h"
#include "mqtt_test_support.h"

#include <gtest/gtest.h>

namespace vreglink::test {
namespace {

using testing::runUntil;

class ClientRoundTrip : public ::testing::Test {
  protected:
    void SetUp() override { ASSERT_TRUE(broker.ok()) << broker.error(); }

    // A connected client with `filters` subscribed and `listener` attached.
    std::unique_ptr<mqtt::Client> connectedClient(
        const std::string& id, RecordingListener& listener,
        const std::vector<std::string>& filters = {},
        mqtt::ProtocolPreference protocol = mqtt::ProtocolPreference::V5WithFallback) {
        auto options = localOptions(broker.port(), id);
        options.protocol = protocol;
        auto client = startClient(io, options);
        if (!client) return nullptr;
        client->addListener(listener);
        for (const auto& f : filters) client->subscribe(f);
        EXPECT_TRUE(waitConnected(io, *client)) << client->lastError();
        return client;
    }

    asio::io_context io;
    testing::MosquittoBroker broker;
};

TEST_F(ClientRoundTrip, PublishReachesASubscriber) {
    RecordingListener subscriberSeen, publisherSeen;
    auto subscriber = connectedClient("sub", subscriberSeen, {"vreglink/test/#"});
    auto publisher = connectedClient("pub", publisherSeen);
    ASSERT_TRUE(subscriber && publisher);
    EXPECT_EQ(subscriber->protocolVersion(), mqtt::ProtocolVersion::V5);
    EXPECT_EQ(subscriberSeen.connected, 1);
    EXPECT_EQ(subscriber->clientId(), "sub");

    publisher->publish(textMessage("vreglink/test/a", "hello"));
    publisher->publish(textMessage("other/topic", "not for the subscriber"));
    publisher->publish(textMessage("vreglink/test/b", "world"));
    ASSERT_TRUE(runUntil(
        io, [&] { return subscriberSeen.messages.size() >= 2; }, 3s));

    EXPECT_EQ(subscriberSeen.messages[0].topic, "vreglink/test/a");
    EXPECT_EQ(subscriberSeen.messages[0].payload, "hello");
    EXPECT_FALSE(subscriberSeen.messages[0].retain);
    EXPECT_EQ(subscriberSeen.messages[1].payload, "world");
    EXPECT_EQ(publisher->stats().published, 3u);
    EXPECT_EQ(subscriber->stats().receivedMessages, 2u);
    EXPECT_TRUE(publisherSeen.messages.empty());
}

TEST_F(ClientRoundTrip, BurstArrivesCompletelyAndInOrder) {
    // Many packets per TCP read: none may be left behind until the next keep-alive, and the
    // order is kept.
    RecordingListener subscriberSeen, publisherSeen;
    auto subscriber = connectedClient("burst-sub", subscriberSeen, {"burst"});
    auto publisher = connectedClient("burst-pub", publisherSeen);
    ASSERT_TRUE(subscriber && publisher);
    constexpr int kCount = 300;
    for (int i = 0; i < kCount; ++i) publisher->publish(textMessage("burst", std::to_string(i)));
    ASSERT_TRUE(runUntil(
        io, [&] { return subscriberSeen.messages.size() == static_cast<std::size_t>(kCount); }, 3s))
        << subscriberSeen.messages.size();
    for (int i = 0; i < kCount; ++i) {
        ASSERT_EQ(subscriberSeen.messages[static_cast<std::size_t>(i)].payload, std::to_string(i));
    }
}

TEST_F(ClientRoundTrip, ResponseTopicAndCorrelationDataArrive) {
    RecordingListener serverSeen, requesterSeen;
    auto server = connectedClient("server", serverSeen, {"vreglink/p/rpc"});
    auto requester = connectedClient("requester", requesterSeen, {"reply/requester"});
    ASSERT_TRUE(server && requester);

    auto request = textMessage("vreglink/p/rpc", R"({"id":"1","op":"list"})");
    request.responseTopic = "reply/requester";
    request.correlationData = std::string("\x00\x01\xFFid", 5);  // binary, with a NUL
    requester->publish(request);
    ASSERT_TRUE(runUntil(
        io, [&] { return !serverSeen.messages.empty(); }, 3s));
    const mqtt::Message got = serverSeen.messages[0];
    EXPECT_EQ(got.responseTopic, "reply/requester");
    EXPECT_EQ(got.correlationData, request.correlationData);

    // The reply the way the RPC front end sends it: to the response topic, correlation copied.
    auto reply = textMessage(got.responseTopic, R"({"id":"1","status":0})");
    reply.correlationData = got.correlationData;
    server->publish(reply, mqtt::WhenOffline::Queue);
    ASSERT_TRUE(runUntil(
        io, [&] { return !requesterSeen.messages.empty(); }, 3s));
    EXPECT_EQ(requesterSeen.messages[0].correlationData, request.correlationData);
    EXPECT_TRUE(requesterSeen.messages[0].responseTopic.empty());
}

TEST_F(ClientRoundTrip, V311ClientReceivesWithoutPropertiesAndSendsNone) {
    RecordingListener oldSeen, newSeen;
    auto old = connectedClient("old", oldSeen, {"to/old"}, mqtt::ProtocolPreference::V311Only);
    auto modern = connectedClient("modern", newSeen, {"to/modern"});
    ASSERT_TRUE(old && modern);
    EXPECT_EQ(old->protocolVersion(), mqtt::ProtocolVersion::V311);

    auto toOld = textMessage("to/old", "payload");
    toOld.responseTopic = "to/modern";
    toOld.correlationData = "c1";
    modern->publish(toOld);
    // From 3.1.1 the properties cannot be sent: the message still goes, without them.
    auto toModern = textMessage("to/modern", "back");
    toModern.responseTopic = "to/old";
    toModern.correlationData = "c2";
    old->publish(toModern);

    ASSERT_TRUE(runUntil(
        io, [&] { return !oldSeen.messages.empty() && !newSeen.messages.empty(); }, 3s));
    EXPECT_EQ(oldSeen.messages[0].payload, "payload");
    EXPECT_TRUE(oldSeen.messages[0].responseTopic.empty());
    EXPECT_TRUE(oldSeen.messages[0].correlationData.empty());
    EXPECT_EQ(newSeen.messages[0].payload, "back");
    EXPECT_TRUE(newSeen.messages[0].responseTopic.empty());
    EXPECT_TRUE(newSeen.messages[0].correlationData.empty());
}

TEST_F(ClientRoundTrip, RetainedFlagAndZeroLengthPayloadTravel) {
    RecordingListener watcherSeen, publisherSeen;
    auto watcher = connectedClient("watcher", watcherSeen, {"vreglink/marker"});
    auto publisher = connectedClient("publisher", publisherSeen);
    ASSERT_TRUE(watcher && publisher);

    auto retained = textMessage("vreglink/retained", "kept");
    retained.retain = true;
    publisher->publish(retained);
    publisher->publish(textMessage("vreglink/marker", ""));  // zero-length, like "service gone"
    // Same connection, in order: once the marker is through, the retained one is stored.
    ASSERT_TRUE(runUntil(
        io, [&] { return !watcherSeen.messages.empty(); }, 3s));
    EXPECT_EQ(watcherSeen.messages[0].topic, "vreglink/marker");
    EXPECT_TRUE(watcherSeen.messages[0].payload.empty());

    // A subscription made now gets the stored message, flagged retained.
    watcher->subscribe("vreglink/retained");
    ASSERT_TRUE(runUntil(
        io, [&] { return !watcherSeen.on("vreglink/retained").empty(); }, 3s));
    const auto got = watcherSeen.on("vreglink/retained")[0];
    EXPECT_TRUE(got.retain);
    EXPECT_EQ(got.payload, "kept");

    // A retained zero-length publish clears it: a new subscriber gets nothing back.
    auto clear = textMessage("vreglink/retained", "");
    clear.retain = true;
    publisher->publish(clear);
    publisher->publish(textMessage("vreglink/marker", "2"));
    ASSERT_TRUE(runUntil(
        io, [&] { return watcherSeen.on("vreglink/marker").size() >= 2; }, 3s));
    RecordingListener lateSeen;
    auto late = connectedClient("late", lateSeen, {"vreglink/retained", "vreglink/marker"});
    ASSERT_TRUE(late);
    publisher->publish(textMessage("vreglink/marker", "3"));
    ASSERT_TRUE(runUntil(
        io, [&] { return !lateSeen.on("vreglink/marker").empty(); }, 3s));
    EXPECT_TRUE(lateSeen.on("vreglink/retained").empty());
}

TEST_F(ClientRoundTrip, RemovedListenerHearsNothingMore) {
    RecordingListener first, second, publisherSeen;
    auto client = connectedClient("two-listeners", first, {"t/#"});
    ASSERT_TRUE(client);
    client->addListener(second);
    auto publisher = connectedClient("p2", publisherSeen);
    ASSERT_TRUE(publisher);
    publisher->publish(textMessage("t/1", "a"));
    ASSERT_TRUE(runUntil(
        io, [&] { return second.messages.size() == 1; }, 3s));
    EXPECT_EQ(first.messages.size(), 1u);

    client->removeListener(first);
    publisher->publish(textMessage("t/2", "b"));
    ASSERT_TRUE(runUntil(
        io, [&] { return second.messages.size() == 2; }, 3s));
    EXPECT_EQ(first.messages.size(), 1u);
}

}  // namespace
}  // namespace vreglink::test
