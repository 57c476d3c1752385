// VregRpcService doing its job (README "VregLink RPC over MQTT"): get, several gets, set and list
// through a real VregLinkBackend, replies addressed the MQTT 5 and the MQTT 3.1.1 way, and a
// reply owed while the broker is away sent when it returns.
#include "rpc_service_fixture.h"

namespace vreglink::testing {
namespace {

using namespace std::chrono_literals;
using mqttgw::RpcReplyKind;

TEST_F(RpcServiceTest, SubscribesToItsRequestTopicWithQos1) {
    startService();
    EXPECT_EQ(service_->requestTopic(), kRequestTopic);
    EXPECT_EQ(transport_.subscriptions, std::vector<std::string>{kRequestTopic});
    EXPECT_EQ(service_->replyTopicFor("laptop"), "vreglink/c0ffee/rpc/reply/laptop");
}

TEST_F(RpcServiceTest, GetRepliesOnTheResponseTopicWithCorrelationData) {
    device_.script(VregId(0xEDF0), {VregStatus::ok(), Bytes{0x96, 0x00}});
    startService();
    request(R"({"id":"g1","op":"get","device":"solarcharger/288","vreg":"0xEDF0"})", "abc\x01");
    const auto r = reply();
    EXPECT_EQ(r.id, "g1");
    EXPECT_EQ(r.status, VregStatus::ok());
    EXPECT_EQ(r.kind, RpcReplyKind::Register);
    EXPECT_EQ(r.data, (Bytes{0x96, 0x00}));
    ASSERT_EQ(transport_.published.size(), 1U);
    const auto& sent = transport_.published.front();
    EXPECT_EQ(sent.message.correlationData, "abc\x01");
    EXPECT_EQ(sent.message.qos, mqtt::Qos::AtLeastOnce);
    EXPECT_FALSE(sent.message.retain);
    EXPECT_EQ(sent.offline, mqtt::WhenOffline::Queue);
    ASSERT_EQ(device_.requests().size(), 1U);
    EXPECT_EQ(device_.requests()[0].id, VregId(0xEDF0));
    EXPECT_FALSE(device_.requests()[0].isSet);
    EXPECT_EQ(service_->counters().requests, 1U);
    EXPECT_EQ(service_->counters().replies, 1U);
    EXPECT_EQ(service_->counters().errors, 0U);
}

TEST_F(RpcServiceTest, Mqtt311ClientGetsItsReplyOnReplyClientTopic) {
    transport_.setProtocolVersion(mqtt::ProtocolVersion::V311);
    device_.script(VregId(0xEDF0), {VregStatus::ok(), Bytes{0x96, 0x00}});
    startService();
    transport_.deliver(
        kRequestTopic,
        R"({"id":"g2","client":"laptop-7","op":"get","device":"solarcharger/288","vreg":"edf0"})");
    const auto r = reply("vreglink/c0ffee/rpc/reply/laptop-7");
    EXPECT_EQ(r.id, "g2");
    EXPECT_EQ(r.data, (Bytes{0x96, 0x00}));
    EXPECT_TRUE(transport_.published.front().message.correlationData.empty());
}

TEST_F(RpcServiceTest, ResponseTopicWinsOverClient) {
    startService();
    request(R"({"id":1,"client":"laptop-7","op":"list"})");
    EXPECT_EQ(reply().kind, RpcReplyKind::Devices);
    EXPECT_TRUE(transport_.on("vreglink/c0ffee/rpc/reply/laptop-7").empty());
}

TEST_F(RpcServiceTest, SeveralGetsAnswerEachRegisterInOrder) {
    device_.script(VregId(0x0100), {VregStatus::ok(), Bytes{0x00, 0x56, 0xA0, 0xFF}});
    device_.script(VregId(0xEDF0), {VregStatus::ok(), Bytes{0x96, 0x00}});
    startService();  // 0x0101 is not scripted: the device answers 0x8100
    request(R"({"id":"m","op":"get","device":"solarcharger/288",)"
            R"("vregs":["0x0100","0x0101","bat_max_current"]})");
    const auto r = reply();
    EXPECT_EQ(r.status, VregStatus::ok());
    ASSERT_EQ(r.kind, RpcReplyKind::Results);
    ASSERT_EQ(r.results.size(), 3U);
    EXPECT_EQ(r.results[0].vreg, VregId(0x0100));
    EXPECT_EQ(r.results[0].data, (Bytes{0x00, 0x56, 0xA0, 0xFF}));
    EXPECT_EQ(r.results[1].status, VregStatus::notSupported());
    EXPECT_EQ(r.results[1].error,
              "0x0101 on solarcharger/288: register not supported or read-only");
    EXPECT_TRUE(r.results[1].data.empty());
    EXPECT_EQ(r.results[2].vreg, VregId(0xEDF0));
    EXPECT_EQ(r.results[2].data, (Bytes{0x96, 0x00}));
    ASSERT_EQ(device_.requests().size(), 3U);
}

TEST_F(RpcServiceTest, SeveralGetsGoToTheBackendTwoAtATime) {
    // The backend's budget runs from when it is asked: 64 registers at once would time out.
    for (std::uint16_t id = 0x0200; id < 0x0206; ++id) {
        device_.script(VregId(id), {VregStatus::ok(), Bytes{1}, 20ms});
    }
    startService();
    request(R"({"op":"get","device":"solarcharger/288",)"
            R"("vregs":["0x0200","0x0201","0x0202","0x0203","0x0204","0x0205"]})");
    ASSERT_TRUE(runUntil(
        io_, [&] { return !device_.requests().empty(); }, 1s));
    EXPECT_EQ(device_.requests().size(), 2U);
    const auto r = reply();
    ASSERT_EQ(r.results.size(), 6U);
    for (const auto& result : r.results) EXPECT_EQ(result.status, VregStatus::ok());
    EXPECT_EQ(device_.requests().size(), 6U);
}

TEST_F(RpcServiceTest, SetWithWritesEnabledReachesTheDevice) {
    device_.script(VregId(0xEDF0), {});  // OK, echoes what was written
    startService();
    request(R"({"id":"s","op":"set","device":"solarcharger/288","vreg":"0xEDF0","data":"C800"})");
    const auto r = reply();
    EXPECT_EQ(r.status, VregStatus::ok());
    EXPECT_EQ(r.data, (Bytes{0xC8, 0x00}));
    ASSERT_EQ(device_.sets(), 1U);
    EXPECT_EQ(device_.requests()[0].id, VregId(0xEDF0));
    EXPECT_EQ(device_.requests()[0].data, (Bytes{0xC8, 0x00}));
}

TEST_F(RpcServiceTest, SetWithWritesDisabledIsRefusedAndNothingIsWritten) {
    device_.script(VregId(0xEDF0), {});
    startService({"c0ffee", false, 64});
    request(R"({"id":"s","op":"set","device":"solarcharger/288","vreg":"0xEDF0","data":"c800"})");
    const auto r = reply();
    EXPECT_EQ(r.status, VregStatus::notSupported());
    EXPECT_EQ(r.error, "writes are disabled (mqtt rpc_writes = false)");
    EXPECT_EQ(r.id, "s");
    settle();
    EXPECT_TRUE(device_.requests().empty());
    EXPECT_EQ(service_->counters().errors, 1U);

    service_->setAllowWrites(true);  // config reload
    request(R"({"id":"s2","op":"set","device":"solarcharger/288","vreg":"0xEDF0","data":"c800"})");
    EXPECT_EQ(reply(kReplyTopic, 2).status, VregStatus::ok());
    EXPECT_EQ(device_.sets(), 1U);
}

TEST_F(RpcServiceTest, OutOfRangeSetIsRefusedBeforeTheDevice) {
    device_.script(VregId(0x1004), {});
    startService();
    // charge_efficiency is 0..100 %: 101 (0x65) is out of range.
    request(R"({"id":"r","op":"set","device":"solarcharger/288","vreg":"0x1004","data":"6500"})");
    const auto r = reply();
    EXPECT_EQ(r.status, VregStatus::invalid());
    EXPECT_EQ(r.error, "0x1004 on solarcharger/288: data invalid or out of range");
    settle();
    EXPECT_EQ(device_.sets(), 0U);
}

TEST_F(RpcServiceTest, ListNamesEveryDeviceFromItsItemTree) {
    startService();
    venus::PublishedDevice bare;  // no tree, no VregLink
    bare.serviceName = "com.victronenergy.battery.ble_c0ffee000001";
    bare.type = "battery";
    bare.instance = 1;
    directory_.add(bare);
    request(R"({"id":"l","op":"list"})");
    const auto r = reply();
    EXPECT_EQ(r.status, VregStatus::ok());
    ASSERT_EQ(r.kind, RpcReplyKind::Devices);
    ASSERT_EQ(r.devices.size(), 2U);
    const mqttgw::RpcDeviceEntry charger{"solarcharger/288",       kCharger,      "0xA056",
                                         "SmartSolar MPPT 100|30", "HQ19499RHC5", "Shed",
                                         "VE.Direct port ttyUSB0"};
    EXPECT_EQ(r.devices[0], charger);
    EXPECT_EQ(r.devices[1].device, "battery/1");
    EXPECT_EQ(r.devices[1].service, bare.serviceName);
    EXPECT_FALSE(r.devices[1].productId.has_value());
    EXPECT_FALSE(r.devices[1].serial.has_value());
}

TEST_F(RpcServiceTest, ReplyOwedWhileOfflineIsQueuedAndSentOnReconnect) {
    device_.script(VregId(0xEDF0), {VregStatus::ok(), Bytes{0x96, 0x00}, 50ms});
    startService();
    request(R"({"id":"q","op":"get","device":"solarcharger/288","vreg":"0xEDF0"})");
    ASSERT_TRUE(runUntil(
        io_, [&] { return !device_.requests().empty(); }, 1s));
    transport_.disconnect("broker restart");
    ASSERT_TRUE(runUntil(
        io_, [&] { return !transport_.outbox.empty(); }, 1s));
    EXPECT_TRUE(transport_.published.empty());
    EXPECT_EQ(transport_.outbox.front().offline, mqtt::WhenOffline::Queue);
    EXPECT_EQ(transport_.dropped, 0);

    transport_.connect();
    const auto r = reply();
    EXPECT_EQ(r.id, "q");
    EXPECT_EQ(r.data, (Bytes{0x96, 0x00}));
    EXPECT_EQ(transport_.published.front().message.correlationData, "corr-1");
    EXPECT_EQ(service_->counters().replies, 1U);
    // The transport renews subscriptions itself (transport.h): no second one per reconnect.
    EXPECT_EQ(transport_.subscriptions.size(), 1U);
}

}  // namespace
}  // namespace vreglink::testing
