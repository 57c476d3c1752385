// SmartSolar MPPT 100/30 against the spec's request/response pairs (vedirect-vectors.md §2).
#include "sim/models/mppt_model.h"
#include "sim/models/mppt_history.h"
#include "sim_test_util.h"

#include <gtest/gtest.h>

namespace vreglink::sim {
namespace {

using namespace std::chrono_literals;
using test::ask;

class MpptTest : public ::testing::Test {
  protected:
    ModelOptions options() {
        ModelOptions o;
        o.noise = false;
        return o;
    }
    std::unique_ptr<DeviceModel> model = makeModel("mppt", options());
};

TEST_F(MpptTest, IdentityCommands) {
    EXPECT_EQ(ask(*model, ":154"), ":56141AE");  // H2 (fw 1.61)
    EXPECT_EQ(ask(*model, ":451"), ":156A05E");  // H4
    EXPECT_EQ(ask(*model, ":352"), ":16141B2");  // C1 with this firmware: Done + 0x4161
    EXPECT_EQ(ask(*model, ":70001004D"), ":70001000056A0FF58");  // H7
}

TEST_F(MpptTest, GetSettingsFromVectors) {
    EXPECT_EQ(ask(*model, ":7F0ED0071"), ":7F0ED009600DB");  // H9
    EXPECT_EQ(ask(*model, ":7F2ED006F"), ":7F2ED00ACF9CA");  // H10
    EXPECT_EQ(ask(*model, ":7F7ED006A"), ":7F7ED00A005C5");  // H11
    EXPECT_EQ(ask(*model, ":7F6ED006B"), ":7F6ED00640502");  // H12
    EXPECT_EQ(ask(*model, ":7FBED0066"), ":7FBED0058020C");  // H13
    EXPECT_EQ(ask(*model, ":7EFED0072"), ":7EFED000C66");    // H14
    EXPECT_EQ(ask(*model, ":7ECED0075"), ":7ECED00FFFF77");  // H15
    EXPECT_EQ(ask(*model, ":7E6ED007B"), ":7E6ED00FFFF7D");  // H17
    EXPECT_EQ(ask(*model, ":7B8ED00A9"), ":7B8ED0074270E");  // H22
}

TEST_F(MpptTest, StringRegisters) {
    EXPECT_EQ(ask(*model, ":70A010043"), ":70A01004851313934393952484335000000000088");  // H23
    EXPECT_EQ(ask(*model, ":70B010042"),
              ":70B0100536D617274536F6C61722043686172676572204D505054203130302F333000BA");  // H24
}

TEST_F(MpptTest, UnknownIdsAndCommands) {
    EXPECT_EQ(ask(*model, ":777770060"), ":77777015F");  // H32
    EXPECT_EQ(ask(*model, ":7FF0F0040"), ":7FF0F013F");  // C17: no SOC on an MPPT
    EXPECT_EQ(ask(*model, ":253"), ":30250");            // C21
    EXPECT_EQ(ask(*model, ":64F"), "");                  // C22: restart, no reply
    // Unknown id on SET: flags 0x01 without value.
    EXPECT_EQ(ask(*model, ":877770001005E").substr(0, 8), ":8777701");
}

TEST_F(MpptTest, SetEchoesAndRejects) {
    EXPECT_EQ(ask(*model, ":8F0ED009600DA"), ":8F0ED009600DA");  // C4
    EXPECT_EQ(ask(*model, ":8F7ED00A005C4"), ":8F7ED00A005C4");  // C5
    EXPECT_EQ(ask(*model, ":8F7ED00AC2697"), ":8F7ED0465");      // C6: 99.00 V out of range
    EXPECT_EQ(ask(*model, ":8BBED000100A4"), ":8BBED02A3");      // C7: read-only
    EXPECT_EQ(ask(*model, ":81520006400B4"), ":81520006400B4");  // C8
    EXPECT_EQ(ask(*model, ":80120008C059B"), ":80120008C059B");  // C9
    EXPECT_EQ(ask(*model, ":80E20000916"), ":80E20000916");      // C10
    EXPECT_EQ(ask(*model, ":80002000447"), ":80002000447");      // C11
    EXPECT_EQ(ask(*model, ":8000200014A"), ":8000200014A");      // C12
    EXPECT_EQ(ask(*model, ":8ABED0004B1"), ":8ABED0004B1");      // C13
    EXPECT_EQ(ask(*model, ":8ABED0000B5"), ":8ABED0000B5");      // C14
    // Wrong value length (un8 register written with 2 bytes): parameter error.
    EXPECT_EQ(ask(*model, ":8ABED000400B1").substr(0, 8), ":8ABED04");
    // Device mode 2 is not an MPPT mode (§2.6).
    EXPECT_EQ(ask(*model, ":80002000249").substr(0, 8), ":8000204");
}

TEST_F(MpptTest, WriteCountersCountAcceptedSetsOnly) {
    auto& regs = model->registers();
    EXPECT_EQ(regs.writeCount(VregId(0xEDF0)), 0u);
    ask(*model, ":7F0ED0071");
    ask(*model, ":8F0ED009600DA");
    ask(*model, ":8F0ED009600DA");
    ask(*model, ":8F7ED00AC2697");  // rejected
    EXPECT_EQ(regs.writeCount(VregId(0xEDF0)), 2u);
    EXPECT_EQ(regs.writeCount(VregId(0xEDF7)), 0u);
    EXPECT_TRUE(regs.isNvm(VregId(0xEDF0)));
    EXPECT_FALSE(regs.isNvm(VregId(0x2015)));
}

TEST_F(MpptTest, VolatileChargeCurrentLimitExpires) {
    EXPECT_EQ(ask(*model, ":81520006400B4"), ":81520006400B4");  // 10.0 A
    model->step(59s);
    EXPECT_EQ(ask(*model, ":715200019"), ":71520006400B5");
    ask(*model, ":81520006400B4");  // refresh
    model->step(59s);
    EXPECT_EQ(ask(*model, ":715200019"), ":71520006400B5");
    model->step(2s);
    EXPECT_EQ(ask(*model, ":715200019"), ":7152000FFFF1B");  // reverted
    EXPECT_EQ(model->registers().writeCount(VregId(0x2015)), 2u);
}

TEST_F(MpptTest, VolatileTimeoutIsConfigurable) {
    ModelOptions o = options();
    o.volatileTimeout = 5s;
    auto m = makeModel("mppt", o);
    ask(*m, ":80120008C059B");
    m->step(6s);
    EXPECT_EQ(m->registers().intValue(VregId(0x2001)), 0xFFFF);
}

TEST_F(MpptTest, RestartRevertsVolatileAndUptime) {
    model->step(10s);
    ask(*model, ":81520006400B4");
    EXPECT_EQ(model->registers().intValue(VregId(0x0120)), 10);
    ask(*model, ":64F");
    EXPECT_EQ(model->registers().intValue(VregId(0x2015)), 0xFFFF);
    EXPECT_EQ(model->registers().intValue(VregId(0x0120)), 0);
}

TEST(MpptHistory, DayRecordLayoutMatchesC19) {
    DayRecord d;
    d.yield = 42;
    d.batteryVoltageMax = 1452;
    d.batteryVoltageMin = 1270;
    d.minutesBulk = 95;
    d.minutesAbsorption = 60;
    d.minutesFloat = 120;
    d.powerMax = 310;
    d.batteryCurrentMax = 123;
    d.panelVoltageMax = 3850;
    d.daySequence = 57;
    const Bytes bytes = encodeDayRecord(d);
    ASSERT_EQ(bytes.size(), kDayRecordSize);
    EXPECT_EQ(toHexUpper(bytes),
              "002A00000000000000AC05F60400000000005F003C007800360100007B000A0F3900");
    // And wrapped in a GET response exactly as C19.
    auto f = vedirect::makeVregResponse(vedirect::HexResponse::Get, VregId(0x1050), 0, bytes);
    ASSERT_TRUE(f);
    EXPECT_EQ(vedirect::encodeHexFrame(*f),
              ":7501000002A00000000000000AC05F60400000000005F003C007800360100007B000A0F390002\n");
}

TEST_F(MpptTest, HistoryDaysAndUnavailableDays) {
    const auto today = ask(*model, ":7501000EE");  // C18
    // ":7" + id + flags + 34 value bytes + checksum
    ASSERT_EQ(today.size(), 2 + 4 + 2 + 2 * 34 + 2u);
    const auto hsds = test::num(test::decodedText(*model).at(0), "HSDS");
    auto* mppt = dynamic_cast<MpptModel*>(model.get());
    ASSERT_NE(mppt, nullptr);
    EXPECT_EQ(mppt->dayRecord(0).daySequence, hsds);
    EXPECT_EQ(mppt->daysAvailable(), 21u);
    // Day -20 exists, day -21 is not available: flags 0x01, no value (§3.3).
    EXPECT_EQ(ask(*model, ":7641000DA").substr(0, 8), ":7641000");
    EXPECT_EQ(ask(*model, ":7651000D9"), ":7651001D8");
    // Yesterday's record agrees with 0xEDD1 / 0xEDD0 (H22/H23).
    const DayRecord yesterday = mppt->dayRecord(1);
    EXPECT_EQ(yesterday.yield, model->registers().intValue(VregId(0xEDD1)));
    EXPECT_EQ(yesterday.powerMax, model->registers().intValue(VregId(0xEDD0)));
    EXPECT_EQ(yesterday.daySequence, hsds - 1);
    // 0x104F total record.
    EXPECT_EQ(ask(*model, ":74F1000EF").substr(0, 8), ":74F1000");
}

}  // namespace
}  // namespace vreglink::sim
