// vreg --dbus: the CLI through vreglinkd on a private dbus-daemon, against a simulated MPPT
// (issue 3 part 3).
#include "daemon_rig.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace vreglink::testing {
namespace {

using ::testing::HasSubstr;
constexpr const char* kMppt = "com.victronenergy.solarcharger.mppt";

class CliDbus : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(rig.ok()) << "no dbus-daemon";
        ASSERT_TRUE(rig.startSim("mppt", "mppt"));
        rig.startDaemon({"--device", rig.ptyPath("mppt")});
        ASSERT_TRUE(rig.waitForName(kMppt)) << "service never registered";
    }
    CommandResult vreg(const std::vector<std::string>& args) {
        std::vector<std::string> argv{binaryPath("apps/vreg/vreg"), "--dbus=" + rig.address()};
        argv.insert(argv.end(), args.begin(), args.end());
        return runCommand(argv, std::chrono::seconds(30));
    }
    DaemonRig rig;
};

TEST_F(CliDbus, ListShowsTheSimulatedMppt) {
    const auto r = vreg({"list"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr(kMppt));
    EXPECT_THAT(r.out, HasSubstr("(0xA056)"));
    EXPECT_THAT(r.out, HasSubstr("serial HQ19499RHC5"));

    const auto j = vreg({"--json", "list"});
    ASSERT_EQ(j.exitCode, 0) << j.err;
    const auto line = nlohmann::json::parse(j.out);
    EXPECT_EQ(line["service"], kMppt);
    EXPECT_EQ(line["product_id"], "0xA056");
    EXPECT_EQ(line["serial"], "HQ19499RHC5");
    EXPECT_TRUE(line["device_instance"].is_number()) << j.out;
}

TEST_F(CliDbus, GetByShortServiceName) {
    const auto r = vreg({"get", "solarcharger.mppt", "bat_max_current"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("0xEDF0  bat_max_current"));
    EXPECT_THAT(r.out, HasSubstr("15.0 A"));
}

TEST_F(CliDbus, SetRoundTripReachesTheSimulator) {
    const auto r = vreg({"set", kMppt, "bat_max_current", "20A"});
    ASSERT_EQ(r.exitCode, 0) << r.err << r.out;
    EXPECT_EQ(rig.control("mppt", "get 0xEDF0"), "c800");
    const auto back = vreg({"get", "solarcharger.mppt", "0xEDF0"});
    EXPECT_THAT(back.out, HasSubstr("20.0 A"));
}

TEST_F(CliDbus, InfoReadsTheIdentityFromTheBusItems) {
    const auto r = vreg({"info", "solarcharger.mppt"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("SmartSolar MPPT 100|30 (0xA056)"));
    EXPECT_THAT(r.out, HasSubstr("Firmware:  1.61"));
    EXPECT_THAT(r.out, HasSubstr("Serial:    HQ19499RHC5"));
}

TEST_F(CliDbus, DumpWorksThroughTheDaemon) {
    const auto r = vreg({"dump", "solarcharger.mppt"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("bat_max_current"));
}

TEST_F(CliDbus, BackupAndRestoreThroughTheDaemon) {
    const std::string file = rig.dir().file("backup.json");
    auto r = vreg({"backup", "solarcharger.mppt", "-o", file});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    ASSERT_EQ(vreg({"set", "solarcharger.mppt", "bat_max_current", "20A"}).exitCode, 0);
    ASSERT_EQ(rig.control("mppt", "get 0xEDF0"), "c800");
    r = vreg({"restore", "solarcharger.mppt", file, "--yes"});
    ASSERT_EQ(r.exitCode, 0) << r.err << r.out;
    EXPECT_EQ(rig.control("mppt", "get 0xEDF0"), "9600");  // back to 15.0 A
}

TEST_F(CliDbus, UnknownServiceIsADeviceError) {
    const auto r = vreg({"get", "solarcharger.nothere", "0xEDF0"});
    EXPECT_EQ(r.exitCode, 1) << r.out;
    EXPECT_THAT(r.out + r.err, HasSubstr("0x8400")) << r.out << r.err;
    EXPECT_THAT(r.out + r.err, HasSubstr("D-Bus:")) << r.out << r.err;
}

TEST_F(CliDbus, MonitorIsNotSupportedYet) {
    const auto r = vreg({"monitor", "solarcharger.mppt", "--seconds", "1"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_THAT(r.err, HasSubstr("not supported over D-Bus"));
}

}  // namespace
}  // namespace vreglink::testing
