// encodeValue: every input form people use, and every rejection with its message.
#include "catalog/catalog.h"
#include "catalog/value_codec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace vreglink::catalog {
namespace {

using ::testing::HasSubstr;

const RegisterInfo* reg(std::uint16_t id) {
    return Catalog::builtin().find(VregId(id));
}

Bytes ok(std::uint16_t id, std::string_view input) {
    const auto r = encodeValue(reg(id), input);
    EXPECT_TRUE(r) << input << ": " << (r ? "" : r.error());
    return r ? *r : Bytes{};
}

std::string rejected(const RegisterInfo* info, std::string_view input) {
    const auto r = encodeValue(info, input);
    EXPECT_FALSE(r) << input;
    return r ? std::string{} : r.error();
}
std::string rejected(std::uint16_t id, std::string_view input) {
    return rejected(reg(id), input);
}

TEST(Encode, ScaledNumbersWithAndWithoutUnit) {
    const Bytes b1440{0xA0, 0x05};
    EXPECT_EQ(ok(0xEDF7, "14.4"), b1440);  // 14.4 / 0.01 must be exactly 1440
    EXPECT_EQ(ok(0xEDF7, "14.4V"), b1440);
    EXPECT_EQ(ok(0xEDF7, "14.4 V"), b1440);
    EXPECT_EQ(ok(0xEDF7, " 14.40 v "), b1440);
    EXPECT_EQ(ok(0xEDF7, "+14.4"), b1440);
    EXPECT_EQ(ok(0xEDF0, "30A"), (Bytes{0x2C, 0x01}));
    EXPECT_EQ(ok(0xEDF0, "15"), (Bytes{0x96, 0x00}));
    EXPECT_EQ(ok(0xEB06, "1.25"), (Bytes{0x05}));               // 0.25 s steps
    EXPECT_EQ(ok(0xEDF2, "-16.20 mV/K"), (Bytes{0xAC, 0xF9}));  // sn16
    EXPECT_EQ(ok(0xEDF7, "14.4000000001"), b1440);              // within 1e-6 of a step
    EXPECT_EQ(ok(0xEDF7, "14.3999999999"), b1440);
    EXPECT_EQ(ok(0xEDDC, "42949672.94"), (Bytes{0xFE, 0xFF, 0xFF, 0xFF}));  // exact, big
}

TEST(Encode, CelsiusOnKelvinRegisters) {
    const Bytes raw{0x31, 0x6F};  // 28465 -> 11.50 °C
    EXPECT_EQ(ok(0x032C, "11.5"), raw);
    EXPECT_EQ(ok(0x032C, "11.50 °C"), raw);
    EXPECT_EQ(ok(0x032C, "11.5degC"), raw);
    EXPECT_EQ(ok(0x032C, "11.5 C"), raw);
    EXPECT_EQ(ok(0x032C, "-273.15"), (Bytes{0x00, 0x00}));
    EXPECT_EQ(ok(0xEDDB, "-5.5 °C"), (Bytes{0xDA, 0xFD}));  // sn16 0.01 °C, no offset
}

TEST(Encode, OnOffWordsAndLabels) {
    EXPECT_EQ(ok(0x0090, "on"), Bytes{0x01});
    EXPECT_EQ(ok(0x0090, "OFF"), Bytes{0x00});
    EXPECT_EQ(ok(0x0090, "true"), Bytes{0x01});
    EXPECT_EQ(ok(0x0090, "no"), Bytes{0x00});
    EXPECT_EQ(ok(0xEDE8, "yes"), Bytes{0x01});  // 0=no;1=yes
    EXPECT_EQ(ok(0x034E, "on"), Bytes{0x01});   // 0=open;1=closed
    EXPECT_EQ(ok(0x034E, "closed"), Bytes{0x01});
    EXPECT_EQ(ok(0x0200, "off"), Bytes{0x04});  // label beats the boolean word
    EXPECT_EQ(ok(0x0200, "On"), Bytes{0x01});
    EXPECT_EQ(ok(0x0200, "4"), Bytes{0x04});  // numeric value of an enum
    EXPECT_EQ(ok(0x0200, "0xFD"), Bytes{0xFD});
    EXPECT_EQ(ok(0xEDF1, "user_defined"), Bytes{0xFF});  // label on the sentinel value
    EXPECT_EQ(ok(0xEDF1, "LiFePO4"), Bytes{0x08});
    EXPECT_EQ(ok(0xEDAB, "on"), Bytes{0x04});  // Victron staff: :8ABED0004B1
    EXPECT_EQ(ok(0xEEB8, "solar_charger"), (Bytes{0xF7, 0xFF}));
    EXPECT_EQ(ok(0xEEB8, "-2"), (Bytes{0xFE, 0xFF}));
    EXPECT_EQ(ok(0xEDE6, "use_max_current"), (Bytes{0xFF, 0xFF}));
    EXPECT_EQ(ok(0xEDE6, "10 A"), (Bytes{0x64, 0x00}));
}

TEST(Encode, BitmaskLabels) {
    EXPECT_EQ(ok(0x0207, "no_input_power|remote_input"), (Bytes{0x09, 0, 0, 0}));
    EXPECT_EQ(ok(0x0207, "none"), (Bytes{0, 0, 0, 0}));
    EXPECT_EQ(ok(0x0207, "bit16 | no_input_power"), (Bytes{0x01, 0, 0x01, 0}));
    EXPECT_EQ(ok(0x0207, "0x9"), (Bytes{0x09, 0, 0, 0}));
    EXPECT_EQ(ok(0x0207, "9"), (Bytes{0x09, 0, 0, 0}));
}

TEST(Encode, IntegersDecimalAndHex) {
    EXPECT_EQ(ok(0x1000, "200"), (Bytes{0xC8, 0x00}));
    EXPECT_EQ(ok(0x1000, "0xC8"), (Bytes{0xC8, 0x00}));
    EXPECT_EQ(ok(0x1000, "200 Ah"), (Bytes{0xC8, 0x00}));
    EXPECT_EQ(ok(0xEEFB, "0X1F4"), (Bytes{0xF4, 0x01}));
}

TEST(Encode, StringsAndRawHex) {
    EXPECT_EQ(ok(0x010C, "My Boat"), (Bytes{'M', 'y', ' ', 'B', 'o', 'a', 't'}));
    EXPECT_EQ(ok(0x010C, ""), Bytes{});
    EXPECT_EQ(ok(0xEDF0, "hex:9600"), (Bytes{0x96, 0x00}));
    EXPECT_EQ(ok(0xEDF0, "HEX: 96 00"), (Bytes{0x96, 0x00}));
    EXPECT_EQ(ok(0xEDA0, "hex:3c000150"), (Bytes{0x3C, 0x00, 0x01, 0x50}));
    EXPECT_EQ(ok(0xEDA0, "3c000150"), (Bytes{0x3C, 0x00, 0x01, 0x50}));  // bytes register
    EXPECT_EQ(ok(0x031F, ""), Bytes{});                                  // command: empty SET
    EXPECT_EQ(ok(0x1029, "hex:"), Bytes{});
    EXPECT_EQ(*encodeValue(nullptr, "hex:0a0b"), (Bytes{0x0A, 0x0B}));
    EXPECT_EQ(*encodeValue(nullptr, "0a0b"), (Bytes{0x0A, 0x0B}));
    EXPECT_EQ(*encodeValue(nullptr, "hex:"), Bytes{});
}

TEST(EncodeRejects, NotAMultipleOfTheScale) {
    EXPECT_EQ(rejected(0xEDF7, "14.405"), "14.405 is not a multiple of 0.01 V");
    EXPECT_EQ(rejected(0xEB06, "1.3 s"), "1.3 is not a multiple of 0.25 s");
    EXPECT_EQ(rejected(0x1000, "1.5"), "1.5 is not a multiple of 1 Ah");
    EXPECT_EQ(rejected(0x032C, "11.505"), "11.505 is not a multiple of 0.01 °C");
}

TEST(EncodeRejects, OutOfRange) {
    EXPECT_EQ(rejected(0xEDF7, "700 V"),
              "700 V is above the maximum 655.35 V of bat_absorption_voltage (un16)");
    EXPECT_EQ(rejected(0xEDF0, "-1"), "-1 A is below the minimum 0.0 A of bat_max_current (un16)");
    EXPECT_EQ(rejected(0x1000, "-1"), "-1 Ah is below the minimum 0 Ah of battery_capacity (un16)");
    EXPECT_EQ(rejected(0x0090, "256"), "256 is above the maximum 255 of ble_mode (un8)");
    EXPECT_EQ(rejected(0xEDF2, "-400 mV/K"),
              "-400 mV/K is below the minimum -327.68 mV/K of bat_temp_compensation (sn16)");
    EXPECT_EQ(rejected(0x1002, "100.1 %"), "100.1 % is above the maximum 100.0 % of tail_current");
    EXPECT_EQ(rejected(0xEEFE, "10"), "10 is above the maximum 9 of bmv_backlight_intensity");
    EXPECT_EQ(rejected(0xEEB8, "-10"), "-10 is below the minimum -9 of dc_monitor_mode");
    EXPECT_EQ(rejected(0x1000, "0x10000"),
              "0x10000 is above the maximum 65535 Ah of battery_capacity (un16)");
}

TEST(EncodeRejects, TheNotAvailableValue) {
    EXPECT_EQ(rejected(0xEDF7, "655.35"),
              "655.35 V is the 'not available' value of bat_absorption_voltage and cannot be "
              "written");
}

TEST(EncodeRejects, WrongUnit) {
    EXPECT_EQ(rejected(0xEDF7, "14.4 A"), "unit 'A' does not match V");
    EXPECT_EQ(rejected(0x032C, "20 K"), "unit 'K' does not match °C");
    EXPECT_EQ(rejected(0x0090, "1 V"), "unit 'V' does not match ble_mode, which has no unit");
    EXPECT_EQ(rejected(0xEDF7, "14.4e1"), "unit 'e1' does not match V");
}

TEST(EncodeRejects, LabelsAndWords) {
    EXPECT_EQ(rejected(0x0200, "foo"),
              "unknown label 'foo' for device_mode (on, inverter_on, device_on, off, eco, "
              "hibernate)");
    EXPECT_THAT(
        rejected(0x0201, "sideways"),
        HasSubstr("unknown label 'sideways' for device_state (off, low_power, fault, bulk"));
    EXPECT_THAT(rejected(0x0201, "sideways"), HasSubstr(", …)"));
    // 0=off;1=on plus more values still reads as off/on; 0=off;1=panel_voltage_high does not.
    EXPECT_EQ(ok(0x0400, "true"), Bytes{0x01});
    EXPECT_THAT(rejected(0xEDD9, "true"), HasSubstr("unknown label 'true' for chr_relay_mode"));
    EXPECT_THAT(rejected(0x0330, "on"), HasSubstr("unknown label 'on' for alarm_fuse_blown"));
    EXPECT_EQ(rejected(0xEDF0, "on"),
              "'on' is only accepted for on/off registers; bat_max_current takes a number");
    EXPECT_EQ(rejected(0xEDF0, "lots"),
              "'lots' is not a number (bat_max_current takes a value in A)");
    EXPECT_THAT(rejected(0x0207, "no_input_power|bogus"), HasSubstr("unknown label"));
    EXPECT_EQ(rejected(0xEDF0, "1.2.3"), "'1.2.3' is not a number");
    EXPECT_EQ(rejected(0xEDF0, ""), "empty value for bat_max_current");
}

TEST(EncodeRejects, HexIntegersOnScaledRegisters) {
    EXPECT_EQ(rejected(0xEDF0, "0x96"),
              "hex integers are only accepted for unscaled registers; bat_max_current is in "
              "steps of 0.1 A (write hex:<bytes> for raw bytes)");
    EXPECT_EQ(rejected(0x1000, "0xZZ"), "'0xZZ' is not a hex integer");
}

TEST(EncodeRejects, RawHexAndStrings) {
    EXPECT_EQ(rejected(0xEDF0, "hex:96"), "bat_max_current needs exactly 2 bytes (un16), got 1");
    EXPECT_EQ(rejected(0xEDF0, "hex:9g"), "'9g' is not hex bytes");
    EXPECT_EQ(rejected(nullptr, "14.4"),
              "unknown register: only raw hex is accepted (e.g. hex:9600 or 9600)");
    EXPECT_EQ(rejected(nullptr, ""),
              "unknown register: only raw hex is accepted (e.g. hex:9600 or 9600)");
    EXPECT_EQ(rejected(0x010C, "caf\xC3\xA9"), "description takes printable ASCII text only");
    EXPECT_THAT(rejected(0x010C, std::string(65, 'x')), HasSubstr("too long"));
    EXPECT_EQ(rejected(0xEDA0, "nothex"),
              "dc_output_lighting_event0 is a bytes register: give hex, e.g. hex:0a0b");
    EXPECT_EQ(rejected(0xEDA0, ""),
              "dc_output_lighting_event0 is a bytes register: give hex, e.g. hex:0a0b");
}

// What decode shows, encode accepts back to the same bytes (the CLI's `get` output can be fed to
// `set`), over every register of the catalog and a spread of raw values.
TEST(Encode, DisplayRoundTripsForEveryRegister) {
    int checked = 0;
    for (const auto& info : Catalog::builtin().registers()) {
        const auto size = fixedSize(info.type);
        if (!size) continue;
        for (const std::uint64_t pattern :
             {0x00ULL, 0x01ULL, 0x7FULL, 0x80ULL, 0x1234ULL, 0xFFFEULL, 0x89ABCDEFULL}) {
            Bytes bytes;
            for (std::size_t i = 0; i < *size; ++i) {
                bytes.push_back(static_cast<std::uint8_t>(pattern >> (8 * i)));
            }
            const auto shown = decodeValue(&info, bytes);
            if (shown.kind == DecodedValue::Kind::NotAvailable) continue;
            if (info.min && shown.number && *shown.number < *info.min) continue;
            if (info.max && shown.number && *shown.number > *info.max) continue;
            const auto back = encodeValue(&info, shown.display());
            ASSERT_TRUE(back) << info.name << " '" << shown.display() << "': " << back.error();
            EXPECT_EQ(*back, bytes) << info.name << " '" << shown.display() << "'";
            ++checked;
        }
    }
    EXPECT_GT(checked, 1500);
}

}  // namespace
}  // namespace vreglink::catalog
