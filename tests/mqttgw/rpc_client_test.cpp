// The client side of VregLink RPC (RpcClient, RpcDevice — what `vreg --mqtt` uses) against the real
// VregRpcService on one looped-back FakeTransport: requests and replies travel the topics a broker
// would route, by subscription.
#include "mqttgw/rpc_client.h"
#include "mqttgw/rpc_device.h"
#include "rpc_service_fixture.h"

namespace vreglink::testing {
namespace {

using namespace std::chrono_literals;

class RpcClientTest : public RpcServiceTest {
  protected:
    RpcClientTest() { transport_.setLoopback(true); }

    device::VregReply wait(const std::function<void(device::ReplyHandler)>& start,
                           int* answers = nullptr) {
        std::optional<device::VregReply> got;
        start([&, answers](const device::VregReply& r) {
            got = r;
            if (answers) ++*answers;
        });
        EXPECT_TRUE(runUntil(
            io_, [&] { return got.has_value(); }, 3s));
        return got.value_or(device::VregReply{});
    }
};

TEST_F(RpcClientTest, GetAndSetThroughTheGateway) {
    startService();
    device_.script(VregId(0xEDF0), {VregStatus::ok(), Bytes{0x96, 0x00}, 0ms, false});
    mqttgw::RpcClient client(io_, transport_, {2000ms});
    mqttgw::RpcDevice charger(client, "c0ffee", "solarcharger/288");

    const auto got = wait([&](auto done) { charger.get(VregId(0xEDF0), done); });
    EXPECT_TRUE(got.status.isOk()) << got.message;
    EXPECT_EQ(got.data, (Bytes{0x96, 0x00}));
    // The request carried the client id and named its reply topic (MQTT 5) too.
    const auto requests = transport_.on("vreglink/c0ffee/rpc");
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].responseTopic, "vreglink/c0ffee/rpc/reply/fake-client");
    EXPECT_NE(requests[0].payload.find("\"client\":\"fake-client\""), std::string::npos);

    const auto set = wait([&](auto done) { charger.set(VregId(0xEDF0), Bytes{0xC8, 0x00}, done); });
    EXPECT_TRUE(set.status.isOk()) << set.message;
    ASSERT_EQ(device_.sets(), 1u);
    EXPECT_EQ(device_.requests().back().data, (Bytes{0xC8, 0x00}));
    EXPECT_EQ(client.pending(), 0u);
}

TEST_F(RpcClientTest, GatewayStatusesPassThroughWithTheirSentence) {
    startService({"c0ffee", false, 64});  // writes disabled
    mqttgw::RpcClient client(io_, transport_, {2000ms});
    mqttgw::RpcDevice charger(client, "c0ffee", "solarcharger/288");
    const auto refused = wait([&](auto done) { charger.set(VregId(0xEDF0), Bytes{1, 0}, done); });
    EXPECT_EQ(refused.status, VregStatus::notSupported());
    EXPECT_NE(refused.message.find("writes are disabled"), std::string::npos) << refused.message;
    EXPECT_EQ(device_.sets(), 0u);

    mqttgw::RpcDevice nobody(client, "c0ffee", "solarcharger/7");
    const auto missing = wait([&](auto done) { nobody.get(VregId(0xEDF0), done); });
    EXPECT_EQ(missing.status, VregStatus::notSupported());
    EXPECT_NE(missing.message.find("no device solarcharger/7"), std::string::npos);
}

// No gateway answers (wrong portal): 0x8400 after the timeout, exactly once, even if a reply
// turns up later.
TEST_F(RpcClientTest, NoGatewayIsATimeoutAnsweredOnce) {
    mqttgw::RpcClient client(io_, transport_, {150ms});
    mqttgw::RpcDevice elsewhere(client, "nowhere", "solarcharger/288");
    int answers = 0;
    const auto start = std::chrono::steady_clock::now();
    const auto got = wait([&](auto done) { elsewhere.get(VregId(0xEDF0), done); }, &answers);
    EXPECT_EQ(got.status, VregStatus::timeout());
    EXPECT_NE(got.message.find("portal nowhere"), std::string::npos) << got.message;
    EXPECT_GE(std::chrono::steady_clock::now() - start, 150ms);

    // A late reply with that request's id changes nothing.
    const auto request = transport_.on("vreglink/nowhere/rpc").at(0);
    const auto id = nlohmann::json::parse(request.payload)["id"].get<std::string>();
    transport_.deliver("vreglink/nowhere/rpc/reply/fake-client",
                       R"({"id":")" + id + R"(","status":0,"status_text":"0x0000","data":"0100"})");
    runFor(io_, 50ms);
    EXPECT_EQ(answers, 1);
    EXPECT_EQ(client.pending(), 0u);
}

// Before the broker connection is up, requests wait in the transport's outbox (Queue).
TEST_F(RpcClientTest, RequestsMadeOfflineGoOutOnConnect) {
    startService();
    device_.script(VregId(0x0100), {VregStatus::ok(), Bytes{0x00, 0x56, 0xA0, 0xFF}, 0ms, false});
    transport_.disconnect();
    mqttgw::RpcClient client(io_, transport_, {2000ms});
    mqttgw::RpcDevice charger(client, "c0ffee", "solarcharger/288");
    std::optional<device::VregReply> got;
    charger.get(VregId(0x0100), [&](const device::VregReply& r) { got = r; });
    runFor(io_, 30ms);
    EXPECT_FALSE(got.has_value());
    EXPECT_EQ(transport_.outbox.size(), 1u);
    transport_.connect();
    // The outbox went out without passing the loopback: deliver it as the broker would.
    for (const auto& m : transport_.on("vreglink/c0ffee/rpc")) transport_.deliver(m);
    ASSERT_TRUE(runUntil(
        io_, [&] { return got.has_value(); }, 2s));
    EXPECT_TRUE(got->status.isOk()) << got->message;
    EXPECT_EQ(got->data, (Bytes{0x00, 0x56, 0xA0, 0xFF}));
}

TEST(FakeTransportTopics, FiltersMatchLikeABroker) {
    using T = test::FakeTransport;
    EXPECT_TRUE(T::topicMatches("a/b", "a/b"));
    EXPECT_FALSE(T::topicMatches("a/b", "a/b/c"));
    EXPECT_FALSE(T::topicMatches("a/b/c", "a/b"));
    EXPECT_TRUE(T::topicMatches("a/+/c", "a/x/c"));
    EXPECT_FALSE(T::topicMatches("a/+", "a/x/c"));
    EXPECT_TRUE(T::topicMatches("a/#", "a/x/c"));
    EXPECT_TRUE(T::topicMatches("#", "a"));
    EXPECT_TRUE(T::topicMatches("+/+", "a/"));
}

}  // namespace
}  // namespace vreglink::testing
