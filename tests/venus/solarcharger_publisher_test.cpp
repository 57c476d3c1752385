// DevicePublisher on `vreg-sim mppt` (venus-dbus-mqtt.md §2.5–2.7).
#include "publisher_fixture.h"

#include "venus/device_publisher.h"

namespace vreglink::testing {
namespace {

using venus::Invalid;
using venus::ItemValue;
using venus::SetResult;

TEST(ServiceType, Families) {
    using F = catalog::Family;
    EXPECT_EQ(venus::serviceType(F::Mppt), "solarcharger");
    EXPECT_EQ(venus::serviceType(F::Bmv), "battery");
    EXPECT_EQ(venus::serviceType(F::SmartShunt), "battery");
    EXPECT_EQ(venus::serviceType(F::Inverter), "inverter");
    EXPECT_EQ(venus::serviceType(F::Dcdc), "dcdc");
    EXPECT_EQ(venus::serviceType(F::Charger), "charger");
    EXPECT_EQ(venus::serviceType(F::MultiRs), "multi");
    EXPECT_EQ(venus::serviceType(F::BatteryProtect), std::nullopt);
}

class SolarChargerTest : public PublisherTest {};

TEST_F(SolarChargerTest, MandatoryAndDevicePaths) {
    publish("mppt");
    ASSERT_FALSE(HasFatalFailure());
    EXPECT_EQ(value("/Mgmt/ProcessName"), ItemValue(std::string("vreglinkd")));
    EXPECT_EQ(value("/Mgmt/ProcessVersion"), ItemValue(std::string("0.1")));
    EXPECT_EQ(value("/Mgmt/Connection"), ItemValue(std::string("VE.Direct")));
    EXPECT_EQ(value("/DeviceInstance"), ItemValue(std::int32_t{288}));
    EXPECT_EQ(value("/ProductId"), ItemValue(std::int32_t{0xA056}));
    EXPECT_EQ(text("/ProductId"), "0xA056");
    EXPECT_EQ(value("/ProductName"), ItemValue(std::string("SmartSolar MPPT 100|30")));
    EXPECT_EQ(value("/FirmwareVersion"), ItemValue(std::int32_t{0x0161}));
    EXPECT_EQ(value("/HardwareVersion"), ItemValue(Invalid{}));
    EXPECT_EQ(value("/Connected"), ItemValue(std::int32_t{1}));
    EXPECT_EQ(value("/Serial"), ItemValue(std::string("HQ19499RHC5")));
    EXPECT_NE(tree_.find("/CustomName"), nullptr);
    EXPECT_EQ(value("/Devices/0/ServiceName"),
              ItemValue(std::string("com.victronenergy.test.ttyTEST")));
    EXPECT_EQ(value("/Devices/0/ProductId"), ItemValue(std::int32_t{0xA056}));
    EXPECT_EQ(value("/Devices/0/Serial"), ItemValue(std::string("HQ19499RHC5")));
    EXPECT_EQ(value("/Devices/0/VregLink"), ItemValue(Invalid{}));
    EXPECT_EQ(value("/NrOfTrackers"), ItemValue(std::int32_t{1}));
    EXPECT_TRUE(tree_.isNode("/History/Daily/30"));
}

TEST_F(SolarChargerTest, ValuesFollowTheSimulator) {
    publish("mppt");
    ASSERT_FALSE(HasFatalFailure());
    // Pinned registers stay put, so TEXT and async frames both report them.
    EXPECT_EQ(control("set 0xED8D d204"), "ok");  // 12.34 V
    EXPECT_EQ(control("set 0xEDF0 c800"), "ok");  // 20.0 A, read by the settings poll
    EXPECT_TRUE(waitFor("/Dc/0/Voltage", 12.34)) << text("/Dc/0/Voltage");
    EXPECT_EQ(text("/Dc/0/Voltage"), "12.34V");
    EXPECT_TRUE(waitFor("/Settings/ChargeCurrentLimit", 20.0));
    EXPECT_EQ(text("/Settings/ChargeCurrentLimit"), "20.0A");
    EXPECT_TRUE(waitValid("/Dc/0/Current"));
    EXPECT_TRUE(waitValid("/Pv/V"));
    EXPECT_TRUE(waitValid("/Yield/Power"));
    EXPECT_TRUE(waitValid("/Yield/User"));
    EXPECT_TRUE(waitFor("/Yield/System", 135.27));  // 0xEDDD 13527 x 0.01 kWh
    EXPECT_TRUE(waitValid("/State"));
    EXPECT_TRUE(std::holds_alternative<std::int32_t>(value("/State")));  // Venus: int
    EXPECT_TRUE(waitFor("/Mode", std::int32_t{1}));
    EXPECT_TRUE(waitFor("/ErrorCode", std::int32_t{0}));
    EXPECT_TRUE(waitValid("/DeviceOffReason"));
    EXPECT_TRUE(waitValid("/MppOperationMode"));
    EXPECT_TRUE(waitValid("/Load/State"));
    // 0xFFFF: no network master sets these.
    EXPECT_TRUE(waitFor("/Link/NetworkMode", std::int32_t{0}));
    EXPECT_EQ(value("/Link/ChargeVoltage"), ItemValue(Invalid{}));
}

TEST_F(SolarChargerTest, History) {
    publish("mppt");
    ASSERT_FALSE(HasFatalFailure());
    ASSERT_TRUE(waitValid("/History/Overall/DaysAvailable", std::chrono::seconds(15)));
    const auto days = std::get<std::int32_t>(value("/History/Overall/DaysAvailable"));
    EXPECT_GT(days, 1);
    EXPECT_TRUE(waitValid("/History/Daily/0/Yield", std::chrono::seconds(15)));
    EXPECT_TRUE(waitValid("/History/Daily/1/MaxPower", std::chrono::seconds(15)));
    EXPECT_TRUE(waitValid("/History/Daily/1/TimeInBulk"));
    EXPECT_TRUE(waitValid("/History/Overall/MaxPvVoltage"));
    // Yesterday's yield is also 0xEDD1 (0.01 kWh): the record must agree with it.
    const std::string edd1 = control("get 0xEDD1");
    ASSERT_EQ(edd1.size(), 4u) << edd1;
    const auto raw = std::stoi(edd1.substr(2, 2) + edd1.substr(0, 2), nullptr, 16);
    EXPECT_NEAR(std::get<double>(value("/History/Daily/1/Yield")), raw * 0.01, 1e-9);
    if (days < 30) {
        runFor(std::chrono::seconds(3));  // a full poll round
        EXPECT_EQ(value("/History/Daily/30/Yield"), ItemValue(Invalid{}));
    }
}

TEST_F(SolarChargerTest, WritableModeAndLimit) {
    publish("mppt");
    ASSERT_FALSE(HasFatalFailure());
    ASSERT_TRUE(waitFor("/Mode", std::int32_t{1}));
    EXPECT_EQ(write("/Mode", std::int32_t{4}), SetResult::Ok);
    EXPECT_EQ(control("get 0x0200"), "04");
    EXPECT_EQ(value("/Mode"), ItemValue(std::int32_t{4}));
    const std::string writes = control("writes 0x0200");
    // Not a mode an MPPT has: refused before anything is sent.
    EXPECT_EQ(write("/Mode", std::int32_t{2}), SetResult::Rejected);
    EXPECT_EQ(write("/Mode", std::string("on")), SetResult::Rejected);
    EXPECT_EQ(control("writes 0x0200"), writes);
    EXPECT_EQ(write("/Mode", 1.0), SetResult::Ok);  // a double from MQTT JSON is fine
    EXPECT_EQ(control("get 0x0200"), "01");

    EXPECT_EQ(write("/Settings/ChargeCurrentLimit", 12.5), SetResult::Ok);
    EXPECT_EQ(control("get 0xEDF0"), "7d00");
    EXPECT_EQ(value("/Settings/ChargeCurrentLimit"), ItemValue(12.5));
    // The device's own range (0…30 A on a 100/30): refused by the device -> 2.
    EXPECT_EQ(write("/Settings/ChargeCurrentLimit", 45.0), SetResult::Rejected);
    EXPECT_EQ(control("get 0xEDF0"), "7d00");
    EXPECT_EQ(write("/Dc/0/Voltage", 12.0), std::nullopt);  // read-only: no write handler
}

TEST_F(SolarChargerTest, ReadOnlyRefusesWithoutWriting) {
    auto options = defaultOptions();
    options.readOnly = true;
    publish("mppt", options);
    ASSERT_FALSE(HasFatalFailure());
    EXPECT_EQ(write("/Mode", std::int32_t{4}), SetResult::NotWritable);
    EXPECT_EQ(write("/CustomName", std::string("Roof")), SetResult::NotWritable);
    runFor(std::chrono::milliseconds(300));
    EXPECT_EQ(control("writes 0x0200"), "0");
    EXPECT_EQ(control("get 0x0200"), "01");
    publisher_->setReadOnly(false);
    EXPECT_EQ(write("/Mode", std::int32_t{4}), SetResult::Ok);
    EXPECT_EQ(control("writes 0x0200"), "1");
}

TEST_F(SolarChargerTest, CustomNameIsKeptLocally) {
    publish("mppt");
    ASSERT_FALSE(HasFatalFailure());
    EXPECT_EQ(write("/CustomName", std::string("Roof east")), SetResult::Ok);
    EXPECT_EQ(value("/CustomName"), ItemValue(std::string("Roof east")));
    EXPECT_EQ(value("/Devices/0/CustomName"), ItemValue(std::string("Roof east")));
    EXPECT_EQ(write("/Devices/0/CustomName", std::int32_t{3}), SetResult::Rejected);
}

TEST_F(SolarChargerTest, ConnectedFollowsTheLink) {
    publish("mppt");
    ASSERT_FALSE(HasFatalFailure());
    ASSERT_TRUE(waitValid("/Dc/0/Voltage"));
    sim_->stop();  // the pty goes away: the device reports Disconnected/Connecting
    EXPECT_TRUE(waitFor("/Connected", std::int32_t{0}));
}

TEST_F(SolarChargerTest, ChangesAreTracked) {
    publish("mppt");
    ASSERT_FALSE(HasFatalFailure());
    tree_.takeChanged();
    EXPECT_EQ(control("set 0xED8D 4805"), "ok");  // 13.52 V
    ASSERT_TRUE(waitFor("/Dc/0/Voltage", 13.52));
    const auto changed = tree_.takeChanged();
    EXPECT_NE(std::find(changed.begin(), changed.end(), "/Dc/0/Voltage"), changed.end());
}

}  // namespace
}  // namespace vreglink::testing
