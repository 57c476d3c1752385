// RPC replies (README "VregLink RPC over MQTT"): the exact JSON the server sends, and the client's
// parser reading every kind back; replies a client cannot trust are refused with a reason.
#include "mqttgw/rpc_codec.h"

#include <gtest/gtest.h>

namespace vreglink::mqttgw {
namespace {

RpcReply roundTrip(const RpcReply& reply) {
    const auto text = encodeReply(reply);
    auto back = parseReply(text);
    if (!back) {
        ADD_FAILURE() << back.error() << " in " << text;
        return {};
    }
    EXPECT_EQ(back->id, reply.id) << text;
    EXPECT_EQ(back->status, reply.status) << text;
    EXPECT_EQ(back->error, reply.error) << text;
    EXPECT_EQ(back->kind, reply.kind) << text;
    return std::move(*back);
}

TEST(RpcReplyTest, OneRegisterIsStatusAsIntegerAndLowerCaseHex) {
    RpcReply reply;
    reply.id = "a1";
    reply.kind = RpcReplyKind::Register;
    reply.data = {0x96, 0x00};
    EXPECT_EQ(encodeReply(reply), R"({"data":"9600","id":"a1","status":0,"status_text":"0x0000"})");
    EXPECT_EQ(roundTrip(reply).data, reply.data);
}

TEST(RpcReplyTest, ErrorsCarryStatusTextAndASentence) {
    const auto reply = errorReply(RpcError{VregStatus::invalid(), "missing \"op\"", 7, "c"});
    EXPECT_EQ(encodeReply(reply),
              R"({"error":"missing \"op\"","id":7,"status":33536,"status_text":"0x8300"})");
    EXPECT_EQ(roundTrip(reply).kind, RpcReplyKind::Status);

    const auto anonymous = errorReply(RpcError{VregStatus::notSupported(), "unknown op", {}, {}});
    EXPECT_EQ(encodeReply(anonymous),
              R"({"error":"unknown op","id":null,"status":33024,"status_text":"0x8100"})");
}

TEST(RpcReplyTest, SeveralResultsRoundTrip) {
    RpcReply reply;
    reply.id = 3;
    reply.kind = RpcReplyKind::Results;
    reply.results = {{VregId(0xEDF0), VregStatus::ok(), {0x96, 0x00}, {}},
                     {VregId(0x0101), VregStatus::notSupported(), {}, "0x0101 on x/0: nope"}};
    EXPECT_EQ(encodeReply(reply),
              R"({"id":3,"results":[{"data":"9600","status":0,"vreg":"0xEDF0"},)"
              R"({"data":"","error":"0x0101 on x/0: nope","status":33024,"vreg":"0x0101"}],)"
              R"("status":0,"status_text":"0x0000"})");
    EXPECT_EQ(roundTrip(reply).results, reply.results);
}

TEST(RpcReplyTest, DeviceListRoundTripsWithNulls) {
    RpcReply reply;
    reply.id = "l";
    reply.kind = RpcReplyKind::Devices;
    reply.devices = {{"solarcharger/288", "com.victronenergy.solarcharger.ttyUSB0", "0xA056",
                      "SmartSolar MPPT 100|30", "HQ19499RHC5", "", "VE.Direct port ttyUSB0"},
                     {"battery/1", "com.victronenergy.battery.x", {}, {}, {}, {}, {}}};
    const auto text = encodeReply(reply);
    EXPECT_NE(text.find(R"("product_id":"0xA056")"), std::string::npos) << text;
    EXPECT_NE(text.find(R"("serial":null)"), std::string::npos) << text;
    EXPECT_EQ(roundTrip(reply).devices, reply.devices);
}

TEST(RpcReplyTest, ClientRefusesRepliesItCannotTrust) {
    const std::pair<const char*, const char*> cases[] = {
        {"{", "malformed JSON"},
        {"[]", "must be a JSON object"},
        {R"({"id":1})", "\"status\" must be an integer"},
        {R"({"id":1,"status":-1})", "\"status\" must be an integer"},
        {R"({"id":1,"status":70000})", "\"status\" must be an integer"},
        {R"({"id":1,"status":0,"data":"123"})", "odd number of hex digits"},
        {R"({"id":1,"status":0,"error":5})", "\"error\" must be a string"},
        {R"({"id":1,"status":0,"results":{}})", "\"results\" must be an array"},
        {R"({"id":1,"status":0,"results":[{"status":0,"data":""}]})", "\"results\"[0].vreg"},
        {R"({"id":1,"status":0,"results":[{"vreg":"0x0100","data":""}]})", "\"results\"[0].status"},
        {R"({"id":1,"status":0,"devices":[{"device":"a/1","serial":3}]})", "\"devices\"[0]"},
    };
    for (const auto& [payload, message] : cases) {
        const auto reply = parseReply(payload);
        ASSERT_FALSE(reply.ok()) << payload;
        EXPECT_NE(reply.error().find(message), std::string::npos)
            << payload << " -> " << reply.error();
    }
}

}  // namespace
}  // namespace vreglink::mqttgw
