// vreg --dbus: the CLI through vreglinkd on a private dbus-daemon, against a simulated MPPT
// (issue 3 part 3).
#include "daemon_rig.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>
#include <string>
#include <vector>

namespace vreglink::testing {
namespace {

using ::testing::HasSubstr;
constexpr const char* kMppt = "com.victronenergy.solarcharger.mppt";

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty()) out.push_back(line);
    }
    return out;
}

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

// vreg --dbus monitor: the service's items (venus-dbus-mqtt.md §2.3) as JSON lines.
TEST_F(CliDbus, MonitorJsonShowsTheServiceAndItsLiveValues) {
    const auto r = vreg({"--json", "monitor", "solarcharger.mppt", "--seconds", "3"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    bool present = false;
    bool voltage = false;
    bool invalidIsNull = false;
    for (const auto& line : lines(r.out)) {
        const auto j = nlohmann::json::parse(line);
        ASSERT_TRUE(j["time"].is_number()) << line;
        if (j["type"] == "service" && j["present"] == true) present = true;
        if (j["type"] != "item") continue;
        if (j["path"] == "/Dc/0/Voltage" && j["value"].is_number()) voltage = true;
        // §2.2: the VregLink path's BusItem value is invalid, null in JSON; its text "---".
        if (j["path"] == "/Devices/0/VregLink")
            invalidIsNull = j["value"].is_null() && j["text"] == "---";
    }
    EXPECT_TRUE(present) << r.out;
    EXPECT_TRUE(voltage) << r.out;
    EXPECT_TRUE(invalidIsNull) << r.out;
}

TEST_F(CliDbus, MonitorOnAPipePrintsTheTreeAsLines) {
    const auto r = vreg({"monitor", "solarcharger.mppt", "--seconds", "1"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(r.out, ::testing::ContainsRegex("/Mgmt/ProcessName +vreglinkd\n"));
    EXPECT_THAT(r.out, HasSubstr("/Serial"));
    EXPECT_EQ(r.out.find("\033["), std::string::npos) << "no screen control on a pipe";
}

TEST_F(CliDbus, MonitorOfAnUnknownServiceIsADeviceError) {
    const auto r = vreg({"monitor", "solarcharger.nothere", "--seconds", "1"});
    EXPECT_EQ(r.exitCode, 1) << r.out;
    EXPECT_TRUE(r.out.empty()) << r.out;
    // As the other --dbus commands say it: a VregLink status and the D-Bus reason.
    EXPECT_THAT(r.err, HasSubstr("com.victronenergy.solarcharger.nothere"));
    EXPECT_THAT(r.err, HasSubstr("0x8400"));
    EXPECT_THAT(r.err, HasSubstr("D-Bus: the service is not on the bus"));
}

TEST_F(CliDbus, MonitorFollowsTheServiceAwayAndBackAndStopsOnSigterm) {
    BackgroundProcess monitor({binaryPath("apps/vreg/vreg"), "--dbus=" + rig.address(), "--json",
                               "monitor", "solarcharger.mppt"});
    ASSERT_TRUE(monitor.waitForOutput("/Mgmt/ProcessName", std::chrono::seconds(10)));
    ASSERT_EQ(rig.control("mppt", "disappear 1"), "ok");  // the device is unplugged for 1 s
    EXPECT_TRUE(monitor.waitForOutput("\"present\":false", std::chrono::seconds(15)))
        << monitor.output();
    EXPECT_TRUE(monitor.waitForOutput("\"present\":true,\"reason\":\"appeared on the bus\"",
                                      std::chrono::seconds(30)))
        << monitor.output();
    EXPECT_EQ(monitor.stop(), 0) << "SIGTERM ends monitor normally";
}

}  // namespace
}  // namespace vreglink::testing
