// VregRpcService when things go wrong (README "VregLink RPC over MQTT"): bad requests answered
// with a status and a sentence and nothing reaching the device, requests nobody can be told about
// counted, the device going away mid-request, too many requests, the service stopping.
#include "rpc_service_fixture.h"

namespace vreglink::testing {
namespace {

using namespace std::chrono_literals;
using mqttgw::RpcReplyKind;

TEST_F(RpcServiceTest, BadRequestsGetErrorRepliesNamingTheProblem) {
    startService();
    const struct {
        const char* payload;
        std::uint16_t status;
        const char* error;
    } cases[] = {
        {R"({"id":"a","op":"get","device":"solarcharger/288","vreg":)", 0x8300,
         "malformed JSON: parse error at line 1, column 57: syntax error while parsing value - "
         "unexpected end of input; expected '[', '{', or a literal"},
        {R"({"id":"b","op":"reboot"})", 0x8100, "unknown op \"reboot\" (list, get or set)"},
        {R"({"id":"c","op":"get","device":"solarcharger/7","vreg":"0xEDF0"})", 0x8100,
         "no device solarcharger/7"},
        {R"({"id":"d","op":"set","device":"solarcharger/288","vreg":"0xEDF0","data":"c8x0"})",
         0x8300, "bad \"data\" \"c8x0\": not hex bytes like \"9600\""},
        {R"({"id":"e","op":"get","device":"solarcharger/288","vreg":"no_such_thing"})", 0x8300,
         "bad \"vreg\": unknown register 'no_such_thing' (give a catalog name or a hex id like "
         "0xEDF0)"},
    };
    std::size_t n = 0;
    for (const auto& c : cases) {
        request(c.payload);
        const auto r = reply(kReplyTopic, ++n);
        EXPECT_EQ(r.status.code, c.status) << c.payload;
        EXPECT_EQ(r.error, c.error) << c.payload;
        EXPECT_EQ(r.kind, RpcReplyKind::Status) << c.payload;
    }
    EXPECT_TRUE(transport_.on(kReplyTopic)[0].payload.find(R"("id":null)") != std::string::npos);
    EXPECT_EQ(reply(kReplyTopic, 2).id, "b");
    settle();
    EXPECT_TRUE(device_.requests().empty());
    EXPECT_EQ(service_->counters().requests, 5U);
    EXPECT_EQ(service_->counters().errors, 5U);
}

TEST_F(RpcServiceTest, DeviceErrorIsTheReplyStatus) {
    startService();  // 0xEDF1 is not scripted: the device answers 0x8100
    request(R"({"id":"x","op":"get","device":"solarcharger/288","vreg":"0xEDF1"})");
    const auto r = reply();
    EXPECT_EQ(r.status, VregStatus::notSupported());
    EXPECT_EQ(r.kind, RpcReplyKind::Register);
    EXPECT_EQ(r.error, "0xEDF1 on solarcharger/288: register not supported or read-only");
    EXPECT_TRUE(r.data.empty());
}

TEST_F(RpcServiceTest, RequestWithoutAnyReplyAddressIsCountedNotAnswered) {
    transport_.setProtocolVersion(mqtt::ProtocolVersion::V311);
    device_.script(VregId(0xEDF0), {VregStatus::ok(), Bytes{0x96, 0x00}});
    startService();
    transport_.deliver(kRequestTopic, R"({"id":1,"op":"get","device":"solarcharger/288",)"
                                      R"("vreg":"0xEDF0"})");
    transport_.deliver(kRequestTopic, "not json at all");
    ASSERT_TRUE(runUntil(
        io_, [&] { return service_->counters().requests == 2; }, 1s));
    settle();
    EXPECT_EQ(service_->counters().unanswerable, 2U);
    EXPECT_EQ(service_->counters().replies, 0U);
    EXPECT_TRUE(transport_.published.empty());
    EXPECT_TRUE(transport_.outbox.empty());
    EXPECT_TRUE(device_.requests().empty());  // nobody would hear the answer
}

TEST_F(RpcServiceTest, OtherTopicsAreNotRequests) {
    startService();
    transport_.deliver("vreglink/other-portal/rpc", R"({"op":"list","client":"x"})");
    transport_.deliver("vreglink/c0ffee/rpc/reply/x", R"({"op":"list","client":"x"})");
    settle();
    EXPECT_EQ(service_->counters().requests, 0U);
    EXPECT_TRUE(transport_.published.empty());
}

TEST_F(RpcServiceTest, DeviceRemovedMidRequestIsAnsweredOnce) {
    device_.script(VregId(0xEDF0), ScriptedDevice::silence());
    startService();
    request(R"({"id":"gone","op":"get","device":"solarcharger/288","vreg":"0xEDF0"})");
    ASSERT_TRUE(runUntil(
        io_, [&] { return service_->outstanding() == 1; }, 1s));
    unplugCharger();
    const auto r = reply();
    EXPECT_EQ(r.id, "gone");
    EXPECT_EQ(r.status, VregStatus::timeout());
    EXPECT_EQ(r.error, "device solarcharger/288 went away");
    EXPECT_EQ(service_->outstanding(), 0U);
    settle();  // the destroyed backend's own late answers must not make a second reply
    EXPECT_EQ(transport_.on(kReplyTopic).size(), 1U);

    request(R"({"id":"after","op":"get","device":"solarcharger/288","vreg":"0xEDF0"})");
    EXPECT_EQ(reply(kReplyTopic, 2).error, "no device solarcharger/288");
}

TEST_F(RpcServiceTest, DeviceRemovedMidSeveralGetsKeepsTheAnswersItHad) {
    device_.script(VregId(0x0100), {VregStatus::ok(), Bytes{0x00, 0x56, 0xA0, 0xFF}});
    device_.script(VregId(0xEDF0), ScriptedDevice::silence());
    device_.script(VregId(0xEDF7), ScriptedDevice::silence());
    startService();
    request(R"({"id":"m","op":"get","device":"solarcharger/288",)"
            R"("vregs":["0x0100","0xEDF0","0xEDF7","0xEDF8"]})");
    // 0x0100 answered, 0xEDF0 and 0xEDF7 hang, 0xEDF8 waits for a free slot.
    ASSERT_TRUE(runUntil(
        io_, [&] { return device_.unanswered() == 2; }, 1s));
    unplugCharger();
    const auto r = reply();
    EXPECT_EQ(r.status, VregStatus::timeout());
    EXPECT_EQ(r.error, "device solarcharger/288 went away");
    ASSERT_EQ(r.results.size(), 4U);
    EXPECT_EQ(r.results[0].status, VregStatus::ok());
    EXPECT_EQ(r.results[0].data, (Bytes{0x00, 0x56, 0xA0, 0xFF}));
    for (std::size_t i = 1; i < 4; ++i) {
        EXPECT_EQ(r.results[i].status, VregStatus::timeout()) << i;
        EXPECT_EQ(r.results[i].error, "device solarcharger/288 went away") << i;
    }
    settle();
    EXPECT_EQ(transport_.on(kReplyTopic).size(), 1U);
    EXPECT_EQ(device_.requests().size(), 3U);  // nothing asked of the destroyed backend
}

TEST_F(RpcServiceTest, TooManyOutstandingIsBusy) {
    device_.script(VregId(0xEDF0), ScriptedDevice::silence());
    startService({"c0ffee", true, 1});
    request(R"({"id":1,"op":"get","device":"solarcharger/288","vreg":"0xEDF0"})");
    request(R"({"id":2,"op":"get","device":"solarcharger/288","vreg":"0xEDF0"})");
    const auto r = reply();
    EXPECT_EQ(r.id, 2);
    EXPECT_EQ(r.status, VregStatus::busy());
    EXPECT_EQ(r.error, "too many requests outstanding (1); try again later");
    EXPECT_EQ(service_->outstanding(), 1U);
}

TEST_F(RpcServiceTest, DeviceWithoutVregLinkIsNotSupported) {
    venus::PublishedDevice bare;
    bare.serviceName = "com.victronenergy.battery.x";
    bare.type = "battery";
    bare.instance = 3;
    directory_.add(bare);
    startService();
    request(R"({"id":1,"op":"get","device":"battery/3","vreg":"0xEDF0"})");
    const auto r = reply();
    EXPECT_EQ(r.status, VregStatus::notSupported());
    EXPECT_EQ(r.error, "device battery/3 has no VregLink");
}

TEST_F(RpcServiceTest, StoppingAnswersWhatIsStillPending) {
    device_.script(VregId(0xEDF0), ScriptedDevice::silence());
    startService();
    request(R"({"id":"late","op":"get","device":"solarcharger/288","vreg":"0xEDF0"})");
    ASSERT_TRUE(runUntil(
        io_, [&] { return service_->outstanding() == 1; }, 1s));
    service_.reset();
    ASSERT_EQ(transport_.on(kReplyTopic).size(), 1U);
    const auto r = reply();
    EXPECT_EQ(r.status, VregStatus::timeout());
    EXPECT_EQ(r.error, "the gateway is stopping");
    settle();  // the backend's answer later finds the service gone
    EXPECT_EQ(transport_.on(kReplyTopic).size(), 1U);
}

}  // namespace
}  // namespace vreglink::testing
