// BMV-712 Smart, SmartShunt and Phoenix inverter against the vectors.
#include "sim/models/bmv_model.h"
#include "sim_test_util.h"

#include <gtest/gtest.h>

namespace vreglink::sim {
namespace {

using namespace std::chrono_literals;
using test::ask;

std::unique_ptr<DeviceModel> quiet(std::string_view name) {
    ModelOptions o;
    o.noise = false;
    return makeModel(name, o);
}

TEST(Bmv, IdentityAndCapacity) {
    auto m = quiet("bmv");
    EXPECT_EQ(ask(*m, ":154"), ":51344F9");  // fw 4.13 -> 0x4413
    EXPECT_EQ(ask(*m, ":451"), ":181A330");
    EXPECT_EQ(ask(*m, ":70010003E"), ":7001000C80076");  // C3
    EXPECT_EQ(ask(*m, ":70001004D"), ":70001000081A3FE2B");
}

TEST(Bmv, RelayRemoteControlShowsInText) {
    auto m = quiet("bmv");
    // Relay control is only obeyed in remote mode (0x034F = 2).
    EXPECT_EQ(ask(*m, ":84E030001FB"), ":84E030001FB");  // C15
    m->step(1s);
    EXPECT_EQ(test::field(test::decodedText(*m).at(0), "Relay"), "OFF");
    EXPECT_EQ(ask(*m, ":84F030002F9"), ":84F030002F9");
    m->step(1s);
    EXPECT_EQ(test::field(test::decodedText(*m).at(0), "Relay"), "ON");
    EXPECT_EQ(ask(*m, ":84D030001FC"), ":84D030001FC");  // C16: invert
    m->step(1s);
    EXPECT_EQ(test::field(test::decodedText(*m).at(0), "Relay"), "OFF");
}

TEST(Bmv, SynchroniseCommand) {
    auto m = quiet("bmv");
    EXPECT_EQ(ask(*m, ":82C100011"), ":82C100011");
    EXPECT_EQ(m->registers().intValue(VregId(0x0FFF)), 10000);
    EXPECT_EQ(m->registers().intValue(VregId(0xEEFF)), 0);
}

TEST(Bmv, AsyncOnlyAfterHexActivity) {
    auto m = quiet("bmv");
    m->step(1s);
    EXPECT_TRUE(m->takeAsyncFrames().empty());
    ask(*m, ":154");
    m->step(1s);
    EXPECT_FALSE(m->takeAsyncFrames().empty());
}

TEST(Bmv, PlausibleOverTwoDays) {
    auto m = makeModel("bmv", {});
    bool sawCharging = false, sawDischarging = false;
    for (int minute = 0; minute < 2 * 24 * 60; minute += 5) {
        m->step(5min);
        const auto live = test::decodedText(*m).at(0);
        const auto soc = test::num(live, "SOC");
        EXPECT_GE(soc, 0);
        EXPECT_LE(soc, 1000);
        EXPECT_LE(test::num(live, "CE"), 0);
        const auto v = test::num(live, "V");
        EXPECT_GT(v, 11000);
        EXPECT_LT(v, 15000);
        const auto i = test::num(live, "I");
        if (i > 500) {
            sawCharging = true;
            EXPECT_EQ(test::num(live, "TTG"), -1);
        }
        if (i < -500) {
            sawDischarging = true;
            EXPECT_GE(test::num(live, "TTG"), 0);
        }
    }
    EXPECT_TRUE(sawCharging);
    EXPECT_TRUE(sawDischarging);
}

TEST(SmartShunt, Vectors) {
    auto m = quiet("smartshunt");
    EXPECT_EQ(ask(*m, ":154"), ":51444F8");                  // H3
    EXPECT_EQ(ask(*m, ":451"), ":189A328");                  // H6
    EXPECT_EQ(ask(*m, ":70001004D"), ":70001000089A3FE23");  // H8
    EXPECT_EQ(ask(*m, ":70B010042"),
              ":70B0100424D562D536D6172745368756E7420353030412F35306D5600CA");  // H25
    EXPECT_EQ(ask(*m, ":77DED00E4"), ":77DED00FF7F66");  // H31: aux is temperature
    // Serial: 24 bytes NUL-padded.
    const Bytes* serial = m->registers().value(VregId(0x010A));
    ASSERT_NE(serial, nullptr);
    EXPECT_EQ(serial->size(), 24u);
    // H28/H29/H30 with the recorded values injected (pinned against the simulation).
    auto& regs = m->registers();
    ASSERT_TRUE(regs.force(VregId(0x0FFF), Bytes{0x4F, 0x1B}));
    ASSERT_TRUE(regs.force(VregId(0xED8C), Bytes{0x6A, 0xFF, 0xFF, 0xFF}));
    ASSERT_TRUE(regs.force(VregId(0xEEFF), Bytes{0xFA, 0xFA, 0xFF, 0xFF}));
    m->step(1s);
    EXPECT_EQ(ask(*m, ":7FF0F0040"), ":7FF0F004F1BD6");      // H28
    EXPECT_EQ(ask(*m, ":78CED00D5"), ":78CED006AFFFFFF6E");  // H29
    EXPECT_EQ(ask(*m, ":7FFEE0061"), ":7FFEE00FAFAFFFF6F");  // H30
    // No relay on a SmartShunt.
    EXPECT_EQ(ask(*m, ":84E030001FB").substr(0, 8), ":84E0301");
}

TEST(Inverter, ModesAndSetpoint) {
    auto m = quiet("inverter");
    EXPECT_EQ(ask(*m, ":154"), ":52941E6");              // fw 1.29
    EXPECT_EQ(ask(*m, ":80002000447"), ":80002000447");  // off
    auto b = test::decodedText(*m).at(0);
    EXPECT_EQ(test::field(b, "MODE"), "4");
    EXPECT_EQ(test::field(b, "CS"), "0");
    EXPECT_EQ(test::field(b, "OR"), "0x00000004");
    EXPECT_EQ(test::field(b, "AC_OUT_V"), "0");
    EXPECT_EQ(ask(*m, ":80002000249"), ":80002000249");  // inverter on
    b = test::decodedText(*m).at(0);
    EXPECT_EQ(test::field(b, "CS"), "9");
    EXPECT_EQ(ask(*m, ":8300200A86112").substr(0, 8), ":8300204");  // 250.00 V > 0x0232
    EXPECT_EQ(ask(*m, ":8300200F055D6"), ":8300200F055D6");         // 220.00 V
    m->step(1s);
    const auto acV = std::stoll(test::field(test::decodedText(*m).at(0), "AC_OUT_V"));
    EXPECT_EQ(acV, 22000);  // noise off
}

}  // namespace
}  // namespace vreglink::sim
