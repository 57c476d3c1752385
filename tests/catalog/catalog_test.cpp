// The built-in catalog: it must parse (a broken data file fails here, not at runtime), hold every
// register and product, and answer lookups by id and by name.
#include "catalog/catalog.h"
#include "catalog/catalog_data.h"
#include "catalog/text_fields.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

namespace vreglink::catalog {
namespace {

using ::testing::HasSubstr;

TEST(BuiltinCatalog, EmbeddedDataParses) {
    const auto c = Catalog::parse(data::kRegistersCsv, data::kProductsCsv);
    ASSERT_TRUE(c) << c.error();
    EXPECT_EQ(c->registers().size(), 446u);  // the shared catalog + 0x0093, 0xEC30, 0xEC31
}

TEST(BuiltinCatalog, TextFieldsParse) {
    const auto fields = parseTextFields(data::kTextFieldsCsv);
    ASSERT_TRUE(fields) << fields.error();
    EXPECT_GE(fields->size(), 60u);
    // Every HEX equivalent a TEXT field names must be in the register catalog.
    for (const auto& f : *fields) {
        if (f.register_) {
            EXPECT_NE(Catalog::builtin().find(*f.register_), nullptr) << f.label;
        }
    }
}

TEST(BuiltinCatalog, BuiltinIsTheEmbeddedData) {
    const auto& c = Catalog::builtin();
    EXPECT_EQ(c.registers().size(), 446u);
    EXPECT_EQ(&c, &Catalog::builtin());  // parsed once
    for (std::size_t i = 1; i < c.registers().size(); ++i) {
        EXPECT_LT(c.registers()[i - 1].id, c.registers()[i].id);
    }
}

TEST(BuiltinCatalog, EveryProductOfTheSpec) {
    const auto& c = Catalog::builtin();
    // vedirect.md §2.7: 11 battery monitors, 31 BlueSolar, 34 SmartSolar, 20 VE.Can, 2 RS,
    // 63 Phoenix inverters, 8 IP43 chargers, 2 Battery Sense, 1 BatteryProtect, 20 Orion Smart,
    // Lynx Smart BMS, Smart BuckBoost, Multi RS.
    EXPECT_EQ(c.products().size(), 195u);
    const struct {
        std::uint16_t pid;
        const char* name;
        Family family;
    } expected[] = {
        {0x0203, "BMV-700", Family::Bmv},
        {0xA381, "BMV-712 Smart", Family::Bmv},
        {0xA389, "SmartShunt 500A/50mV", Family::SmartShunt},
        {0xC038, "SmartShunt 300A/50mV", Family::SmartShunt},
        {0x0300, "BlueSolar MPPT 70|15", Family::Mppt},
        {0xA056, "SmartSolar MPPT 100|30", Family::Mppt},
        {0xA069, "SmartSolar MPPT 250|70 rev2", Family::Mppt},
        {0xA07F, "All-In-1 SmartSolar MPPT 75|15 12V", Family::Mppt},
        {0xA10F, "BlueSolar MPPT VE.Can 150|100", Family::Mppt},
        {0xA111, "SmartSolar MPPT RS 450|200", Family::Mppt},
        {0xA201, "Phoenix Inverter 12V 250VA 230V", Family::Inverter},
        {0xA231, "Phoenix Inverter 12V 250VA 230V", Family::Inverter},
        {0xA23A, "Phoenix Inverter 24V 250VA 120V", Family::Inverter},
        {0xA2FC, "Phoenix Inverter 48V 1200VA 120V 64k HS", Family::Inverter},
        {0xA2B2, "Phoenix Inverter Smart 24V 5000VA 230V 64k", Family::Inverter},
        {0xA347, "Phoenix Smart IP43 Charger 24|16 (3)", Family::Charger},
        {0xA3A5, "Smart Battery Sense", Family::Bmv},
        {0xA3B0, "Smart BatteryProtect", Family::BatteryProtect},
        {0xA3CC, "Orion Smart 24/48-8.5 isolated", Family::Dcdc},
        {0xA3E6, "Lynx Smart BMS", Family::Bmv},
        {0xA3F0, "Smart BuckBoost 12V/12V-50A", Family::Dcdc},
        {0xA442, "Multi RS Solar 48V 6000VA 230V", Family::MultiRs},
    };
    for (const auto& e : expected) {
        const ProductInfo* p = c.findProduct(ProductId(e.pid));
        ASSERT_NE(p, nullptr) << std::hex << e.pid;
        EXPECT_EQ(p->name, e.name);
        EXPECT_EQ(p->family, e.family) << p->name;
    }
    EXPECT_EQ(c.findProduct(ProductId(0xA0FF)), nullptr);
}

TEST(BuiltinCatalog, LookupByIdAndName) {
    const auto& c = Catalog::builtin();
    const RegisterInfo* r = c.find(VregId(0xEDF0));
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->name, "bat_max_current");
    EXPECT_EQ(r->type, WireType::Un16);
    EXPECT_DOUBLE_EQ(r->scale, 0.1);
    EXPECT_EQ(r->unit, "A");
    EXPECT_TRUE(r->writable());
    EXPECT_EQ(c.find("BAT_MAX_CURRENT"), r);
    EXPECT_EQ(c.find(" bat_max_current "), r);
    EXPECT_EQ(c.find(VregId(0x7777)), nullptr);
    EXPECT_EQ(c.find("no_such_register"), nullptr);
}

TEST(BuiltinCatalog, FixesOfTheSharedCatalog) {
    const auto& c = Catalog::builtin();
    EXPECT_EQ(c.find(VregId(0x0100))->type, WireType::Bytes);  // [00][PID lo][PID hi][flags]
    for (const int id : {0x031F, 0x1029, 0x102C, 0x1030}) {
        EXPECT_EQ(c.find(VregId(static_cast<std::uint16_t>(id)))->access, Access::Command)
            << std::hex << id;
    }
    const RegisterInfo* t = c.find(VregId(0xEDEC));
    EXPECT_EQ(t->unit, "degC");
    EXPECT_DOUBLE_EQ(t->offset, -273.15);
    EXPECT_EQ(c.find(VregId(0xEE13))->unit, "K");  // a difference: no offset
    EXPECT_DOUBLE_EQ(c.find(VregId(0xEE13))->offset, 0.0);
    EXPECT_THAT(c.find(VregId(0x0305))->notes, ::testing::Not(HasSubstr("0x0300=-4034")));
    EXPECT_FALSE(c.find(VregId(0xEDE6))->notAvailable);
    // No absolute temperature left in kelvin.
    for (const auto& reg : c.registers()) {
        if (reg.unit == "K") {
            EXPECT_EQ(reg.id, VregId(0xEE13)) << reg.name;
        }
    }
}

TEST(BuiltinCatalog, EnumsAndBitmasks) {
    const auto& c = Catalog::builtin();
    const RegisterInfo* cs = c.find(VregId(0x0201));
    ASSERT_NE(cs->labelFor(3), nullptr);
    EXPECT_EQ(cs->labelFor(3)->label, "bulk");
    EXPECT_EQ(cs->labelFor(0xF8)->label, "battery_safe");
    EXPECT_TRUE(c.find(VregId(0x0207))->bitmask);
    EXPECT_TRUE(c.find(VregId(0x031E))->bitmask);
    EXPECT_TRUE(c.find(VregId(0x0140))->bitmask);
    EXPECT_EQ(c.find(VregId(0xEDF1))->labelFor(0xFF)->label, "user_defined");
    EXPECT_EQ(c.find(VregId(0xEEB8))->labelFor(-9)->label, "solar_charger");
    EXPECT_EQ(c.find(VregId(0xEDDA))->labelFor(119)->label, "user_settings_invalid");
    // Every label set is well formed: names unique per register (checked by the parser) and
    // bitmask registers never carry an n/a sentinel.
    for (const auto& reg : c.registers()) {
        if (reg.bitmask) {
            EXPECT_FALSE(reg.notAvailable) << reg.name;
        }
    }
}

TEST(BuiltinCatalog, RegistersForFamily) {
    const auto& c = Catalog::builtin();
    const auto bmv = c.registersFor(Family::Bmv);
    EXPECT_GT(bmv.size(), 50u);
    for (const auto* r : bmv) EXPECT_TRUE(r->inFamily(Family::Bmv));
    const auto names = [&] {
        std::set<std::string> s;
        for (const auto* r : bmv) s.insert(r->name);
        return s;
    }();
    EXPECT_TRUE(names.count("state_of_charge"));
    EXPECT_FALSE(names.count("panel_voltage"));
}

TEST(Resolve, HexIdsNamesAndErrors) {
    const auto& c = Catalog::builtin();
    EXPECT_EQ(c.resolve("0xEDF0").value(), VregId(0xEDF0));
    EXPECT_EQ(c.resolve("EDF0").value(), VregId(0xEDF0));
    EXPECT_EQ(c.resolve("edf0").value(), VregId(0xEDF0));
    EXPECT_EQ(c.resolve("0x7777").value(), VregId(0x7777));  // unknown ids pass through
    EXPECT_EQ(c.resolve("Bat_Max_Current").value(), VregId(0xEDF0));

    const auto fuzzy = c.resolve("absorption");
    ASSERT_FALSE(fuzzy);
    EXPECT_THAT(fuzzy.error(), HasSubstr("unknown register 'absorption'; did you mean "));
    EXPECT_THAT(fuzzy.error(), HasSubstr("bat_absorption_delay"));
    // At most three suggestions.
    EXPECT_EQ(std::count(fuzzy.error().begin(), fuzzy.error().end(), ','), 2);

    const auto none = c.resolve("zzz_nothing");
    ASSERT_FALSE(none);
    EXPECT_THAT(none.error(), HasSubstr("give a catalog name or a hex id"));
    EXPECT_FALSE(c.resolve(""));
    EXPECT_FALSE(c.resolve("0x12345"));
}

}  // namespace
}  // namespace vreglink::catalog
