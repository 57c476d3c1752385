// `vreg` over Bluetooth, end to end: the real binary finds BlueZ on the system bus — a private
// dbus-daemon named by DBUS_SYSTEM_BUS_ADDRESS — where `vreg-sim ble` serves simulated SmartShunts
// behind a test instance of BlueZ's D-Bus API. One simulator for the whole suite (each run pairs,
// connects, works and disconnects as a user's would); the second SmartShunt (…:02) is only ever
// offered a wrong PIN, so it stays unpaired.
#include "dbus_daemon.h"
#include "process.h"
#include "sim_fixture.h"  // lines()

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <optional>

namespace vreglink::testing {
namespace {

using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;

constexpr const char* kShunt = "ble:C0:FF:EE:00:00:01";
constexpr const char* kUnpairedShunt = "ble:c0:ff:ee:00:00:02";  // lower case on purpose
constexpr const char* kPin = "123456";

class CliBle : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        if (const char* old = std::getenv("DBUS_SYSTEM_BUS_ADDRESS")) savedAddress_ = old;
        daemon_ = std::make_unique<DbusDaemon>();
        if (!daemon_->ok()) return;
        setenv("DBUS_SYSTEM_BUS_ADDRESS", daemon_->address().c_str(), 1);  // children inherit it
        sim_ = std::make_unique<BackgroundProcess>(
            std::vector<std::string>{binaryPath("apps/vreg-sim/vreg-sim"), "ble", "smartshunt",
                                     "smartshunt", "--pin", kPin});
        simReady_ = sim_->waitForOutput("vreg-sim: ble", std::chrono::seconds(10));
    }

    static void TearDownTestSuite() {
        sim_.reset();
        daemon_.reset();
        if (savedAddress_) {
            setenv("DBUS_SYSTEM_BUS_ADDRESS", savedAddress_->c_str(), 1);
        } else {
            unsetenv("DBUS_SYSTEM_BUS_ADDRESS");
        }
    }

    void SetUp() override {
        ASSERT_TRUE(daemon_ && daemon_->ok()) << "no dbus-daemon";
        ASSERT_TRUE(simReady_) << "vreg-sim ble did not start: " << sim_->output();
    }

    // `vreg --pin 123456 <args…>`
    static CommandResult vreg(std::vector<std::string> args,
                              std::chrono::milliseconds limit = std::chrono::seconds(30)) {
        std::vector<std::string> argv{binaryPath("apps/vreg/vreg"), "--pin", kPin};
        argv.insert(argv.end(), args.begin(), args.end());
        return runCommand(argv, limit);
    }

    static inline std::unique_ptr<DbusDaemon> daemon_;
    static inline std::unique_ptr<BackgroundProcess> sim_;
    static inline bool simReady_ = false;
    static inline std::optional<std::string> savedAddress_;
    TempDir dir_;
};

TEST_F(CliBle, InfoShowsTheSmartShunt) {
    const auto r = vreg({"info", kShunt});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("Port:      ble:C0:FF:EE:00:00:01"));
    EXPECT_THAT(r.out, HasSubstr("SmartShunt"));
    EXPECT_THAT(r.out, HasSubstr("(0xA389)"));
    EXPECT_THAT(r.out, HasSubstr("Firmware:  4.14"));
    EXPECT_THAT(r.out, HasSubstr("Serial:    HQ2032PQRST"));

    const auto j = vreg({"--json", "info", kShunt});
    ASSERT_EQ(j.exitCode, 0) << j.err;
    const auto info = nlohmann::json::parse(j.out);
    EXPECT_EQ(info["product_id"], "0xA389");
    EXPECT_EQ(info["family"], "smartshunt");
}

