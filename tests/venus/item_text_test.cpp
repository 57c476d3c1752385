// Venus texts (venus-dbus-mqtt.md §2.2) and the row conversions behind published values.
#include "venus/item_text.h"
#include "catalog/catalog.h"
#include "venus/mandatory_paths.h"
#include "venus/path_convert.h"

#include <gtest/gtest.h>

namespace vreglink::venus {
namespace {

TEST(ItemText, VelibStyle) {
    EXPECT_EQ(itemText(12.8, {"V", 2}), "12.80V");
    EXPECT_EQ(itemText(15.0, {"A", 1}), "15.0A");
    EXPECT_EQ(itemText(142.0, {"W", 0}), "142W");
    EXPECT_EQ(itemText(87.6, {"%", 1}), "87.6%");
    EXPECT_EQ(itemText(25.0, {"°C", 0}), "25°C");
    EXPECT_EQ(itemText(std::int32_t{3}), "3");
    EXPECT_EQ(itemText(std::int64_t{5000000000}), "5000000000");
    EXPECT_EQ(itemText(std::string("HQ19499RHC5")), "HQ19499RHC5");
    EXPECT_EQ(itemText(Invalid{}, {"V", 2}), "---");
    EXPECT_EQ(itemText(-0.01, {"A", 1}), "0.0A");  // no "-0.0A"
    EXPECT_EQ(itemText(-3.25, {"A", 1}), "-3.2A");
    EXPECT_EQ(productIdText(0xA056), "0xA056");
}

TEST(ItemText, FirmwareVersionAsVenusEncodesIt) {
    EXPECT_EQ(venusFirmwareVersion(0x4161), 0x0161);
    EXPECT_EQ(venusFirmwareVersion(0x0157), 343);  // §2.5 example: v1.57
}

TEST(PathConvert, TextIntegers) {
    EXPECT_EQ(parseTextInteger("12800", TextKind::Number), 12800);
    EXPECT_EQ(parseTextInteger("-1620", TextKind::Number), -1620);
    EXPECT_EQ(parseTextInteger("---", TextKind::Number), std::nullopt);
    EXPECT_EQ(parseTextInteger("0x00000009", TextKind::Hex), 9);
    EXPECT_EQ(parseTextInteger("ON", TextKind::OnOff), 1);
    EXPECT_EQ(parseTextInteger("OFF", TextKind::OnOff), 0);
    EXPECT_EQ(parseTextInteger("12a", TextKind::Number), std::nullopt);
}

TEST(PathConvert, ScalingAndSentinels) {
    const auto& cat = catalog::Catalog::builtin();
    PathSpec volts{.path = "/Dc/0/Voltage",
                   .format = {"V", 2},
                   .textLabel = "V",
                   .textScale = 0.001,
                   .vreg = 0xED8D,
                   .vregScale = 0.01,
                   .vregInvalid = 0x7FFF};
    EXPECT_EQ(fromTextRaw(volts, 12800), ItemValue(12.8));
    const auto* info = cat.find(VregId(0xED8D));
    const Bytes raw{0xA4, 0x04};  // 1188 -> 11.88 V
    ASSERT_TRUE(rawInteger(info, raw));
    EXPECT_DOUBLE_EQ(std::get<double>(fromVregRaw(volts, info, *rawInteger(info, raw))), 11.88);
    const Bytes na{0xFF, 0x7F};
    EXPECT_EQ(fromVregRaw(volts, info, *rawInteger(info, na)), ItemValue(Invalid{}));
    const Bytes negative{0xDF, 0xFF};  // sn16 -33
    EXPECT_EQ(rawInteger(cat.find(VregId(0xED8F)), negative), -33);
    EXPECT_EQ(rawInteger(info, Bytes{1, 2, 3}), std::nullopt);

    PathSpec ttg{.path = "/TimeToGo",
                 .kind = ValueKind::Int,
                 .textLabel = "TTG",
                 .textScale = 60,
                 .textInvalid = -1};
    EXPECT_EQ(fromTextRaw(ttg, -1), ItemValue(Invalid{}));
    EXPECT_EQ(fromTextRaw(ttg, 90), ItemValue(std::int32_t{5400}));
    PathSpec aux{
        .path = "/Settings/HasTemperature", .kind = ValueKind::Int, .vreg = 0xEEF8, .equals = 2};
    EXPECT_EQ(fromVregRaw(aux, cat.find(VregId(0xEEF8)), 2), ItemValue(std::int32_t{1}));
    EXPECT_EQ(fromVregRaw(aux, cat.find(VregId(0xEEF8)), 0), ItemValue(std::int32_t{0}));
}

TEST(PathConvert, EncodeWrites) {
    const auto& cat = catalog::Catalog::builtin();
    PathSpec limit{
        .path = "/Settings/ChargeCurrentLimit", .vreg = 0xEDF0, .vregScale = 0.1, .writable = true};
    const auto* edf0 = cat.find(VregId(0xEDF0));
    EXPECT_EQ(encodeWrite(limit, edf0, 15.0), (Bytes{150, 0}));
    EXPECT_EQ(encodeWrite(limit, edf0, std::int32_t{20}), (Bytes{200, 0}));
    EXPECT_EQ(encodeWrite(limit, edf0, -1.0), std::nullopt);    // un16: no negatives
    EXPECT_EQ(encodeWrite(limit, edf0, 7000.0), std::nullopt);  // > 0xFFFF raw
    EXPECT_EQ(encodeWrite(limit, edf0, std::string("15")), std::nullopt);
    EXPECT_EQ(encodeWrite(limit, edf0, Invalid{}), std::nullopt);

    static constexpr std::array<std::int64_t, 2> modes{1, 4};
    PathSpec mode{.path = "/Mode",
                  .kind = ValueKind::Int,
                  .vreg = 0x0200,
                  .writable = true,
                  .accepted = modes};
    const auto* m = cat.find(VregId(0x0200));
    EXPECT_EQ(encodeWrite(mode, m, std::int32_t{4}), (Bytes{4}));
    EXPECT_EQ(encodeWrite(mode, m, std::int32_t{2}), std::nullopt);
}

// GetText without a stored text, and SetValue's "same value" check (velib: numbers compare as
// numbers, so 5 == 5.0).
TEST(ItemText, TextsAndComparison) {
    EXPECT_EQ(textOf(Item{Invalid{}, "", {}}), "---");
    EXPECT_EQ(textOf(Item{12.8, "12.80V", {}}), "12.80V");
    EXPECT_EQ(textOf(Item{12.8, "", {}}), "12.8");
    EXPECT_EQ(textOf(Item{std::int32_t{3}, "", {}}), "3");
    EXPECT_EQ(textOf(Item{std::string("abc"), "", {}}), "abc");
    EXPECT_TRUE(sameValue(std::int32_t{5}, 5.0));
    EXPECT_TRUE(sameValue(std::int32_t{5}, std::int64_t{5}));
    EXPECT_FALSE(sameValue(std::int32_t{5}, 5.5));
    EXPECT_FALSE(sameValue(std::int32_t{5}, std::string("5")));
    EXPECT_TRUE(sameValue(Invalid{}, Invalid{}));
    EXPECT_FALSE(sameValue(Invalid{}, std::int32_t{0}));
}

TEST(ItemValue, IntegersNormaliseLikeVelib) {
    EXPECT_EQ(itemValueFromInteger(7), ItemValue(std::int32_t{7}));
    EXPECT_EQ(itemValueFromInteger(-2147483648LL), ItemValue(std::int32_t{-2147483647 - 1}));
    EXPECT_EQ(itemValueFromInteger(2147483648LL), ItemValue(std::int64_t{2147483648LL}));
}

}  // namespace
}  // namespace vreglink::venus
