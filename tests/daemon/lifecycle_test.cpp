// Service lifecycle and the BusItem tree through vreglinkd (issue 3 "Tests"; venus-dbus-mqtt.md
// §2.1 register/leave/return, §2.3 GetItems and ItemsChanged, §2.5 mandatory paths).
#include "daemon_rig.h"
#include "test_util.h"

#include <gtest/gtest.h>

#include <csignal>

namespace vreglink::testing {
namespace {

using namespace std::chrono_literals;
constexpr const char* kMppt = "com.victronenergy.solarcharger.mppt";
constexpr const char* kBmv = "com.victronenergy.battery.bmv";

TEST(DaemonLifecycle, ServiceLeavesWithTheDeviceAndComesBackWithIt) {
    DaemonRig rig;
    ASSERT_TRUE(rig.ok());
    ASSERT_TRUE(rig.startSim("mppt", "mppt", {"--gone-seconds", "2"}));
    rig.startDaemon({"--device", rig.ptyPath("mppt")});
    ASSERT_TRUE(rig.waitForName(kMppt));

    rig.sim("mppt").signal(SIGUSR2);  // the cable is pulled for 2 s
    EXPECT_TRUE(rig.waitForName(kMppt, false, 5s)) << "service still on the bus";
    EXPECT_TRUE(rig.waitForName(kMppt, true, 20s)) << "service did not come back";
    EXPECT_EQ(rig.getVreg(kMppt, "0xEDF0"), busctlReplyFor(rig.control("mppt", "get 0xEDF0")));
}

TEST(DaemonLifecycle, NotRegisteredUntilTheProductIsKnown) {
    DaemonRig rig;
    ASSERT_TRUE(rig.ok());
    ASSERT_TRUE(rig.startSim("mppt", "mppt", {"--silent"}));
    rig.startDaemon({"--device", rig.ptyPath("mppt")});
    std::this_thread::sleep_for(1500ms);
    EXPECT_FALSE(rig.hasName(kMppt)) << "§2.1: register only once the product is known";
    ASSERT_EQ(rig.control("mppt", "silent off"), "ok");
    EXPECT_TRUE(rig.waitForName(kMppt, true, 20s));
}

TEST(DaemonLifecycle, GetItemsOnRootListsTheMandatoryPaths) {
    DaemonRig rig;
    ASSERT_TRUE(rig.ok());
    ASSERT_TRUE(rig.startSim("mppt", "mppt"));
    ASSERT_TRUE(rig.startSim("bmv", "bmv"));
    rig.startDaemon({"--device", rig.ptyPath("mppt"), "--device", rig.ptyPath("bmv")});
    for (const char* service : {kMppt, kBmv}) {
        ASSERT_TRUE(rig.waitForName(service)) << service;
        const auto items =
            rig.busctl({"call", service, "/", "com.victronenergy.BusItem", "GetItems"});
        ASSERT_EQ(items.exitCode, 0) << items.err;
        for (const char* path :
             {"/Mgmt/ProcessName", "/Mgmt/ProcessVersion", "/Mgmt/Connection", "/DeviceInstance",
              "/ProductId", "/ProductName", "/FirmwareVersion", "/HardwareVersion", "/Connected",
              "/Serial", "/CustomName", "/Devices/0/VregLink", "/Devices/0/DeviceInstance",
              "/Devices/0/ProductId", "/Devices/0/ProductName", "/Devices/0/ServiceName",
              "/Devices/0/CustomName", "/Devices/0/FirmwareVersion", "/Devices/0/Serial"}) {
            EXPECT_NE(items.out.find(std::string("\"") + path + "\""), std::string::npos)
                << service << " lacks " << path;
        }
        const auto name = rig.busctl(
            {"call", service, "/Devices/0/ServiceName", "com.victronenergy.BusItem", "GetValue"});
        EXPECT_EQ(name.out, std::string("v s \"") + service + "\"\n");
        const auto process = rig.busctl(
            {"call", service, "/Mgmt/ProcessName", "com.victronenergy.BusItem", "GetValue"});
        EXPECT_EQ(process.out, "v s \"vreglinkd\"\n");
    }
    // DeviceInstance is derived in the documented range when nothing else decides it.
    const auto instance =
        rig.busctl({"call", kMppt, "/DeviceInstance", "com.victronenergy.BusItem", "GetValue"});
    ASSERT_TRUE(instance.out.starts_with("v i ")) << instance.out;
    const int value = std::stoi(instance.out.substr(4));
    EXPECT_GE(value, 288);
    EXPECT_LT(value, 320);
}

TEST(DaemonLifecycle, ConfiguredNameAndDeviceInstance) {
    DaemonRig rig;
    ASSERT_TRUE(rig.ok());
    ASSERT_TRUE(rig.startSim("mppt", "mppt"));
    const std::string config = rig.dir().file("d.toml");
    writeFile(config, "[[device]]\ntype = \"vedirect\"\npath = \"" + rig.ptyPath("mppt") +
                          "\"\nname = \"roof\"\ndevice_instance = 42\n");
    rig.startDaemon({"--config", config});
    ASSERT_TRUE(rig.waitForName("com.victronenergy.solarcharger.roof"));
    const auto instance = rig.busctl({"call", "com.victronenergy.solarcharger.roof",
                                      "/DeviceInstance", "com.victronenergy.BusItem", "GetValue"});
    EXPECT_EQ(instance.out, "v i 42\n");
}

TEST(DaemonLifecycle, TwoDevicesOfOneClassNeverShareADerivedInstance) {
    // Same product and serial: the same derived instance (naming.h), unless the daemon steps in.
    DaemonRig rig;
    ASSERT_TRUE(rig.ok());
    ASSERT_TRUE(rig.startSim("mppt", "twin1", {"--serial", "HQTWIN0001"}));
    ASSERT_TRUE(rig.startSim("mppt", "twin2", {"--serial", "HQTWIN0001"}));
    rig.startDaemon({"--device", rig.ptyPath("twin1"), "--device", rig.ptyPath("twin2")});
    ASSERT_TRUE(rig.waitForName("com.victronenergy.solarcharger.twin1"));
    ASSERT_TRUE(rig.waitForName("com.victronenergy.solarcharger.twin2"));
    const auto instanceOf = [&](const char* service) {
        const auto reply = rig.busctl(
            {"call", service, "/DeviceInstance", "com.victronenergy.BusItem", "GetValue"});
        EXPECT_EQ(reply.out.rfind("v i ", 0), 0U) << reply.out << reply.err;
        return reply.out.size() > 4 ? std::stoi(reply.out.substr(4)) : -1;
    };
    const int first = instanceOf("com.victronenergy.solarcharger.twin1");
    const int second = instanceOf("com.victronenergy.solarcharger.twin2");
    for (const int instance : {first, second}) {  // both in the solar chargers' block
        EXPECT_GE(instance, 288);
        EXPECT_LT(instance, 320);
    }
    EXPECT_NE(first, second);
}

TEST(DaemonLifecycle, ItemsChangedCarriesChangedValues) {
    DaemonRig rig;
    ASSERT_TRUE(rig.ok());
    ASSERT_TRUE(rig.startSim("mppt", "mppt"));
    rig.startDaemon({"--device", rig.ptyPath("mppt")});
    ASSERT_TRUE(rig.waitForName(kMppt));
    std::this_thread::sleep_for(1500ms);  // the first batch (everything added) goes out first

    // stdbuf: dbus-monitor's stdout is a pipe here, block-buffered; a signal could arrive in
    // pieces seconds apart under load.
    BackgroundProcess monitor({"/usr/bin/stdbuf", "-oL", "/usr/bin/dbus-monitor", "--address",
                               rig.address(),
                               "type='signal',interface='com.victronenergy.BusItem',"
                               "member='ItemsChanged'"});
    monitor.waitForOutput("NameLost", 3s);  // dbus-monitor has become a monitor
    std::this_thread::sleep_for(300ms);
    // 0xEDF0 (battery maximum current) is /Settings/ChargeCurrentLimit (§2.7); 23.4 A is new.
    ASSERT_EQ(rig.setVreg(kMppt, "0xEDF0", {"234", "0"}), "qay 0 2 234 0\n");
    // The ChargeCurrentLimit entry that carries the new value. An earlier batch may carry the
    // same path with the value the first poll read, and 23.4 may also be another path's value
    // (the simulator charges at the new limit: /Dc/0/Current): match path and value together.
    const std::string key = "string \"/Settings/ChargeCurrentLimit\"";
    auto findEntry = [&](const std::string& out) -> std::size_t {
        for (auto at = out.find(key); at != std::string::npos; at = out.find(key, at + 1)) {
            const auto end = out.find("string \"/", at + key.size());  // the next path
            const auto entry =
                out.substr(at, end == std::string::npos ? std::string::npos : end - at);
            if (entry.find("double 23.4") != std::string::npos && end != std::string::npos)
                return at;
        }
        return std::string::npos;
    };
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (findEntry(monitor.output()) == std::string::npos &&
           std::chrono::steady_clock::now() < deadline) {
        monitor.waitForOutput("\n\n<never>", 100ms);  // read whatever arrives meanwhile
    }
    const std::string& out = monitor.output();
    const auto at = findEntry(out);
    ASSERT_NE(at, std::string::npos) << out;
    const auto start = out.rfind("signal", at);
    const auto next = out.find("signal", at);
    const std::string signal =
        out.substr(start, next == std::string::npos ? std::string::npos : next - start);
    // Only what changed: the signal holding the new limit does not repeat the identity.
    EXPECT_EQ(signal.find("/ProductName"), std::string::npos) << signal;
}

}  // namespace
}  // namespace vreglink::testing
