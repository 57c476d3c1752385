// TEXT field decoding (vedirect.md §2.4 dictionary, §2.6 enumerations, §2.7 product ids).
#include "catalog/text_fields.h"

#include <gtest/gtest.h>

namespace vreglink::catalog {
namespace {

using Kind = DecodedValue::Kind;

TEST(TextFields, Dictionary) {
    const TextFieldInfo* v = findTextField("V");
    ASSERT_NE(v, nullptr);
    EXPECT_EQ(v->name, "battery_voltage");
    EXPECT_EQ(v->kind, TextFieldInfo::Kind::Number);
    EXPECT_DOUBLE_EQ(v->scale, 0.001);
    EXPECT_EQ(v->unit, "V");
    EXPECT_EQ(v->register_, VregId(0xED8D));
    EXPECT_EQ(findTextField("OR")->kind, TextFieldInfo::Kind::HexInt);
    EXPECT_EQ(findTextField("LOAD")->kind, TextFieldInfo::Kind::OnOff);
    EXPECT_EQ(findTextField("SER#")->kind, TextFieldInfo::Kind::Text);
    EXPECT_EQ(findTextField("CS")->register_, VregId(0x0201));
    EXPECT_EQ(findTextField("v"), nullptr);  // labels are case-sensitive (§2.1)
    EXPECT_EQ(findTextField("Checksum"), nullptr);
}

TEST(TextFields, Numbers) {
    auto v = decodeTextField("V", "12800");
    EXPECT_EQ(v.kind, Kind::Number);
    EXPECT_EQ(v.display(), "12.800 V");
    EXPECT_EQ(*v.raw, 12800);
    EXPECT_EQ(decodeTextField("I", "-3250").display(), "-3.250 A");
    EXPECT_EQ(decodeTextField("SOC", "876").display(), "87.6 %");
    EXPECT_EQ(decodeTextField("CE", "-12860").display(), "-12.860 Ah");
    EXPECT_EQ(decodeTextField("H19", "1234").display(), "12.34 kWh");
    EXPECT_EQ(decodeTextField("T", "25").display(), "25 °C");
    EXPECT_EQ(decodeTextField("PPV", "142").display(), "142 W");
    EXPECT_EQ(decodeTextField("AC_OUT_V", "23001").display(), "230.01 V");
}

TEST(TextFields, TimeToGoMinusOneIsInfinite) {
    // §2.4: TTG -1 = infinite / not discharging (vector T6).
    const auto v = decodeTextField("TTG", "-1");
    EXPECT_EQ(v.kind, Kind::Label);
    EXPECT_EQ(v.display(), "infinite");
    EXPECT_EQ(decodeTextField("TTG", "3412").display(), "3412 min");
}

TEST(TextFields, NotAvailable) {
    const auto t = decodeTextField("T", "---");
    EXPECT_EQ(t.kind, Kind::NotAvailable);
    EXPECT_EQ(t.display(), "n/a");
    EXPECT_EQ(decodeTextField("H9", "---").kind, Kind::NotAvailable);
}

TEST(TextFields, EnumerationsViaTheirRegister) {
    auto cs = decodeTextField("CS", "3");
    EXPECT_EQ(cs.kind, Kind::Label);
    EXPECT_EQ(cs.text, "bulk");
    EXPECT_EQ(*cs.raw, 3);
    EXPECT_EQ(decodeTextField("CS", "245").text, "starting_up");
    EXPECT_EQ(decodeTextField("ERR", "0").text, "no_error");
    EXPECT_EQ(decodeTextField("ERR", "33").text, "input_voltage_too_high");
    EXPECT_EQ(decodeTextField("MPPT", "2").text, "mppt_active");
    EXPECT_EQ(decodeTextField("MODE", "4").text, "off");
    EXPECT_EQ(decodeTextField("MON", "-9").text, "solar_charger");
    EXPECT_EQ(decodeTextField("CS", "12").kind, Kind::Number);  // unlisted code: the number
}

TEST(TextFields, Bitmasks) {
    auto off = decodeTextField("OR", "0x00000001");
    EXPECT_EQ(off.kind, Kind::Flags);
    EXPECT_EQ(off.text, "no_input_power");
    EXPECT_EQ(decodeTextField("OR", "0x00000009").text, "no_input_power|remote_input");
    EXPECT_EQ(decodeTextField("OR", "0x00000000").text, "none");
    EXPECT_EQ(decodeTextField("AR", "5").text, "low_voltage|low_soc");
    EXPECT_EQ(decodeTextField("AR", "0").text, "none");
    EXPECT_EQ(decodeTextField("WARN", "64").text, "high_temperature");
}

TEST(TextFields, OnOff) {
    auto load = decodeTextField("LOAD", "ON");
    EXPECT_EQ(load.kind, Kind::Label);
    EXPECT_EQ(load.text, "on");
    EXPECT_EQ(*load.raw, 1);
    EXPECT_EQ(decodeTextField("Relay", "OFF").text, "off");
    EXPECT_EQ(decodeTextField("Alarm", "OFF").text, "off");
    const auto odd = decodeTextField("LOAD", "MAYBE");
    EXPECT_EQ(odd.kind, Kind::Text);
    EXPECT_EQ(odd.note, "expected ON or OFF");
}

TEST(TextFields, ProductId) {
    auto pid = decodeTextField("PID", "0xA056");
    EXPECT_EQ(pid.kind, Kind::Label);
    EXPECT_EQ(pid.text, "0xA056 (SmartSolar MPPT 100|30)");
    EXPECT_EQ(pid.note, "SmartSolar MPPT 100|30");
    EXPECT_EQ(*pid.raw, 0xA056);
    EXPECT_EQ(decodeTextField("PID", "0xa389").text, "0xA389 (SmartShunt 500A/50mV)");
    auto unknown = decodeTextField("PID", "0xA0FF");
    EXPECT_EQ(unknown.kind, Kind::Text);
    EXPECT_EQ(unknown.text, "0xA0FF");
    EXPECT_EQ(unknown.note, "unknown product id");
    EXPECT_EQ(decodeTextField("PID", "junk").kind, Kind::Text);
}

TEST(TextFields, Firmware) {
    EXPECT_EQ(decodeTextField("FW", "161").text, "1.61");
    EXPECT_EQ(decodeTextField("FW", "161").note, "FW 161");
    EXPECT_EQ(decodeTextField("FW", "0413").text, "4.13");
    EXPECT_EQ(decodeTextField("FW", "C208").text, "2.08-rc");
    EXPECT_EQ(decodeTextField("FWE", "0112FF").text, "1.12");
    EXPECT_EQ(decodeTextField("FWE", "112FF").text, "1.12");
    EXPECT_EQ(decodeTextField("FWE", "0112A3").text, "1.12-beta.a3");
    EXPECT_EQ(decodeTextField("FW", "x").text, "x");
}

TEST(TextFields, TextAndUnknown) {
    EXPECT_EQ(decodeTextField("SER#", "HQ19499RHC5").text, "HQ19499RHC5");
    EXPECT_EQ(decodeTextField("BMV", "712 Smart").text, "712 Smart");
    const auto unknown = decodeTextField("XYZ", "42");
    EXPECT_EQ(unknown.kind, Kind::Text);
    EXPECT_EQ(unknown.text, "42");
    EXPECT_EQ(unknown.note, "unknown TEXT label");
    const auto bad = decodeTextField("V", "12.8");
    EXPECT_EQ(bad.kind, Kind::Raw);
    EXPECT_EQ(bad.text, "12.8");
}

}  // namespace
}  // namespace vreglink::catalog
