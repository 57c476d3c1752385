// Value payloads of the Venus topics (venus-dbus-mqtt.md §4.3).
#include "mqttgw/value_payload.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace vreglink::mqttgw {
namespace {

using venus::Invalid;
using venus::ItemValue;

TEST(ValuePayload, EncodesEachValueType) {
    EXPECT_EQ(encodeValuePayload(std::int32_t{936}), R"({"value":936})");
    EXPECT_EQ(encodeValuePayload(std::int32_t{-5}), R"({"value":-5})");
    EXPECT_EQ(encodeValuePayload(std::int64_t{5'000'000'000}), R"({"value":5000000000})");
    EXPECT_EQ(encodeValuePayload(std::string("v1.17")), R"({"value":"v1.17"})");
    EXPECT_EQ(encodeValuePayload(ItemValue{Invalid{}}), R"({"value":null})");
}

TEST(ValuePayload, DoublesAreShortestRoundTripAndStayFloats) {
    EXPECT_EQ(encodeValuePayload(12.8), R"({"value":12.8})");
    EXPECT_EQ(encodeValuePayload(0.1 + 0.2), R"({"value":0.30000000000000004})");
    EXPECT_EQ(encodeValuePayload(1.0), R"({"value":1.0})");  // not the integer 1
    EXPECT_EQ(encodeValuePayload(-0.5), R"({"value":-0.5})");
    EXPECT_EQ(encodeValuePayload(1e300), R"({"value":1e+300})");
    // JSON has no NaN or infinity: such a value is as good as invalid.
    EXPECT_EQ(encodeValuePayload(std::nan("")), R"({"value":null})");
    EXPECT_EQ(encodeValuePayload(std::numeric_limits<double>::infinity()), R"({"value":null})");
    // Whatever the text, a JSON reader gets the same double back.
    const double awkward = 1.0 / 3.0;
    const auto back = decodeWritePayload(encodeValuePayload(awkward));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(std::get<double>(*back), awkward);
}

TEST(ValuePayload, StringsAreEscaped) {
    EXPECT_EQ(encodeValuePayload(std::string("say \"hi\"\\")), R"({"value":"say \"hi\"\\"})");
    EXPECT_EQ(encodeValuePayload(std::string("a\nb\tc\x01")), R"({"value":"a\nb\tc\u0001"})");
    EXPECT_EQ(encodeValuePayload(std::string("25°C")), "{\"value\":\"25°C\"}");  // UTF-8 as is
    const auto back = decodeWritePayload(encodeValuePayload(std::string("q\"uo\\te\x1f")));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(std::get<std::string>(*back), "q\"uo\\te\x1f");
}

TEST(ValuePayload, TimestampWithAndWithoutEcho) {
    EXPECT_EQ(encodeTimestampPayload(1718860914), R"({"value":1718860914})");
    EXPECT_EQ(encodeTimestampPayload(1718860914, "B9F\"x"),
              R"({"full-publish-completed-echo":"B9F\"x","value":1718860914})");
}

TEST(ValuePayload, DecodesWriteValuesToVenusTypes) {
    auto v = decodeWritePayload(R"({"value": 12})");
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(*v, ItemValue{std::int32_t{12}});
    v = decodeWritePayload(R"({"value": -2147483648})");
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(*v, ItemValue{std::int32_t{-2147483647 - 1}});
    v = decodeWritePayload(R"({"value": 2147483648})");  // int32 overflow -> int64
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(*v, ItemValue{std::int64_t{2147483648}});
    v = decodeWritePayload(R"({"value": -9223372036854775808})");
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(*v, ItemValue{std::numeric_limits<std::int64_t>::min()});
    v = decodeWritePayload(R"({"value": 9223372036854775807})");
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(*v, ItemValue{std::numeric_limits<std::int64_t>::max()});
    v = decodeWritePayload(R"({"value": 14.5})");
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(*v, ItemValue{14.5});
    v = decodeWritePayload(R"({"value": 2.0})");  // a float stays a float
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(*v, ItemValue{2.0});
    v = decodeWritePayload(R"({"value": "on \"x\""})");
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(*v, ItemValue{std::string("on \"x\"")});
    v = decodeWritePayload(R"({"value": true})");
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(*v, ItemValue{std::int32_t{1}});
    v = decodeWritePayload(R"({"value": false, "other": 1})");
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(*v, ItemValue{std::int32_t{0}});
    v = decodeWritePayload(R"({"value": null})");
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(*v, ItemValue{Invalid{}});
}

TEST(ValuePayload, RefusesMalformedWritesWithAClearReason) {
    const auto reason = [](std::string_view payload) {
        const auto v = decodeWritePayload(payload);
        return v.ok() ? std::string("ok") : v.error();
    };
    EXPECT_EQ(reason(""), "payload is not JSON");
    EXPECT_EQ(reason("{\"value\": 1"), "payload is not JSON");
    EXPECT_EQ(reason("12"), "payload is not a JSON object");
    EXPECT_EQ(reason("[1]"), "payload is not a JSON object");
    EXPECT_EQ(reason(R"({"val": 1})"), "payload has no \"value\" key");
    EXPECT_EQ(reason(R"({"value": [1, 2]})"), "\"value\" is an array");
    EXPECT_EQ(reason(R"({"value": {"a": 1}})"), "\"value\" is an object");
    EXPECT_EQ(reason(R"({"value": 9223372036854775808})"), "\"value\" is an integer beyond int64");
}

}  // namespace
}  // namespace vreglink::mqttgw
