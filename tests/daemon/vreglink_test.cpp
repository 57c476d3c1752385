// GetVreg/SetVreg through vreglinkd against a real simulator, as a user calls them with busctl
// and dbus-send (issue 3 "Tests"; venus-dbus-mqtt.md §3).
#include "daemon_rig.h"
#include "test_util.h"

#include <gtest/gtest.h>

#include <csignal>

namespace vreglink::testing {
namespace {

using namespace std::chrono_literals;
constexpr const char* kMppt = "com.victronenergy.solarcharger.mppt";

class VregLinkTest : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(rig.ok()) << "no dbus-daemon";
        ASSERT_TRUE(rig.startSim("mppt", "mppt"));
    }
    void startDaemon(std::vector<std::string> args = {}) {
        args.insert(args.begin(), {"--device", rig.ptyPath("mppt")});
        rig.startDaemon(args);
        ASSERT_TRUE(rig.waitForName(kMppt)) << "service never registered";
    }
    DaemonRig rig;
};

TEST_F(VregLinkTest, GetVregMatchesTheSimulator) {
    startDaemon();
    const std::string hex = rig.control("mppt", "get 0xEDF0");
    EXPECT_EQ(rig.getVreg(kMppt, "0xEDF0"), busctlReplyFor(hex));

    // dbus-send, as typed from its man page.
    const auto reply =
        rig.dbusSend({"--dest=com.victronenergy.solarcharger.mppt", "/Devices/0/VregLink",
                      "com.victronenergy.VregLink.GetVreg", "uint16:0xEDF0"});
    ASSERT_EQ(reply.exitCode, 0) << reply.err;
    EXPECT_NE(reply.out.find("uint16 0"), std::string::npos) << reply.out;
    EXPECT_NE(reply.out.find(hex.substr(0, 2) + " " + hex.substr(2, 2)), std::string::npos)
        << reply.out;
}

TEST_F(VregLinkTest, SetVregRoundTripChangesTheSimulator) {
    startDaemon();
    EXPECT_EQ(rig.setVreg(kMppt, "0xEDF0", {"200", "0"}), "qay 0 2 200 0\n");  // 20.0 A
    EXPECT_EQ(rig.control("mppt", "get 0xEDF0"), "c800");
    EXPECT_EQ(rig.control("mppt", "writes 0xEDF0"), "1");
    EXPECT_EQ(rig.getVreg(kMppt, "0xEDF0"), "qay 0 2 200 0\n");
}

TEST_F(VregLinkTest, UnknownRegisterIs0x8100) {
    startDaemon();
    EXPECT_EQ(rig.getVreg(kMppt, "0x7777"), "qay 33024 0\n");
}

TEST_F(VregLinkTest, WrongLengthIs0x8300AndNothingIsWritten) {
    startDaemon();
    EXPECT_EQ(rig.setVreg(kMppt, "0xEDF0", {"5"}), "qay 33536 0\n");
    EXPECT_EQ(rig.setVreg(kMppt, "0xEDF0", {"1", "2", "3"}), "qay 33536 0\n");
    EXPECT_EQ(rig.control("mppt", "writes 0xEDF0"), "0");
}

TEST_F(VregLinkTest, SilentDeviceIsAnswered0x8400WithinTheBudget) {
    writeFile(rig.dir().file("d.toml"), "budget_ms = 1500\n");
    startDaemon({"--config", rig.dir().file("d.toml")});
    ASSERT_EQ(rig.control("mppt", "silent on"), "ok");
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(rig.getVreg(kMppt, "0xEDF0"), "qay 33792 0\n");
    const auto took = std::chrono::steady_clock::now() - start;
    EXPECT_LT(took, 2500ms) << "budget is 1500 ms";
    EXPECT_GE(took, 1000ms);

    // The device answering again is served again: nothing stuck (venus #445).
    ASSERT_EQ(rig.control("mppt", "silent off"), "ok");
    EXPECT_TRUE(eventually([&] { return rig.getVreg(kMppt, "0xEDF0").starts_with("qay 0 2"); }));
}

TEST_F(VregLinkTest, ReadOnlyRefusesSetVregAndSetValue) {
    startDaemon({"--read-only"});
    EXPECT_EQ(rig.setVreg(kMppt, "0xEDF0", {"200", "0"}), "qay 33024 0\n");
    const auto set = rig.busctl({"call", kMppt, "/Settings/ChargeCurrentLimit",
                                 "com.victronenergy.BusItem", "SetValue", "v", "d", "20"});
    EXPECT_EQ(set.out, "i 1\n") << set.err;
    EXPECT_EQ(rig.control("mppt", "writes 0xEDF0"), "0");
    // Reads still work.
    EXPECT_TRUE(rig.getVreg(kMppt, "0xEDF0").starts_with("qay 0 2 "));
}

TEST_F(VregLinkTest, SighupReloadTogglesReadOnly) {
    const std::string config = rig.dir().file("d.toml");
    writeFile(config, "read_only = true\n");
    startDaemon({"--config", config});
    EXPECT_EQ(rig.setVreg(kMppt, "0xEDF0", {"200", "0"}), "qay 33024 0\n");

    writeFile(config, "read_only = false\n");
    rig.daemon().signal(SIGHUP);
    EXPECT_TRUE(eventually([&] {
        return rig.setVreg(kMppt, "0xEDF0", {"200", "0"}) == "qay 0 2 200 0\n";
    }));
    EXPECT_EQ(rig.control("mppt", "get 0xEDF0"), "c800");
    EXPECT_TRUE(rig.hasName(kMppt)) << "a reload must not drop the service";

    // And back: a broken file is refused, the running config kept.
    writeFile(config, "read_only = maybe\n");
    rig.daemon().signal(SIGHUP);
    std::this_thread::sleep_for(300ms);
    EXPECT_EQ(rig.setVreg(kMppt, "0xEDF0", {"210", "0"}), "qay 0 2 210 0\n");
    writeFile(config, "read_only = true\n");
    rig.daemon().signal(SIGHUP);
    EXPECT_TRUE(eventually([&] {
        return rig.setVreg(kMppt, "0xEDF0", {"200", "0"}) == "qay 33024 0\n";
    }));
}

TEST_F(VregLinkTest, SigtermLeavesTheBusAndExitsZero) {
    startDaemon();
    EXPECT_EQ(rig.stopDaemon(), 0);
    EXPECT_FALSE(rig.hasName(kMppt));
}

}  // namespace
}  // namespace vreglink::testing
