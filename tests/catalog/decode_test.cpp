// decodeValue for every wire type and every special case of vedirect.md §3.3.
#include "catalog/catalog.h"
#include "catalog/value_codec.h"

#include <gtest/gtest.h>

namespace vreglink::catalog {
namespace {

using Kind = DecodedValue::Kind;

const RegisterInfo* reg(std::uint16_t id) {
    const RegisterInfo* r = Catalog::builtin().find(VregId(id));
    EXPECT_NE(r, nullptr) << std::hex << id;
    return r;
}

DecodedValue decode(std::uint16_t id, Bytes bytes) {
    return decodeValue(reg(id), bytes);
}

// A register made up for one wire type (the catalog has no sn8/un24 registers).
RegisterInfo synthetic(WireType type, double scale = 1.0) {
    RegisterInfo r;
    r.id = VregId(0x7000);
    r.name = "synthetic";
    r.type = type;
    r.scale = scale;
    return r;
}

TEST(Decode, BatteryTemperatureKelvinShownInCelsius) {
    const auto v = decode(0xEDEC, {0x31, 0x6F});  // 28465 * 0.01 K = 11.50 °C (§3.3)
    EXPECT_EQ(v.kind, Kind::Number);
    EXPECT_EQ(v.text, "11.50");
    EXPECT_EQ(v.unit, "°C");
    EXPECT_EQ(v.display(), "11.50 °C");
    EXPECT_NEAR(*v.number, 11.50, 1e-9);
    EXPECT_EQ(*v.raw, 28465);
}

TEST(Decode, SignedTemperatureCompensation) {
    const auto v = decode(0xEDF2, {0xAC, 0xF9});  // 0xF9AC = -1620 -> -16.20 mV/K (§3.7)
    EXPECT_EQ(v.display(), "-16.20 mV/K");
    EXPECT_EQ(*v.raw, -1620);
}

TEST(Decode, StateOfCharge) {
    EXPECT_EQ(decode(0x0FFF, {0x4F, 0x1B}).display(), "69.91 %");  // real SmartShunt (§3.7)
}

TEST(Decode, ScaleDecimals) {
    EXPECT_EQ(decode(0xEDF0, {0x96, 0x00}).display(), "15.0 A");                // 0.1
    EXPECT_EQ(decode(0xEDF7, {0xA0, 0x05}).display(), "14.40 V");               // 0.01
    EXPECT_EQ(decode(0xEEFA, {0x32, 0x00}).display(), "0.050 V");               // 0.001
    EXPECT_EQ(decode(0x1000, {0xC8, 0x00}).display(), "200 Ah");                // 1
    EXPECT_EQ(decode(0xEB06, {0x05}).display(), "1.25 s");                      // 0.25
    EXPECT_EQ(decode(0xED8C, {0x6A, 0xFF, 0xFF, 0xFF}).display(), "-0.150 A");  // sn32 mA
}

TEST(Decode, NotAvailableSentinels) {
    EXPECT_EQ(decode(0xEDEC, {0xFF, 0xFF}).kind, Kind::NotAvailable);  // no sensor
    EXPECT_EQ(decode(0xEDEC, {0xFF, 0xFF}).display(), "n/a");
    EXPECT_EQ(decode(0xED7D, {0xFF, 0x7F}).kind, Kind::NotAvailable);              // sn16 0x7FFF
    EXPECT_EQ(decode(0x2013, {0xFF, 0xFF, 0xFF, 0x7F}).kind, Kind::NotAvailable);  // sn32
    EXPECT_EQ(decode(0xEDB0, {0xFF}).kind, Kind::NotAvailable);                    // un8
    EXPECT_EQ(decode(0x2027, {0xFF, 0xFF, 0xFF, 0xFF}).kind, Kind::NotAvailable);  // un32
}

TEST(Decode, SentinelExceptions) {
    // 0xEDE6 0xFFFF means "use maximum charge current", not n/a (§3.3).
    const auto v = decode(0xEDE6, {0xFF, 0xFF});
    EXPECT_NE(v.kind, Kind::NotAvailable);
    EXPECT_EQ(v.text, "use_max_current");
    EXPECT_EQ(decode(0xEDE6, {0x64, 0x00}).display(), "10.0 A");
    // A label for the sentinel wins: bat_type 0xFF = user defined.
    EXPECT_EQ(decode(0xEDF1, {0xFF}).text, "user_defined");
    // Counters have no sentinel.
    EXPECT_EQ(decode(0x0120, {0xFF, 0xFF, 0xFF, 0xFF}).display(), "4294967295 s");
}

TEST(Decode, EnumLabels) {
    auto v = decode(0x0201, {0x03});
    EXPECT_EQ(v.kind, Kind::Label);
    EXPECT_EQ(v.text, "bulk");
    EXPECT_EQ(*v.raw, 3);
    EXPECT_EQ(decode(0x0201, {0xFF}).kind, Kind::NotAvailable);
    EXPECT_EQ(decode(0x0201, {0x0C}).kind, Kind::Number);  // unlisted value: the number
    EXPECT_EQ(decode(0x0201, {0x0C}).text, "12");
    EXPECT_EQ(decode(0xEEB8, {0xF7, 0xFF}).text, "solar_charger");  // sn16 -9
    EXPECT_EQ(decode(0x0200, {0x04}).text, "off");
    EXPECT_EQ(decode(0x0200, {0xFD}).text, "hibernate");
}

TEST(Decode, Bitmasks) {
    auto v = decode(0x0207, {0x09, 0x00, 0x00, 0x00});  // seen on an Orion XS (§2.6)
    EXPECT_EQ(v.kind, Kind::Flags);
    EXPECT_EQ(v.text, "no_input_power|remote_input");
    EXPECT_EQ(*v.number, 9);
    EXPECT_EQ(decode(0x0207, {0, 0, 0, 0}).text, "none");
    EXPECT_EQ(decode(0x0207, {0x01, 0x00, 0x01, 0x00}).text, "no_input_power|bit16");
    EXPECT_EQ(decode(0x031E, {0x00, 0x10}).text, "short_circuit");          // bit 12
    EXPECT_EQ(decode(0x0207, {0xFF, 0xFF, 0xFF, 0xFF}).kind, Kind::Flags);  // never n/a
}

TEST(Decode, StringWithNulPadding) {
    Bytes serial{'H', 'Q', '1', '9', '4', '9', '9', 'R', 'H', 'C', '5', 0, 0, 0, 0, 0};
    const auto v = decode(0x010A, serial);
    EXPECT_EQ(v.kind, Kind::Text);
    EXPECT_EQ(v.text, "HQ19499RHC5");
    EXPECT_EQ(decode(0x010B, {'A', 'B'}).text, "AB");  // no NUL at all
    const auto bad = decode(0x010A, {'A', 0x01, 'B'});
    EXPECT_EQ(bad.kind, Kind::Raw);
    EXPECT_EQ(bad.text, "410142");
}

TEST(Decode, BytesUnknownAndLengthMismatch) {
    auto v = decode(0x0100, {0x00, 0x56, 0xA0, 0xFF});
    EXPECT_EQ(v.kind, Kind::Raw);
    EXPECT_EQ(v.text, "0056a0ff");
    v = decodeValue(nullptr, Bytes{0x0A, 0x0B});
    EXPECT_EQ(v.kind, Kind::Raw);
    EXPECT_EQ(v.display(), "0a0b");
    EXPECT_EQ(v.note, "unknown register");
    v = decode(0xEDF0, {0x01, 0x02, 0x03, 0x04});
    EXPECT_EQ(v.kind, Kind::Raw);
    EXPECT_EQ(v.text, "01020304");
    EXPECT_EQ(v.note, "4 bytes, expected 2 for un16");
    EXPECT_EQ(decode(0xEDF0, {}).kind, Kind::Raw);
}

TEST(Decode, EveryIntegerWireType) {
    struct Case {
        WireType type;
        Bytes bytes;
        std::int64_t raw;
    } cases[] = {
        {WireType::Un8, {0x80}, 128},
        {WireType::Sn8, {0x80}, -128},
        {WireType::Sn8, {0x7E}, 126},
        {WireType::Un16, {0x00, 0x80}, 32768},
        {WireType::Sn16, {0x00, 0x80}, -32768},
        {WireType::Un24, {0x01, 0x02, 0x83}, 0x830201},
        {WireType::Un32, {0x00, 0x00, 0x00, 0x80}, 0x80000000LL},
        {WireType::Sn32, {0xFE, 0xFF, 0xFF, 0xFF}, -2},
    };
    for (const auto& c : cases) {
        const auto info = synthetic(c.type);
        const auto v = decodeValue(&info, c.bytes);
        EXPECT_EQ(v.kind, Kind::Number) << wireTypeName(c.type);
        EXPECT_EQ(v.raw, c.raw) << wireTypeName(c.type);
        EXPECT_EQ(v.text, std::to_string(c.raw)) << wireTypeName(c.type);
    }
    auto info = synthetic(WireType::Un24);
    info.notAvailable = 0xFFFFFF;
    EXPECT_EQ(decodeValue(&info, Bytes{0xFF, 0xFF, 0xFF}).kind, Kind::NotAvailable);
    EXPECT_EQ(decodeValue(&info, Bytes{0xFF, 0xFF}).kind, Kind::Raw);
}

TEST(Decode, NoNegativeZero) {
    auto info = synthetic(WireType::Sn16, 0.01);
    info.offset = 0.006;  // raw -1 -> -0.004, which rounds to "-0.00"
    EXPECT_EQ(decodeValue(&info, Bytes{0xFF, 0xFF}).text, "0.00");
}

TEST(CheckRaw, LengthRules) {
    EXPECT_TRUE(checkRawValue(reg(0xEDF0), Bytes{0x96, 0x00}));
    const auto bad = checkRawValue(reg(0xEDF0), Bytes{0x96});
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error(), "bat_max_current needs exactly 2 bytes (un16), got 1");
    EXPECT_TRUE(checkRawValue(reg(0x010A), Bytes(24, 'A')));
    EXPECT_TRUE(checkRawValue(reg(0x031F), Bytes{}));
    EXPECT_FALSE(checkRawValue(reg(0x1050), Bytes(65, 0)));
    EXPECT_TRUE(checkRawValue(nullptr, Bytes(100, 0)));  // unknown: transparent
}

}  // namespace
}  // namespace vreglink::catalog

namespace vreglink::catalog {
namespace {

// Numbers are the decimals the device means, so D-Bus, MQTT ({"value":12.79}) and JSON agree
// with the text: 1279 x 0.01 is 12.79, never 12.790000000000001.
TEST(Decode, ScaledNumbersAreTheDecimalsMeant) {
    EXPECT_EQ(scaleRaw(1279, 0.01), 12.79);
    EXPECT_EQ(scaleRaw(908, 0.1), 90.8);
    EXPECT_EQ(scaleRaw(-954, 0.001), -0.954);
    EXPECT_EQ(scaleRaw(7, 0.25), 1.75);
    EXPECT_EQ(scaleRaw(3, 10.0), 30.0);
    EXPECT_EQ(scaleRaw(5, 1.0), 5.0);
    const auto v = decodeValue(Catalog::builtin().find(VregId(0xED8D)), Bytes{0xFF, 0x04});
    ASSERT_TRUE(v.number.has_value());
    EXPECT_EQ(*v.number, 12.79);
}

}  // namespace
}  // namespace vreglink::catalog
