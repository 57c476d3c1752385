// TEXT blocks of every personality: field order (§2.5, T1/T5a/T5b/T6/T7), checksums (decoded with
// the real StreamDecoder), and agreement with the HEX registers.
#include "sim/models/bmv_model.h"
#include "sim_test_util.h"

#include <gtest/gtest.h>

namespace vreglink::sim {
namespace {

using namespace std::chrono_literals;
using test::decodedText;
using test::labels;
using test::num;
using Labels = std::vector<std::string>;

std::unique_ptr<DeviceModel> quiet(std::string_view name) {
    ModelOptions o;
    o.noise = false;
    return makeModel(name, o);
}

std::int64_t reg(const DeviceModel& m, std::uint16_t id) {
    return m.registers().intValue(VregId(id)).value_or(-999999);
}

TEST(TextBlocks, MpptFieldOrderT1) {
    auto m = quiet("mppt");
    const auto blocks = decodedText(*m);
    ASSERT_EQ(blocks.size(), 1u);
    EXPECT_EQ(labels(blocks[0]),
              (Labels{"PID", "FW", "SER#", "V", "I", "VPV", "PPV", "CS", "MPPT", "OR", "ERR",
                      "LOAD", "H19", "H20", "H21", "H22", "H23", "HSDS"}));
    EXPECT_EQ(test::field(blocks[0], "PID"), "0xA056");
    EXPECT_EQ(test::field(blocks[0], "FW"), "161");
    EXPECT_EQ(test::field(blocks[0], "SER#"), "HQ19499RHC5");
}

TEST(TextBlocks, BmvTwoBlocksT5) {
    auto m = quiet("bmv");
    const auto blocks = decodedText(*m);
    ASSERT_EQ(blocks.size(), 2u);
    EXPECT_EQ(labels(blocks[0]), (Labels{"PID", "V", "VS", "I", "P", "CE", "SOC", "TTG", "Alarm",
                                         "Relay", "AR", "BMV", "FW", "MON"}));
    EXPECT_EQ(labels(blocks[1]), (Labels{"H1", "H2", "H3", "H4", "H5", "H6", "H7", "H8", "H9",
                                         "H10", "H11", "H12", "H15", "H16", "H17", "H18"}));
    EXPECT_EQ(test::field(blocks[0], "BMV"), "712 Smart");
    EXPECT_EQ(test::field(blocks[0], "FW"), "0413");
}

TEST(TextBlocks, SmartShuntT6) {
    auto m = quiet("smartshunt");
    const auto blocks = decodedText(*m);
    ASSERT_EQ(blocks.size(), 2u);
    EXPECT_EQ(labels(blocks[0]), (Labels{"PID", "V", "T", "I", "P", "CE", "SOC", "TTG", "Alarm",
                                         "AR", "BMV", "FW", "MON"}));
    EXPECT_EQ(test::field(blocks[0], "BMV"), "SmartShunt 500A/50mV");
    EXPECT_EQ(test::field(blocks[0], "FW"), "0414");
}

TEST(TextBlocks, InverterT7) {
    auto m = quiet("inverter");
    const auto blocks = decodedText(*m);
    ASSERT_EQ(blocks.size(), 1u);
    EXPECT_EQ(labels(blocks[0]), (Labels{"PID", "FW", "SER#", "MODE", "CS", "AR", "WARN", "OR", "V",
                                         "AC_OUT_V", "AC_OUT_I", "AC_OUT_S"}));
    EXPECT_EQ(test::field(blocks[0], "FW"), "0129");
    EXPECT_EQ(test::field(blocks[0], "CS"), "9");
}

TEST(TextBlocks, BmvAuxFieldFollowsAuxMode) {
    auto m = quiet("bmv");
    EXPECT_EQ(test::ask(*m, ":8F8EE000166"), ":8F8EE000166");  // mid-point
    auto blocks = decodedText(*m);
    EXPECT_EQ(labels(blocks[0])[2], "VM");
    EXPECT_EQ(labels(blocks[0])[3], "DM");
    test::ask(*m, ":8F8EE000265");  // temperature
    blocks = decodedText(*m);
    EXPECT_EQ(labels(blocks[0])[2], "T");
    EXPECT_EQ(reg(*m, 0xED7D), 0x7FFF);
}

void expectMpptConsistent(const DeviceModel& m) {
    const auto b = decodedText(m).at(0);
    EXPECT_EQ(num(b, "V"), reg(m, 0xED8D) * 10);
    EXPECT_EQ(num(b, "I"), reg(m, 0xED8F) * 100);
    EXPECT_EQ(num(b, "VPV"), reg(m, 0xEDBB) * 10);
    EXPECT_EQ(num(b, "PPV"), reg(m, 0xEDBC) / 100);
    EXPECT_EQ(num(b, "CS"), reg(m, 0x0201));
    EXPECT_EQ(num(b, "MPPT"), reg(m, 0xEDB3));
    EXPECT_EQ(std::stoll(test::field(b, "OR"), nullptr, 16), reg(m, 0x0207));
    EXPECT_EQ(num(b, "ERR"), reg(m, 0xEDDA));
    EXPECT_EQ(test::field(b, "LOAD"), reg(m, 0xEDA8) == 1 ? "ON" : "OFF");
    EXPECT_EQ(num(b, "H19"), reg(m, 0xEDDC));
    EXPECT_EQ(num(b, "H20"), reg(m, 0xEDD3));
    EXPECT_EQ(num(b, "H21"), reg(m, 0xEDD2));
    EXPECT_EQ(num(b, "H22"), reg(m, 0xEDD1));
    EXPECT_EQ(num(b, "H23"), reg(m, 0xEDD0));
}

void expectBmvConsistent(const DeviceModel& m) {
    const auto b = decodedText(m);
    const auto& live = b.at(0);
    EXPECT_EQ(num(live, "V"), reg(m, 0xED8D) * 10);
    EXPECT_EQ(num(live, "I"), reg(m, 0xED8C));
    EXPECT_EQ(num(live, "P"), reg(m, 0xED8E));
    EXPECT_EQ(num(live, "CE"), reg(m, 0xEEFF) * 100);
    EXPECT_EQ(num(live, "SOC"), reg(m, 0x0FFF) / 10);
    EXPECT_EQ(reg(m, 0x0FFF) % 10, 0);
    const auto ttg = reg(m, 0x0FFE);
    EXPECT_EQ(num(live, "TTG"), ttg == 0xFFFF ? -1 : ttg);
    EXPECT_EQ(num(live, "AR"), reg(m, 0x031E));
    EXPECT_EQ(num(live, "MON"), reg(m, 0xEEB8));
    const auto& h = b.at(1);
    EXPECT_EQ(num(h, "H1"), reg(m, 0x0300) * 100);
    EXPECT_EQ(num(h, "H4"), reg(m, 0x0303));
    EXPECT_EQ(num(h, "H7"), reg(m, 0x0306) * 10);
    EXPECT_EQ(num(h, "H9"), reg(m, 0x0308));
    EXPECT_EQ(num(h, "H17"), reg(m, 0x0310));
    EXPECT_EQ(num(h, "H18"), reg(m, 0x0311));
}

TEST(TextHexConsistency, MpptOverTwoDays) {
    ModelOptions o;
    o.startTimeOfDay = std::chrono::hours(0);
    auto m = makeModel("mppt", o);
    for (int minute = 0; minute < 2 * 24 * 60; minute += 7) {
        expectMpptConsistent(*m);
        m->step(7min);
    }
}

TEST(TextHexConsistency, BmvAndSmartShuntOverADay) {
    for (const char* name : {"bmv", "smartshunt"}) {
        auto m = makeModel(name, {});
        for (int minute = 0; minute < 24 * 60; minute += 11) {
            expectBmvConsistent(*m);
            m->step(11min);
        }
    }
}

TEST(TextHexConsistency, Inverter) {
    auto m = makeModel("inverter", {});
    for (int i = 0; i < 100; ++i) {
        const auto b = decodedText(*m).at(0);
        EXPECT_EQ(num(b, "V"), reg(*m, 0xED8D) * 10);
        EXPECT_EQ(num(b, "AC_OUT_V"), reg(*m, 0x2200));
        EXPECT_EQ(num(b, "AC_OUT_I"), reg(*m, 0x2201));
        EXPECT_EQ(num(b, "AC_OUT_S"), reg(*m, 0x2205));
        EXPECT_EQ(num(b, "MODE"), reg(*m, 0x0200));
        m->step(15min);
    }
}

}  // namespace
}  // namespace vreglink::sim