TEST_F(CliBle, GetReadsRegistersOfTheProductInstance) {
    const auto r = vreg({"--json", "get", kShunt, "0x0100", "0xED8D"});
    ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
    const auto out = lines(r.out);
    ASSERT_EQ(out.size(), 2U) << r.out;
    const auto pid = nlohmann::json::parse(out[0]);
    EXPECT_EQ(pid["vreg"], "0x0100");
    EXPECT_EQ(pid["data"], "0089a3fe");  // [instance][PID lo][PID hi][flags]
    const auto voltage = nlohmann::json::parse(out[1]);
    EXPECT_EQ(voltage["vreg"], "0xED8D");
    EXPECT_EQ(voltage["unit"], "V");
    EXPECT_GT(voltage["value"].get<double>(), 10.0);
    EXPECT_LT(voltage["value"].get<double>(), 64.0);
}

TEST_F(CliBle, SetWritesReadsBackAndGetSeesTheNewValue) {
    auto r = vreg({"set", kShunt, "battery_capacity", "250"});
    ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
    r = vreg({"--json", "get", kShunt, "battery_capacity"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(nlohmann::json::parse(r.out)["value"], 250);
    ASSERT_EQ(vreg({"set", kShunt, "battery_capacity", "200"}).exitCode, 0);
}

TEST_F(CliBle, OutOfRangeSetIsRefusedBeforeConnecting) {
    const auto start = Clock::now();
    const auto r = vreg({"set", kShunt, "tail_current", "500"});
    EXPECT_EQ(r.exitCode, 2) << r.out << r.err;
    EXPECT_LT(Clock::now() - start, std::chrono::seconds(2));  // never went to the radio
}

TEST_F(CliBle, DumpReadsTheFamilyRegistersWithBatchStats) {
    const auto r = vreg({"--stats", "--json", "dump", kShunt}, std::chrono::seconds(40));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    std::size_t ok = 0;
    const auto out = lines(r.out);
    for (const auto& line : out) {
        const auto j = nlohmann::json::parse(line);
        if (j.contains("status") && j["status"] == 0) ++ok;
    }
    EXPECT_GT(ok, 50U) << r.out;
    // --stats: one JSON line on stderr with the radio counters and the dump's batch.
    const auto statsLine = r.err.substr(r.err.rfind("{\"stats\""));
    const auto stats = nlohmann::json::parse(statsLine)["stats"];
    EXPECT_GT(stats["chunks_sent"].get<int>(), 0);
    EXPECT_GT(stats["chunks_received"].get<int>(), 0);
    EXPECT_GT(stats["transfers"].get<int>(), 0);
    EXPECT_GE(stats["requests"].get<int>(), static_cast<int>(out.size()));
    EXPECT_EQ(stats["timeouts"], 0);
    ASSERT_TRUE(stats.contains("batch")) << statsLine;
    EXPECT_GT(stats["batch"]["seconds"].get<double>(), 0.0);
    EXPECT_LE(stats["batch"]["seconds"].get<double>(), stats["seconds"].get<double>());
    EXPECT_GT(stats["batch"]["chunks_received"].get<int>(), 0);
    EXPECT_LE(stats["batch"]["chunks_received"], stats["chunks_received"]);
}

TEST_F(CliBle, BackupThenRestore) {
    const std::string file = dir_.file("shunt.json");
    auto r = vreg({"backup", kShunt, "-o", file});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    std::ifstream in(file);
    const auto backup = nlohmann::json::parse(in);
    EXPECT_EQ(backup["device"]["product_id"], "0xA389");
    EXPECT_FALSE(backup["settings"].empty());

    ASSERT_EQ(vreg({"set", kShunt, "battery_capacity", "321"}).exitCode, 0);
    r = vreg({"restore", kShunt, file, "--yes"});
    ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
    EXPECT_THAT(r.out, HasSubstr("settings written and verified"));
    r = vreg({"--json", "get", kShunt, "battery_capacity"});
    EXPECT_EQ(nlohmann::json::parse(r.out)["value"], 200);
}

TEST_F(CliBle, MonitorOnAPipeShowsPushedValues) {
    const auto r = vreg({"monitor", kShunt, "--seconds", "3"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    // The SmartShunt pushes its live registers ~1 Hz after subscribe (§3.1 step 11).
    EXPECT_THAT(r.out, HasSubstr("0xED8D"));
    EXPECT_GE(lines(r.out).size(), 3U) << r.out;

    const auto j = vreg({"--json", "monitor", kShunt, "--seconds", "2.5"});
    ASSERT_EQ(j.exitCode, 0) << j.err;
    bool sawVoltage = false;
    for (const auto& line : lines(j.out)) {
        const auto v = nlohmann::json::parse(line);
        if (v["type"] == "vreg" && v["vreg"] == "0xED8D") sawVoltage = true;
    }
    EXPECT_TRUE(sawVoltage) << j.out;
}

TEST_F(CliBle, ScanListsTheSmartShunts) {
    auto r = vreg({"scan", "--seconds", "1"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("NAME"));
    EXPECT_THAT(r.out, HasSubstr("C0:FF:EE:00:00:01"));
    EXPECT_THAT(r.out, HasSubstr("SmartShunt"));

    r = vreg({"--json", "scan", "--seconds", "1"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto out = lines(r.out);
    ASSERT_EQ(out.size(), 2U) << r.out;
    const auto first = nlohmann::json::parse(out[0]);
    EXPECT_EQ(first["address"], "C0:FF:EE:00:00:01");
    EXPECT_EQ(first["port"], kShunt);
    EXPECT_EQ(first["product_id"], "0xA389");
    EXPECT_THAT(first["product"].get<std::string>(), HasSubstr("SmartShunt"));
    EXPECT_EQ(first["record"], "battery monitor");
    EXPECT_TRUE(first["rssi"].is_number());
}

TEST_F(CliBle, WrongPinFailsClearlyAndQuickly) {
    const auto start = Clock::now();
    const auto r = runCommand(
        {binaryPath("apps/vreg/vreg"), "--pin", "654321", "get", kUnpairedShunt, "0x0100"});
    EXPECT_EQ(r.exitCode, 1) << r.out << r.err;
    EXPECT_THAT(r.err, HasSubstr("ble:c0:ff:ee:00:00:02: pairing"));
    EXPECT_THAT(r.err, HasSubstr("not retried"));
    EXPECT_LT(Clock::now() - start, std::chrono::seconds(10));
}

TEST_F(CliBle, UnknownAddressFailsWithinTheSearchLimit) {
    const auto start = Clock::now();
    const auto r = vreg({"--ble-search-seconds", "1", "info", "ble:C0:FF:EE:00:00:99"});
    EXPECT_EQ(r.exitCode, 1) << r.out << r.err;
    EXPECT_THAT(r.err, HasSubstr("C0:FF:EE:00:00:99 not found"));
    EXPECT_LT(Clock::now() - start, std::chrono::seconds(5));
}

TEST_F(CliBle, NotAnAddressIsRefused) {
    const auto r = vreg({"info", "ble:C0:FF:EE"});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_THAT(r.err, HasSubstr("not a Bluetooth address"));
}

// No org.bluez on the bus: both scan and a device say so and exit 1.
TEST(CliBleWithoutBluez, ScanAndConnectSayBluezIsMissing) {
    DbusDaemon daemon;
    ASSERT_TRUE(daemon.ok());
    const char* old = std::getenv("DBUS_SYSTEM_BUS_ADDRESS");
    const std::optional<std::string> saved = old ? std::optional<std::string>(old) : std::nullopt;
    setenv("DBUS_SYSTEM_BUS_ADDRESS", daemon.address().c_str(), 1);
    const auto scan = runCommand({binaryPath("apps/vreg/vreg"), "scan", "--seconds", "1"});
    const auto info = runCommand({binaryPath("apps/vreg/vreg"), "info", kShunt});
    if (saved) {
        setenv("DBUS_SYSTEM_BUS_ADDRESS", saved->c_str(), 1);
    } else {
        unsetenv("DBUS_SYSTEM_BUS_ADDRESS");
    }
    EXPECT_EQ(scan.exitCode, 1);
    EXPECT_THAT(scan.err, HasSubstr("BlueZ is not running"));
    EXPECT_EQ(info.exitCode, 1);
    EXPECT_THAT(info.err, HasSubstr("BlueZ is not running"));
}

}  // namespace
}  // namespace vreglink::testing
