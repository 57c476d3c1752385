// vreg info / get / set against the simulated SmartSolar MPPT 100/30.
#include "sim_fixture.h"

#include <nlohmann/json.hpp>

#include <chrono>

namespace vreglink::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class CliMppt : public SimFixture {
  protected:
    void SetUp() override { startSim("mppt", {"--no-pacing", "--reply-delay", "5"}); }
};

TEST_F(CliMppt, InfoShowsProductFirmwareSerialState) {
    const auto r = vreg({"info", "PORT"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("SmartSolar MPPT 100|30 (0xA056)"));
    EXPECT_THAT(r.out, HasSubstr("Firmware:  1.61"));
    EXPECT_THAT(r.out, HasSubstr("Serial:    HQ19499RHC5"));
    EXPECT_THAT(r.out, HasSubstr("State:"));

    const auto j = vreg({"--json", "info", "PORT"});
    ASSERT_EQ(j.exitCode, 0) << j.err;
    const auto info = nlohmann::json::parse(j.out);
    EXPECT_EQ(info["product_id"], "0xA056");
    EXPECT_EQ(info["family"], "mppt");
    EXPECT_EQ(info["serial"], "HQ19499RHC5");
    EXPECT_EQ(info["state"]["vreg"], "0x0201");
}

TEST_F(CliMppt, GetByNameAndIdShowsValueUnitAndBytes) {
    const auto r = vreg({"get", "PORT", "bat_max_current", "0xEDF7"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("0xEDF0  bat_max_current"));
    EXPECT_THAT(r.out, HasSubstr("15.0 A"));
    EXPECT_THAT(r.out, HasSubstr("[96 00]"));
    EXPECT_THAT(r.out, HasSubstr("14.40 V"));

    const auto j = vreg({"--json", "get", "PORT", "0xEDF0"});
    ASSERT_EQ(j.exitCode, 0) << j.err;
    const auto v = nlohmann::json::parse(j.out);
    EXPECT_EQ(v["data"], "9600");
    EXPECT_EQ(v["value"], 15.0);
    EXPECT_EQ(v["unit"], "A");
    EXPECT_EQ(v["status"], 0);
}

TEST_F(CliMppt, UnknownRegisterIsAnErrorWithTheVregLinkCode) {
    const auto r = vreg({"get", "PORT", "0x7777"});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_THAT(r.out, HasSubstr("0x8100"));
}

TEST_F(CliMppt, UnknownNameIsAUsageError) {
    const auto r = vreg({"get", "PORT", "no_such_register"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_THAT(r.err, HasSubstr("no_such_register"));
}

TEST_F(CliMppt, SetWritesReadsBackAndTheSimulatorHasIt) {
    const auto r = vreg({"set", "PORT", "bat_max_current", "20A"});
    ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
    EXPECT_THAT(r.out, HasSubstr("20.0 A"));
    EXPECT_THAT(r.out, HasSubstr("verified"));
    EXPECT_EQ(control("get 0xEDF0"), "c800");
    EXPECT_EQ(control("writes 0xEDF0"), "1");
}

TEST_F(CliMppt, SetEnumLabelAndRaw) {
    auto r = vreg({"set", "PORT", "device_mode", "off"});
    ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
    EXPECT_EQ(control("get 0x0200"), "04");
    r = vreg({"--json", "set", "PORT", "0xEDF0", "--raw", "6400"});
    ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
    const auto v = nlohmann::json::parse(r.out);
    EXPECT_EQ(v["verified"], true);
    EXPECT_EQ(control("get 0xEDF0"), "6400");
}

TEST_F(CliMppt, ValuesThatDoNotFitAreRefusedAndNothingIsSent) {
    struct Case {
        std::vector<std::string> args;
        std::string message;
    } cases[] = {
        {{"set", "PORT", "bat_max_current", "7000"}, "maximum"},  // above un16 * 0.1
        {{"set", "PORT", "bat_max_current", "-1"}, "minimum"},
        {{"set", "PORT", "bat_max_current", "15.05"}, "multiple of 0.1"},
        {{"set", "PORT", "bat_max_current", "15V"}, "unit"},
        {{"set", "PORT", "device_mode", "sideways"}, "sideways"},
        {{"set", "PORT", "0xEDF0", "--raw", "960000"}, "2"},  // length
        {{"set", "PORT", "panel_voltage", "10"}, "read-only"},
    };
    for (const auto& c : cases) {
        const auto r = vreg(c.args);
        EXPECT_EQ(r.exitCode, 2) << c.args[2] << " " << c.args[3];
        EXPECT_THAT(r.err, HasSubstr("nothing sent")) << r.err;
        EXPECT_THAT(r.err, HasSubstr(c.message)) << r.err;
    }
    // The simulator saw no SET at all.
    EXPECT_EQ(control("writes 0xEDF0"), "0");
    EXPECT_EQ(control("writes 0x0200"), "0");
    EXPECT_THAT(control("frames"), Not(HasSubstr("\"set\":1")));
}

TEST_F(CliMppt, DeviceOutOfRangeFlagIsReported) {
    // 99.00 V absorption: fits un16, the device refuses it with flags 0x04 (vectors C6).
    const auto r = vreg({"set", "PORT", "bat_absorption_voltage", "99"});
    EXPECT_EQ(r.exitCode, 1) << r.out << r.err;
    EXPECT_THAT(r.err, HasSubstr("0x8300"));
}

TEST_F(CliMppt, SilentDeviceGivesTimeoutWithinTheBudget) {
    ASSERT_EQ(control("silent on"), "ok");
    const auto start = std::chrono::steady_clock::now();
    const auto r = vreg({"--timeout", "200", "--retries", "2", "get", "PORT", "0xEDF0"});
    const auto took = std::chrono::steady_clock::now() - start;
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_THAT(r.out, HasSubstr("0x8400"));
    // 3 tries x 200 ms plus process start-up.
    EXPECT_LT(took, std::chrono::milliseconds(1500));
}

TEST_F(SimFixture, CommandRegisterIsSentWithoutReadBack) {
    startSim("bmv", {"--no-pacing", "--reply-delay", "2"});
    // 0x102C synchronise: a write-only command with an empty payload.
    const auto r = vreg({"set", "PORT", "cmd_synchronize", "--raw", ""});
    ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
    EXPECT_THAT(r.out, HasSubstr("command accepted"));
    // Synchronise sets the state of charge to 100.00 % (0x0FFF = 10000).
    EXPECT_EQ(control("get 0x0FFF"), "1027");
}

TEST(Cli, MissingPortIsAClearError) {
    const auto r = runCommand({binaryPath("apps/vreg/vreg"), "info", "/dev/does-not-exist"});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_THAT(r.err, HasSubstr("/dev/does-not-exist"));
}

TEST(Cli, UsageErrorsExitTwo) {
    EXPECT_EQ(runCommand({binaryPath("apps/vreg/vreg")}).exitCode, 2);
    EXPECT_EQ(runCommand({binaryPath("apps/vreg/vreg"), "frobnicate"}).exitCode, 2);
    EXPECT_EQ(runCommand({binaryPath("apps/vreg/vreg"), "set", "/dev/null", "0xEDF0"}).exitCode, 2);
    EXPECT_EQ(runCommand({binaryPath("apps/vreg/vreg"), "--help"}).exitCode, 0);
}

}  // namespace
}  // namespace vreglink::testing
