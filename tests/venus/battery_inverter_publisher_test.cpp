// DevicePublisher on `vreg-sim bmv|smartshunt|inverter` (venus-dbus-mqtt.md §2.8; inverter basics).
#include "publisher_fixture.h"

namespace vreglink::testing {
namespace {

using venus::Invalid;
using venus::ItemValue;
using venus::SetResult;

class BatteryTest : public PublisherTest {};

TEST_F(BatteryTest, BmvPaths) {
    publish("bmv");
    ASSERT_FALSE(HasFatalFailure());
    EXPECT_EQ(value("/ProductId"), ItemValue(std::int32_t{0xA381}));
    EXPECT_EQ(control("set 0xED8D 0105"), "ok");  // 12.81 V
    EXPECT_EQ(control("set 0x0FFF 2823"), "ok");  // 9000 x 0.01 % = 90.0 %
    EXPECT_TRUE(waitFor("/Dc/0/Voltage", 12.81)) << text("/Dc/0/Voltage");
    EXPECT_TRUE(waitFor("/Soc", 90.0)) << text("/Soc");
    EXPECT_EQ(text("/Soc"), "90.0%");
    EXPECT_TRUE(waitValid("/Dc/0/Current"));
    EXPECT_TRUE(waitValid("/Dc/0/Power"));
    EXPECT_TRUE(waitValid("/ConsumedAmphours"));
    EXPECT_LE(std::get<double>(value("/ConsumedAmphours")), 0.0);
    EXPECT_TRUE(waitValid("/History/ChargeCycles"));  // H4 from the second TEXT block
    EXPECT_TRUE(waitValid("/History/MinimumVoltage"));
    EXPECT_TRUE(waitValid("/History/ChargedEnergy"));
    EXPECT_TRUE(waitValid("/Alarms/LowVoltage"));
    EXPECT_TRUE(waitValid("/Alarms/Alarm"));
    // BMV aux input defaults to starter voltage (0xEEF8 = 0).
    EXPECT_TRUE(waitFor("/Settings/HasStarterVoltage", std::int32_t{1}));
    EXPECT_EQ(value("/Settings/HasTemperature"), ItemValue(std::int32_t{0}));
    EXPECT_EQ(value("/Settings/HasMidVoltage"), ItemValue(std::int32_t{0}));
    // Not discharging: TTG -1 / 0xFFFF -> invalid.
    runFor(std::chrono::milliseconds(1500));
    EXPECT_EQ(value("/TimeToGo"), ItemValue(Invalid{}));
    EXPECT_EQ(text("/TimeToGo"), "---");
}

TEST_F(BatteryTest, AlarmsFromAlarmReason) {
    publish("bmv");
    ASSERT_FALSE(HasFatalFailure());
    EXPECT_EQ(control("set 0x031E 0100"), "ok");  // bit 0: low voltage
    EXPECT_TRUE(waitFor("/Alarms/LowVoltage", std::int32_t{2}));
    EXPECT_EQ(value("/Alarms/HighVoltage"), ItemValue(std::int32_t{0}));
}

TEST_F(BatteryTest, TimeToGoInSeconds) {
    publish("bmv");
    ASSERT_FALSE(HasFatalFailure());
    EXPECT_EQ(control("set 0x0FFE 5a00"), "ok");  // 90 min
    EXPECT_TRUE(waitFor("/TimeToGo", std::int32_t{5400})) << text("/TimeToGo");
}

TEST_F(BatteryTest, RelayWrite) {
    publish("bmv");
    ASSERT_FALSE(HasFatalFailure());
    const std::string before = control("writes 0x034E");
    EXPECT_EQ(write("/Relay/0/State", std::int32_t{5}), SetResult::Rejected);
    EXPECT_EQ(control("writes 0x034E"), before);
    EXPECT_EQ(write("/Relay/0/State", std::int32_t{1}), SetResult::Ok);
    EXPECT_EQ(control("get 0x034E"), "01");
}

TEST_F(BatteryTest, SmartShuntHasTemperatureInput) {
    publish("smartshunt");
    ASSERT_FALSE(HasFatalFailure());
    EXPECT_EQ(value("/ProductId"), ItemValue(std::int32_t{0xA389}));
    EXPECT_TRUE(waitFor("/Settings/HasTemperature", std::int32_t{1}));
    EXPECT_TRUE(waitValid("/Dc/0/Voltage"));
    EXPECT_TRUE(waitValid("/Soc"));
}

class InverterTest : public PublisherTest {};

// Bluetooth has no TEXT (ble-gatt.md §4.4.7: a few pushes only): with textBlocks = false every
// role row with a register is read, live rows every livePoll — here on a sim that sends no TEXT.
TEST_F(BatteryTest, WithoutTextBlocksTheRowsAreRead) {
    auto options = defaultOptions();
    options.textBlocks = false;
    options.livePoll = std::chrono::seconds(1);
    options.connection = "Bluetooth";
    publish("smartshunt", options, {"--no-text"});
    ASSERT_FALSE(HasFatalFailure());
    EXPECT_EQ(value("/Mgmt/Connection"), ItemValue(std::string("Bluetooth")));
    for (const char* path :
         {"/Dc/0/Voltage", "/Dc/0/Current", "/Dc/0/Power", "/Soc", "/ConsumedAmphours",
          "/History/ChargeCycles", "/History/MinimumVoltage", "/History/ChargedEnergy",
          "/History/TimeSinceLastFullCharge", "/Alarms/Alarm", "/Alarms/LowVoltage"}) {
        EXPECT_TRUE(waitValid(path)) << path;
    }
    EXPECT_TRUE(waitFor("/Settings/HasTemperature", std::int32_t{1}));  // settings too
    // Live rows are read again: a new voltage shows within a couple of livePoll periods.
    EXPECT_EQ(control("set 0xED8D 0105"), "ok");  // 12.81 V
    EXPECT_TRUE(waitFor("/Dc/0/Voltage", 12.81, std::chrono::seconds(5))) << text("/Dc/0/Voltage");
    EXPECT_EQ(control("set 0x0FFE 5a00"), "ok");  // 90 min
    EXPECT_TRUE(waitFor("/TimeToGo", std::int32_t{5400}, std::chrono::seconds(5)));
}

TEST_F(BatteryTest, WithTextBlocksHistoryWaitsForText) {
    // The same sim without TEXT, publisher in VE.Direct mode: H fields are not polled.
    publish("smartshunt", defaultOptions(), {"--no-text"});
    ASSERT_FALSE(HasFatalFailure());
    EXPECT_TRUE(waitFor("/Settings/HasTemperature", std::int32_t{1}));
    runFor(std::chrono::milliseconds(1500));
    EXPECT_EQ(value("/History/ChargeCycles"), ItemValue(Invalid{}));
}

TEST_F(InverterTest, Paths) {
    publish("inverter");
    ASSERT_FALSE(HasFatalFailure());
    EXPECT_EQ(value("/ProductId"), ItemValue(std::int32_t{0xA231}));
    EXPECT_TRUE(waitValid("/Dc/0/Voltage"));
    EXPECT_TRUE(waitValid("/Ac/Out/L1/V"));
    EXPECT_NEAR(std::get<double>(value("/Ac/Out/L1/V")), 230.0, 2.0);
    EXPECT_TRUE(waitValid("/Ac/Out/L1/I"));
    EXPECT_TRUE(waitValid("/Ac/Out/L1/S"));
    EXPECT_TRUE(waitFor("/State", std::int32_t{9}));  // inverting
    EXPECT_TRUE(waitFor("/Mode", std::int32_t{2}));
    EXPECT_TRUE(waitFor("/Alarms/LowVoltage", std::int32_t{0}));
}

TEST_F(InverterTest, ModeWrite) {
    publish("inverter");
    ASSERT_FALSE(HasFatalFailure());
    EXPECT_EQ(write("/Mode", std::int32_t{4}), SetResult::Ok);
    EXPECT_EQ(control("get 0x0200"), "04");
    EXPECT_TRUE(waitFor("/Mode", std::int32_t{4}));
    const std::string writes = control("writes 0x0200");
    EXPECT_EQ(write("/Mode", std::int32_t{1}), SetResult::Rejected);  // MPPT value, not inverter
    EXPECT_EQ(control("writes 0x0200"), writes);
    EXPECT_EQ(write("/Mode", std::int32_t{5}), SetResult::Ok);
    EXPECT_EQ(control("get 0x0200"), "05");
}

}  // namespace
}  // namespace vreglink::testing
