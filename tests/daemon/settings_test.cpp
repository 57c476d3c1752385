// DeviceInstance negotiation through com.victronenergy.settings ClassAndVrmInstance, against a
// test settings service on a real bus (venus-dbus-mqtt.md §2.9, §9.6).
#include "daemon_rig.h"
#include "settings_service.h"
#include "test_util.h"

#include <gtest/gtest.h>

namespace vreglink::testing {
namespace {

using namespace std::chrono_literals;
constexpr const char* kMppt = "com.victronenergy.solarcharger.mppt";
constexpr const char* kSetting = "/Settings/Devices/vreglink_HQTEST0001/ClassAndVrmInstance";

std::string deviceInstance(const DaemonRig& rig, const char* path = "/DeviceInstance") {
    return rig.busctl({"call", kMppt, path, "com.victronenergy.BusItem", "GetValue"}).out;
}

TEST(DaemonSettings, InstanceComesFromClassAndVrmInstanceAndFollowsChanges) {
    DaemonRig rig;
    ASSERT_TRUE(rig.ok());
    // Allocated before (e.g. by an earlier run): localsettings keeps it, AddSetting ignores the
    // default.
    SettingsService settings(rig.address(), {{kSetting, "solarcharger:300"}});
    ASSERT_TRUE(rig.startSim("mppt", "mppt", {"--serial", "HQTEST0001"}));
    rig.startDaemon({"--device", rig.ptyPath("mppt")});
    ASSERT_TRUE(rig.waitForName(kMppt));
    ASSERT_EQ(settings.added().size(), 1u);
    const std::string added = settings.added()[0];
    const std::string prefix = "Devices/vreglink_HQTEST0001/ClassAndVrmInstance=solarcharger:";
    ASSERT_TRUE(added.starts_with(prefix)) << added;
    const int proposed = std::stoi(added.substr(prefix.size()));  // derived: 288..319
    EXPECT_GE(proposed, 288);
    EXPECT_LT(proposed, 320);
    EXPECT_EQ(deviceInstance(rig), "v i 300\n");
    EXPECT_EQ(deviceInstance(rig, "/Devices/0/DeviceInstance"), "v i 300\n");

    // The user moves it (GUI, dbus -y …): the daemon follows without leaving the bus.
    const auto set =
        rig.busctl({"call", "com.victronenergy.settings", kSetting, "com.victronenergy.BusItem",
                    "SetValue", "v", "s", "solarcharger:301"});
    ASSERT_EQ(set.out, "i 0\n") << set.err;
    EXPECT_TRUE(eventually([&] { return deviceInstance(rig) == "v i 301\n"; }))
        << deviceInstance(rig);
    EXPECT_EQ(deviceInstance(rig, "/Devices/0/DeviceInstance"), "v i 301\n");
}

TEST(DaemonSettings, NewDeviceStoresTheDerivedProposal) {
    DaemonRig rig;
    ASSERT_TRUE(rig.ok());
    SettingsService settings(rig.address(), {{kSetting, ""}});
    ASSERT_TRUE(rig.startSim("mppt", "mppt", {"--serial", "HQTEST0001"}));
    rig.startDaemon({"--device", rig.ptyPath("mppt")});
    ASSERT_TRUE(rig.waitForName(kMppt));
    const std::string stored = settings.value(kSetting);
    ASSERT_TRUE(stored.starts_with("solarcharger:")) << stored;
    EXPECT_EQ(deviceInstance(rig), "v i " + stored.substr(13) + "\n");
}

}  // namespace
}  // namespace vreglink::testing
