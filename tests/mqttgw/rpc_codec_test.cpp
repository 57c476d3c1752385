// RPC requests (README "VregLink RPC over MQTT"): what parses, and every way a request is refused
// with its status and a message naming the problem; encodeRequest round trips.
#include "mqttgw/rpc_codec.h"

#include <gtest/gtest.h>

#include <string>

namespace vreglink::mqttgw {
namespace {

RpcRequest parsed(std::string_view payload) {
    auto result = parseRequest(payload);
    if (auto* error = std::get_if<RpcError>(&result)) {
        ADD_FAILURE() << "refused: " << error->message << " for " << payload;
        return {};
    }
    return std::get<RpcRequest>(result);
}

RpcError refused(std::string_view payload) {
    auto result = parseRequest(payload);
    if (auto* error = std::get_if<RpcError>(&result)) return *error;
    ADD_FAILURE() << "accepted: " << payload;
    return {};
}

TEST(RpcRequestTest, GetWithOneRegister) {
    const auto r = parsed(R"({"id":"a1","op":"get","device":"solarcharger/288","vreg":"0xEDF0"})");
    EXPECT_EQ(r.id, "a1");
    EXPECT_EQ(r.op, RpcOp::Get);
    EXPECT_EQ(r.device, "solarcharger/288");
    EXPECT_EQ(r.vregs, std::vector<VregId>{VregId(0xEDF0)});
    EXPECT_FALSE(r.several);
    EXPECT_TRUE(r.client.empty());
}

TEST(RpcRequestTest, RegisterFormsHexCaseNameAndNumber) {
    for (const char* vreg : {R"("0xEDF0")", R"("0xedf0")", R"("EDF0")", R"("edf0")",
                             R"("bat_max_current")", R"("BAT_MAX_CURRENT")", "60912"}) {
        const auto payload =
            std::string(R"({"op":"get","device":"solarcharger/0","vreg":)") + vreg + "}";
        EXPECT_EQ(parsed(payload).vregs, std::vector<VregId>{VregId(0xEDF0)}) << vreg;
    }
}

TEST(RpcRequestTest, SeveralGetsAndNumericId) {
    const auto r =
        parsed(R"({"id":7,"op":"get","device":"battery/1","vregs":["0x0100","edf7",4100]})");
    EXPECT_EQ(r.id, 7);
    EXPECT_TRUE(r.several);
    EXPECT_EQ(r.vregs, (std::vector<VregId>{VregId(0x0100), VregId(0xEDF7), VregId(0x1004)}));
}

TEST(RpcRequestTest, SetWithHexDataInEitherCase) {
    auto r = parsed(R"({"op":"set","device":"solarcharger/0","vreg":"0xEDF0","data":"c800"})");
    EXPECT_EQ(r.op, RpcOp::Set);
    EXPECT_EQ(r.data, (Bytes{0xC8, 0x00}));
    r = parsed(R"({"op":"set","device":"solarcharger/0","vreg":"0xEDF0","data":"C8aB"})");
    EXPECT_EQ(r.data, (Bytes{0xC8, 0xAB}));
    r = parsed(R"({"op":"set","device":"solarcharger/0","vreg":"0x7777","data":""})");
    EXPECT_TRUE(r.data.empty());  // transparent: the backend judges known registers
}

TEST(RpcRequestTest, ListNeedsNothingElseAndClientIsKept) {
    const auto r = parsed(R"({"op":"list","client":"qt-1234"})");
    EXPECT_EQ(r.op, RpcOp::List);
    EXPECT_TRUE(r.id.is_null());
    EXPECT_EQ(r.client, "qt-1234");
}

struct Refusal {
    const char* payload;
    std::uint16_t status;
    const char* message;  // a part of the message that names the problem
};

TEST(RpcRequestTest, EveryErrorHasItsStatusAndNamesTheProblem) {
    const Refusal cases[] = {
        {R"({"op":"get",)", 0x8300, "malformed JSON"},
        {"", 0x8300, "malformed JSON"},
        {R"({"op":"get"} trailing)", 0x8300, "malformed JSON"},
        {R"(["op","get"])", 0x8300, "must be a JSON object"},
        {R"({"id":true,"op":"list"})", 0x8300, "\"id\" must be a string or a number"},
        {R"({"id":"x","client":"a+b","op":"list"})", 0x8300, "\"client\""},
        {R"({"id":"x"})", 0x8300, "missing \"op\""},
        {R"({"op":5})", 0x8300, "\"op\" must be a string"},
        {R"({"op":"reboot"})", 0x8100, "unknown op \"reboot\""},
        {R"({"op":"get","vreg":"0xEDF0"})", 0x8300, "missing \"device\""},
        {R"({"op":"get","device":288,"vreg":"0xEDF0"})", 0x8300, "\"device\" must be"},
        {R"({"op":"get","device":"solarcharger","vreg":"0xEDF0"})", 0x8300, "<type>/<instance>"},
        {R"({"op":"get","device":"solarcharger/x1","vreg":"0xEDF0"})", 0x8300, "<type>/<instance>"},
        {R"({"op":"get","device":"solarcharger/0"})", 0x8300, "missing \"vreg\""},
        {R"({"op":"get","device":"s/0","vreg":"0x12345"})", 0x8300, "unknown register '0x12345'"},
        {R"({"op":"get","device":"s/0","vreg":"nonsense"})", 0x8300, "bad \"vreg\""},
        {R"({"op":"get","device":"s/0","vreg":70000})", 0x8300, "not a register id"},
        {R"({"op":"get","device":"s/0","vreg":-1})", 0x8300, "not a register id"},
        {R"({"op":"get","device":"s/0","vreg":["0xEDF0"]})", 0x8300, "\"vreg\" must be a string"},
        {R"({"op":"get","device":"s/0","vreg":"0xEDF0","vregs":["0xEDF0"]})", 0x8300, "not both"},
        {R"({"op":"get","device":"s/0","vregs":[]})", 0x8300, "non-empty array"},
        {R"({"op":"get","device":"s/0","vregs":"0xEDF0"})", 0x8300, "non-empty array"},
        {R"({"op":"get","device":"s/0","vregs":["0xEDF0","zz"]})", 0x8300, "\"vregs\"[1]"},
        {R"({"op":"set","device":"s/0","vregs":["0xEDF0"],"data":"00"})", 0x8300,
         "\"vregs\" is for get"},
        {R"({"op":"set","device":"s/0","vreg":"0xEDF0"})", 0x8300, "missing \"data\""},
        {R"({"op":"set","device":"s/0","vreg":"0xEDF0","data":200})", 0x8300,
         "\"data\" must be a hex string"},
        {R"({"op":"set","device":"s/0","vreg":"0xEDF0","data":"c80"})", 0x8300,
         "odd number of hex digits"},
        {R"({"op":"set","device":"s/0","vreg":"0xEDF0","data":"zz00"})", 0x8300, "not hex bytes"},
    };
    for (const auto& c : cases) {
        const auto error = refused(c.payload);
        EXPECT_EQ(error.status.code, c.status) << c.payload << " -> " << error.message;
        EXPECT_NE(error.message.find(c.message), std::string::npos)
            << c.payload << " -> " << error.message;
    }
}

TEST(RpcRequestTest, MalformedJsonSaysWhere) {
    const auto error = refused(R"({"op" "get"})");
    EXPECT_NE(error.message.find("line 1, column"), std::string::npos) << error.message;
}

TEST(RpcRequestTest, ErrorsEchoTheIdAndClientWhenReadable) {
    auto error = refused(R"({"id":"q9","client":"me","op":"frob"})");
    EXPECT_EQ(error.id, "q9");
    EXPECT_EQ(error.client, "me");
    error = refused(R"({"id":12,"op":"get","device":"s/0","vreg":"0xEDF0","vregs":[]})");
    EXPECT_EQ(error.id, 12);
    error = refused(R"({"id":"q9", "op":)");
    EXPECT_TRUE(error.id.is_null());
    EXPECT_TRUE(error.client.empty());
}

TEST(RpcRequestTest, TooManyRegistersOrBytes) {
    std::string vregs;
    for (std::size_t i = 0; i <= kMaxVregsPerRequest; ++i)
        vregs += (i ? ",\"0x0100\"" : "\"0x0100\"");
    auto error = refused(R"({"op":"get","device":"s/0","vregs":[)" + vregs + "]}");
    EXPECT_EQ(error.status, VregStatus::invalid());
    EXPECT_NE(error.message.find("too many \"vregs\": 65"), std::string::npos) << error.message;

    error = refused(std::string(kMaxRequestBytes + 1, ' '));
    EXPECT_NE(error.message.find("too large"), std::string::npos) << error.message;
}

TEST(RpcRequestTest, EveryTruncationAndByteFlipIsAnsweredNotCrashed) {
    const std::string request =
        R"({"id":"x","client":"c","op":"set","device":"solarcharger/288","vreg":"0xEDF0",)"
        R"("data":"c800"})";
    ASSERT_TRUE(std::holds_alternative<RpcRequest>(parseRequest(request)));
    std::size_t refusedCount = 0;
    for (std::size_t length = 0; length < request.size(); ++length) {
        const auto result = parseRequest(request.substr(0, length));
        ASSERT_TRUE(std::holds_alternative<RpcError>(result)) << length;
        const auto& error = std::get<RpcError>(result);
        EXPECT_TRUE(error.status.isError());
        EXPECT_FALSE(error.message.empty());
        ++refusedCount;
    }
    for (std::size_t at = 0; at < request.size(); ++at) {
        for (const char c : {'\0', '"', '{', ']', ':', ',', '\xff', 'x', '1'}) {
            std::string mutated = request;
            mutated[at] = c;
            const auto result = parseRequest(mutated);
            if (const auto* error = std::get_if<RpcError>(&result)) {
                EXPECT_FALSE(error->message.empty()) << mutated;
                // Messages may quote invalid UTF-8 from the request: the reply still encodes.
                EXPECT_FALSE(encodeReply(errorReply(*error)).empty());
            }
        }
    }
    EXPECT_EQ(refusedCount, request.size());
}

TEST(RpcRequestTest, DeeplyNestedValuesAreRefusedNotOverflowed) {
    const std::size_t depth = kMaxRequestBytes / 2 - 32;
    for (const char* field : {"id", "op", "vreg", "data"}) {
        const std::string payload = std::string(R"({"op":"set","device":"s/0",")") + field +
                                    "\":" + std::string(depth, '[') + std::string(depth, ']') + "}";
        ASSERT_LE(payload.size(), kMaxRequestBytes);
        const auto error = refused(payload);
        EXPECT_EQ(error.status, VregStatus::invalid()) << field;
        EXPECT_LT(error.message.size(), 200U) << field;
    }
}

TEST(RpcRequestTest, DeviceKeys) {
    EXPECT_TRUE(isDeviceKey("solarcharger/288"));
    EXPECT_TRUE(isDeviceKey("battery/0"));
    EXPECT_FALSE(isDeviceKey("/288"));
    EXPECT_FALSE(isDeviceKey("battery/"));
    EXPECT_FALSE(isDeviceKey("battery/-1"));
    EXPECT_FALSE(isDeviceKey("battery/1/2"));
    EXPECT_FALSE(isDeviceKey("battery/99999999999"));
}

TEST(RpcRequestTest, EncodeRequestRoundTrips) {
    RpcRequest get;
    get.id = "r-1";
    get.op = RpcOp::Get;
    get.device = "solarcharger/288";
    get.vregs = {VregId(0xEDF0)};
    get.client = "laptop-1";

    RpcRequest several = get;
    several.id = 42;
    several.several = true;
    several.vregs = {VregId(0x0100), VregId(0xEDF0)};
    several.client.clear();

    RpcRequest set = get;
    set.op = RpcOp::Set;
    set.data = {0xC8, 0x00, 0xAB};

    RpcRequest list;
    list.op = RpcOp::List;

    for (const auto& request : {get, several, set, list}) {
        const auto text = encodeRequest(request);
        const auto back = parsed(text);
        EXPECT_EQ(back.id, request.id) << text;
        EXPECT_EQ(back.op, request.op) << text;
        EXPECT_EQ(back.device, request.device) << text;
        EXPECT_EQ(back.vregs, request.vregs) << text;
        EXPECT_EQ(back.several, request.several) << text;
        EXPECT_EQ(back.data, request.data) << text;
        EXPECT_EQ(back.client, request.client) << text;
    }
    EXPECT_EQ(encodeRequest(set),
              R"({"client":"laptop-1","data":"c800ab","device":"solarcharger/288","id":"r-1",)"
              R"("op":"set","vreg":"0xEDF0"})");
}

}  // namespace
}  // namespace vreglink::mqttgw
