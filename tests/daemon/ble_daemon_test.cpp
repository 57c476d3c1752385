// vreglinkd publishing a Bluetooth device exactly like a VE.Direct one (issue 4 part 4;
// venus-dbus-mqtt.md §2.1, §2.5, §3; ble-gatt.md §3.4, §4.4.7): `vreg-sim ble` serves a simulated
// BlueZ on the rig's private dbus-daemon, which is both the Venus bus and — through
// DBUS_SYSTEM_BUS_ADDRESS, inherited by the children — the "system bus" BlueZ lives on.
#include "daemon_rig.h"
#include "test_util.h"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>

namespace vreglink::testing {
namespace {

using namespace std::chrono_literals;
constexpr const char* kShunt = "com.victronenergy.battery.ble_c0ffee000001";
constexpr const char* kAddress = "C0:FF:EE:00:00:01";

class BleDaemonTest : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(rig.ok()) << "no dbus-daemon";
        ::setenv("DBUS_SYSTEM_BUS_ADDRESS", rig.address().c_str(), 1);
        sim = std::make_unique<BackgroundProcess>(
            std::vector<std::string>{binaryPath("apps/vreg-sim/vreg-sim"), "ble", "smartshunt",
                                     "--pin", "123456", "--address", kAddress});
        ASSERT_TRUE(sim->waitForOutput("vreg-sim: ble", 10s)) << sim->output();
    }
    void TearDown() override {
        daemon.reset();  // before the simulator, as DaemonRig does
        sim.reset();
        ::unsetenv("DBUS_SYSTEM_BUS_ADDRESS");
    }

    // vreglinkd with a config holding one ble device; its log (stderr) is read through stdout.
    // A pin with leading zeros is a TOML string: "\"000001\"".
    std::string writeConfig(const std::string& pin) {
        const std::string config = rig.dir().file("vreglinkd.toml");
        writeFile(config, "[[device]]\ntype = \"ble\"\naddress = \"" + std::string(kAddress) +
                              "\"\npin = " + pin + "\n");
        return config;
    }
    void startDaemon(const std::string& pin) {
        const std::string config = writeConfig(pin);
        daemon = std::make_unique<BackgroundProcess>(std::vector<std::string>{
            "/bin/sh", "-c", "exec \"$0\" \"$@\" 2>&1", binaryPath("apps/vreglinkd/vreglinkd"),
            "--bus", rig.address(), "--config", config});
    }

    std::string getValue(const std::string& path) const {
        return rig.busctl({"call", kShunt, path, "com.victronenergy.BusItem", "GetValue"}).out;
    }

    DaemonRig rig;
    std::unique_ptr<BackgroundProcess> sim;
    std::unique_ptr<BackgroundProcess> daemon;
};

TEST_F(BleDaemonTest, PublishedLikeVeDirect) {
    startDaemon("123456");
    ASSERT_TRUE(rig.waitForName(kShunt, true, 20s)) << "service never registered";

    // 0x0100 from the product instance (ble-gatt.md §4.3): [0][0xA389 LE][flag].
    EXPECT_EQ(rig.getVreg(kShunt, "0x0100"), "qay 0 4 0 137 163 254\n");
    EXPECT_EQ(rig.getVreg(kShunt, "0x7777"), "qay 33024 0\n");  // 0x8100 unknown register
    // 0x1000 battery capacity (un16 Ah): written over the air and read back.
    EXPECT_EQ(rig.setVreg(kShunt, "0x1000", {"44", "1"}), "qay 0 2 44 1\n");  // 300 Ah
    EXPECT_EQ(rig.getVreg(kShunt, "0x1000"), "qay 0 2 44 1\n");
    EXPECT_EQ(rig.setVreg(kShunt, "0x1000", {"5"}), "qay 33536 0\n");  // 0x8300, nothing sent
    EXPECT_EQ(rig.getVreg(kShunt, "0x1000"), "qay 0 2 44 1\n");

    EXPECT_EQ(getValue("/Mgmt/Connection"), "v s \"Bluetooth\"\n");
    EXPECT_EQ(getValue("/ProductId"), "v i 41865\n");  // 0xA389 SmartShunt
    EXPECT_EQ(getValue("/Connected"), "v i 1\n");
    // Role paths from pushes and reads (no TEXT over Bluetooth).
    for (const char* path :
         {"/Dc/0/Voltage", "/Dc/0/Current", "/Soc", "/ConsumedAmphours", "/History/ChargeCycles"}) {
        EXPECT_TRUE(eventually(
            [&] {
                return getValue(path).starts_with("v d ") || getValue(path).starts_with("v i ");
            },
            10s))
            << path << ": " << getValue(path);
    }
}

TEST_F(BleDaemonTest, ServiceLeavesWithTheLinkAndComesBack) {
    startDaemon("123456");
    ASSERT_TRUE(rig.waitForName(kShunt, true, 20s)) << "service never registered";
    sim->signal(SIGUSR2);  // every connected link dropped
    EXPECT_TRUE(rig.waitForName(kShunt, false, 5s)) << "service still on the bus";
    EXPECT_TRUE(rig.waitForName(kShunt, true, 20s)) << "service did not come back";
    EXPECT_EQ(rig.getVreg(kShunt, "0x0100"), "qay 0 4 0 137 163 254\n");
}

TEST_F(BleDaemonTest, WrongPinIsReportedAndNotRetried) {
    startDaemon("\"000001\"");
    EXPECT_TRUE(daemon->waitForOutput("not retried", 20s)) << daemon->output();
    EXPECT_NE(daemon->output().find("check `pin`"), std::string::npos) << daemon->output();
    std::this_thread::sleep_for(1s);
    EXPECT_FALSE(rig.hasName(kShunt));
    // The right PIN and a reload (SIGHUP): a new session, and the service appears.
    writeConfig("123456");
    daemon->signal(SIGHUP);
    EXPECT_TRUE(rig.waitForName(kShunt, true, 20s)) << daemon->output();
    EXPECT_EQ(daemon->stop(), 0) << "the daemon must keep running\n" << daemon->output();
}

}  // namespace
}  // namespace vreglink::testing
