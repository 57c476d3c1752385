// checkRawRange: catalog min/max applied to raw SetVreg bytes (venus-dbus-mqtt.md §3.1).
#include "catalog/catalog.h"
#include "catalog/value_codec.h"

#include <gtest/gtest.h>

namespace vreglink::catalog {
namespace {

const RegisterInfo* reg(std::uint16_t id) {
    const RegisterInfo* r = Catalog::builtin().find(VregId(id));
    EXPECT_NE(r, nullptr) << std::hex << id;
    return r;
}

TEST(RawRange, ChargeEfficiencyWithinAndOutside) {
    const auto* eff = reg(0x1004);  // un16, scale 1, 0..100 %
    EXPECT_TRUE(checkRawRange(eff, Bytes{100, 0}));
    EXPECT_TRUE(checkRawRange(eff, Bytes{0, 0}));
    const auto above = checkRawRange(eff, Bytes{101, 0});
    ASSERT_FALSE(above);
    EXPECT_NE(above.error().find("above the maximum 100 %"), std::string::npos) << above.error();
}

TEST(RawRange, ScaledLimitIsExactAtTheEdge) {
    const auto* soc = reg(0x0328);                        // un16, 0.1 %, 0..100
    EXPECT_TRUE(checkRawRange(soc, Bytes{0xE8, 0x03}));   // 1000 -> 100.0 %
    EXPECT_FALSE(checkRawRange(soc, Bytes{0xE9, 0x03}));  // 1001 -> 100.1 %
}

TEST(RawRange, NotJudged) {
    EXPECT_TRUE(checkRawRange(nullptr, Bytes{0xFF, 0xFF, 0xFF}));  // unknown register
    RegisterInfo noLimits;
    noLimits.type = WireType::Un16;
    EXPECT_TRUE(checkRawRange(&noLimits, Bytes{0xFF, 0xFF}));
    RegisterInfo text;
    text.type = WireType::String;
    text.max = 1;
    EXPECT_TRUE(checkRawRange(&text, Bytes{'a', 'b'}));
    // Wrong length is checkRawValue's call, not this one's.
    EXPECT_TRUE(checkRawRange(reg(0x1004), Bytes{200}));
}

TEST(RawRange, SignedAndOffsetAndSentinel) {
    RegisterInfo temp;  // like a 0.01 K register shown in degC, limited to -20..60
    temp.name = "synthetic_temperature";
    temp.type = WireType::Un16;
    temp.scale = 0.01;
    temp.offset = -273.15;
    temp.unit = "degC";
    temp.min = -20;
    temp.max = 60;
    temp.notAvailable = 0xFFFF;
    EXPECT_TRUE(checkRawRange(&temp, Bytes{0xB5, 0x72}));   // 29365 -> 20.50 degC
    EXPECT_FALSE(checkRawRange(&temp, Bytes{0x01, 0x00}));  // -273.14 degC
    EXPECT_TRUE(checkRawRange(&temp, Bytes{0xFF, 0xFF}));   // n/a sentinel passes
    RegisterInfo signedReg;
    signedReg.type = WireType::Sn16;
    signedReg.min = -5;
    signedReg.max = 5;
    EXPECT_TRUE(checkRawRange(&signedReg, Bytes{0xFB, 0xFF}));   // -5
    EXPECT_FALSE(checkRawRange(&signedReg, Bytes{0xFA, 0xFF}));  // -6
}

}  // namespace
}  // namespace vreglink::catalog
