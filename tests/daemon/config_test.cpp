// vreglinkd's config file and naming rules (issue 3 part 1/2; venus-dbus-mqtt.md §2.1).
#include "config.h"
#include "instance_negotiator.h"
#include "instance_registry.h"
#include "naming.h"
#include "process.h"

#include <gtest/gtest.h>

#include <fstream>

namespace vreglink::daemon {
namespace {

TEST(DaemonConfig, ParsesEveryKey) {
    const auto config = parseConfig(R"(
bus = "session"
read_only = true
log_level = "debug"
budget_ms = 2000
[[device]]
type = "vedirect"
path = "/dev/ttyUSB0"
name = "roof"
device_instance = 290
timeout_ms = 500
retries = 1
[[device]]
path = "/dev/ttyUSB1"
)",
                                    "test.toml");
    ASSERT_TRUE(config) << config.error();
    EXPECT_EQ(config->bus, "session");
    EXPECT_TRUE(config->readOnly);
    EXPECT_EQ(config->logLevel, LogLevel::Debug);
    EXPECT_EQ(config->budget.count(), 2000);
    ASSERT_EQ(config->devices.size(), 2u);
    EXPECT_EQ(config->devices[0].name, "roof");
    EXPECT_EQ(config->devices[0].deviceInstance, 290);
    EXPECT_EQ(config->devices[0].timeout.count(), 500);
    EXPECT_EQ(config->devices[0].retries, 1u);
    EXPECT_EQ(config->devices[1].timeout.count(), 1000);  // defaults
    EXPECT_EQ(config->devices[1].retries, 2u);
    EXPECT_FALSE(config->devices[1].deviceInstance);
}

TEST(DaemonConfig, ParsesBluetoothDevices) {
    const auto config = parseConfig(R"(
[[device]]
type = "ble"
address = "c0:ff:ee:00:00:01"
pin = 123456
adapter = "hci1"
name = "shunt"
device_instance = 260
timeout_ms = 4000
retries = 3
[[device]]
type = "ble"
address = "C0:FF:EE:00:00:02"
pin = "012345"
[[device]]
type = "ble"
address = "C0:FF:EE:00:00:03"
)",
                                    "test.toml");
    ASSERT_TRUE(config) << config.error();
    ASSERT_EQ(config->devices.size(), 3u);
    const auto& first = config->devices[0];
    EXPECT_EQ(first.type, DeviceType::Ble);
    EXPECT_EQ(first.address, "C0:FF:EE:00:00:01");  // normalised to upper case
    EXPECT_EQ(first.key(), "ble:C0:FF:EE:00:00:01");
    EXPECT_EQ(first.pin, 123456u);
    EXPECT_EQ(first.adapter, "hci1");
    EXPECT_EQ(first.name, "shunt");
    EXPECT_EQ(first.deviceInstance, 260);
    EXPECT_EQ(first.timeout.count(), 4000);
    EXPECT_EQ(first.retries, 3u);
    EXPECT_EQ(config->devices[1].pin, 12345u);  // "012345": TOML integers have no leading zeros
    EXPECT_FALSE(config->devices[2].pin);
    EXPECT_EQ(config->devices[2].timeout.count(), 3000);  // Bluetooth default
    EXPECT_TRUE(config->devices[2].adapter.empty());
    EXPECT_FALSE(first.sameSession(config->devices[1]));
    DeviceConfig otherPin = first;
    otherPin.pin = 1;
    EXPECT_FALSE(first.sameSession(otherPin));  // a new PIN needs a new session
}

TEST(DaemonConfig, DefaultsWhenEmpty) {
    const auto config = parseConfig("", "empty.toml");
    ASSERT_TRUE(config) << config.error();
    EXPECT_EQ(config->bus, "system");
    EXPECT_FALSE(config->readOnly);
    EXPECT_EQ(config->budget.count(), 3000);
    EXPECT_TRUE(config->devices.empty());
}

TEST(DaemonConfig, ErrorsNameTheLineAndKey) {
    struct Case {
        const char* text;
        const char* expected;
    };
    for (const auto& c : {
             Case{"read_only = \"yes\"\n", "test.toml:1: read_only: expected true or false"},
             Case{"\n\nread_ony = true\n", "test.toml:3: read_ony: unknown key"},
             Case{"budget_ms = 5\n", "test.toml:1: budget_ms: must be between"},
             Case{"bus = \"sytem\"\n", "test.toml:1: bus: expected"},
             Case{"log_level = \"loud\"\n", "test.toml:1: log_level"},
             Case{"[[device]]\npath = \"/dev/x\"\ntype = \"usb\"\n",
                  "test.toml:3: device[0].type: unknown device type \"usb\""},
             Case{"[[device]]\npath = \"/dev/x\"\ntype = \"ble\"\n",
                  "test.toml:2: device[0].path: not a key of type = \"ble\""},
             Case{"[[device]]\npath = \"/dev/x\"\npin = 1\n",
                  "test.toml:3: device[0].pin: not a key of type = \"vedirect\""},
             Case{"[[device]]\ntype = \"ble\"\n", "device[0].address: missing"},
             Case{"[[device]]\ntype = \"ble\"\naddress = \"C0:FF:EE:00:00\"\n",
                  "test.toml:3: device[0].address: \"C0:FF:EE:00:00\" is not a Bluetooth address"},
             Case{"[[device]]\ntype = \"ble\"\naddress = \"C0:FF:EE:00:00:0G\"\n",
                  "test.toml:3: device[0].address: \"C0:FF:EE:00:00:0G\" is not"},
             Case{"[[device]]\ntype = \"ble\"\naddress = \"C0:FF:EE:00:00:01\"\npin = 1000000\n",
                  "test.toml:4: device[0].pin: expected 0..999999 or a six-digit string"},
             Case{"[[device]]\ntype = \"ble\"\naddress = \"C0:FF:EE:00:00:01\"\npin = -1\n",
                  "test.toml:4: device[0].pin: expected 0..999999"},
             Case{"[[device]]\ntype = \"ble\"\naddress = \"C0:FF:EE:00:00:01\"\npin = \"12345\"\n",
                  "test.toml:4: device[0].pin: expected"},
             Case{"[[device]]\ntype = \"ble\"\naddress = \"C0:FF:EE:00:00:01\"\npin = \"12a456\"\n",
                  "test.toml:4: device[0].pin: expected"},
             Case{"[[device]]\ntype = \"ble\"\naddress = \"C0:FF:EE:00:00:01\"\npin = 1.5\n",
                  "test.toml:4: device[0].pin: expected"},
             Case{"[[device]]\ntype = \"ble\"\naddress = \"C0:FF:EE:00:00:01\"\ntimeout_ms = 500\n",
                  "test.toml:4: device[0].timeout_ms: must be between 2000 and 60000 ms"},
             Case{"[[device]]\ntype = \"ble\"\naddress = \"c0:ff:ee:00:00:01\"\n"
                  "[[device]]\ntype = \"ble\"\naddress = \"C0:FF:EE:00:00:01\"\n",
                  "test.toml:6: device[1].address: C0:FF:EE:00:00:01 is configured twice"},
             Case{"[[device]]\nname = \"x\"\n", "device[0].path: missing"},
             Case{"[[device]]\npath = \"/dev/x\"\nretries = 99\n",
                  "test.toml:3: device[0].retries: must be 0..10"},
             Case{"[[device]]\npath = \"/dev/x\"\n[[device]]\npath = \"/dev/x\"\n",
                  "test.toml:4: device[1].path: /dev/x is configured twice"},
             Case{"read_only = \n", "test.toml:1:"},
         }) {
        const auto config = parseConfig(c.text, "test.toml");
        ASSERT_FALSE(config) << c.text;
        EXPECT_NE(config.error().find(c.expected), std::string::npos)
            << "got: " << config.error() << "\nwanted: " << c.expected;
    }
}

TEST(DaemonConfig, FlagsOverrideTheFile) {
    auto config = parseConfig("bus = \"system\"\n[[device]]\npath = \"/dev/a\"\n", "t.toml");
    ASSERT_TRUE(config);
    Overrides o;
    o.bus = "unix:path=/tmp/bus";
    o.devices = {"/dev/a", "/dev/b"};
    o.readOnly = true;
    o.logLevel = LogLevel::Warning;
    applyOverrides(*config, o);
    EXPECT_EQ(config->bus, "unix:path=/tmp/bus");
    EXPECT_TRUE(config->readOnly);
    EXPECT_EQ(config->logLevel, LogLevel::Warning);
    ASSERT_EQ(config->devices.size(), 2u);  // /dev/a once
    EXPECT_EQ(config->devices[1].path, "/dev/b");
}

TEST(DaemonConfig, TheExampleConfigParses) {
    const auto config = loadConfig(std::string(VREGLINK_SOURCE_DIR) + "/packaging/vreglinkd.toml");
    ASSERT_TRUE(config) << config.error();
    ASSERT_EQ(config->devices.size(), 1u);
    EXPECT_EQ(config->devices[0].path, "/dev/ttyUSB0");
}

TEST(DaemonNaming, SuffixFollowsVenusAndDbusRules) {
    EXPECT_EQ(serviceSuffix("", "/dev/ttyUSB0"), "ttyUSB0");
    EXPECT_EQ(serviceSuffix("", "/dev/ttyVE.HQ123"), "ttyVE_HQ123");
    EXPECT_EQ(serviceSuffix("roof-mppt", "/dev/ttyUSB0"), "roof_mppt");
    EXPECT_EQ(serviceSuffix("1st", "/dev/ttyUSB0"), "_1st");
    EXPECT_EQ(serviceSuffix("", "/tmp/x/mppt"), "mppt");
    EXPECT_EQ(serviceName("solarcharger", "ttyUSB0"), "com.victronenergy.solarcharger.ttyUSB0");
    EXPECT_EQ(bleServiceSuffix("", "C0:FF:EE:00:00:01"), "ble_c0ffee000001");
    EXPECT_EQ(bleServiceSuffix("my shunt", "C0:FF:EE:00:00:01"), "my_shunt");
}

TEST(DaemonNaming, DerivedInstanceIsStableAndInRange) {
    const auto a = derivedDeviceInstance("solarcharger", ProductId{0xA056}, "HQ1");
    EXPECT_EQ(a, derivedDeviceInstance("solarcharger", ProductId{0xA056}, "HQ1"));
    EXPECT_GE(a, 288);
    EXPECT_LT(a, 320);
    const auto b = derivedDeviceInstance("battery", ProductId{0xA381}, "HQ2");
    EXPECT_GE(b, 256);
    EXPECT_LT(b, 288);
    EXPECT_EQ(settingsUniqueId(ProductId{0xA056}, "HQ1"), "vreglink_HQ1");
    EXPECT_EQ(settingsUniqueId(ProductId{0xA056}, ""), "vreglink_A056");
}

TEST(DaemonNaming, InstancesAreUniquePerClass) {
    InstanceRegistry registry;
    EXPECT_EQ(registry.freeInstance("solarcharger", 300, "/dev/a"), 300);
    registry.hold("/dev/a", "solarcharger", 300);
    EXPECT_EQ(registry.freeInstance("solarcharger", 300, "/dev/a"), 300);  // its own
    EXPECT_EQ(registry.freeInstance("solarcharger", 300, "/dev/b"), 301);
    EXPECT_EQ(registry.freeInstance("battery", 300, "/dev/b"), 300);  // another class
    EXPECT_EQ(registry.holder("solarcharger", 300, "/dev/b"), "/dev/a");
    registry.hold("/dev/c", "solarcharger", 319);
    EXPECT_EQ(registry.freeInstance("solarcharger", 319, "/dev/b"), 288);  // wraps in its block
    registry.release("/dev/a");
    EXPECT_EQ(registry.freeInstance("solarcharger", 300, "/dev/b"), 300);
    EXPECT_EQ(registry.holder("solarcharger", 300, "/dev/b"), std::nullopt);
    InstanceRegistry full;
    for (std::int32_t i = 256; i < 288; ++i) full.hold("/dev/" + std::to_string(i), "battery", i);
    EXPECT_EQ(full.freeInstance("battery", 260, "/dev/x"), 260);  // nothing free: keep it
}

TEST(DaemonNaming, ClassAndInstance) {
    EXPECT_EQ(parseClassAndInstance("solarcharger:288"), 288);
    EXPECT_EQ(parseClassAndInstance("grid:40"), 40);
    EXPECT_FALSE(parseClassAndInstance("solarcharger"));
    EXPECT_FALSE(parseClassAndInstance(":3"));
    EXPECT_FALSE(parseClassAndInstance("x:3a"));
    EXPECT_FALSE(parseClassAndInstance("x:-1"));
}

TEST(DaemonCli, HelpDescribesPathsSignalsKeysAndExitCodes) {
    const auto help =
        testing::runCommand({testing::binaryPath("apps/vreglinkd/vreglinkd"), "--help"});
    EXPECT_EQ(help.exitCode, 0);
    for (const char* text : {"/Devices/0/VregLink", "GetVreg", "SIGHUP", "SIGTERM", "read_only",
                             "budget_ms", "[[device]]", "EXIT CODES", "--device", "--bus"}) {
        EXPECT_NE(help.out.find(text), std::string::npos) << text;
    }
}

TEST(DaemonCli, BadConfigIsExitCode2) {
    testing::TempDir dir;
    std::ofstream(dir.file("bad.toml")) << "read_only = 3\n";
    const auto run = testing::runCommand(
        {testing::binaryPath("apps/vreglinkd/vreglinkd"), "--config", dir.file("bad.toml")});
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_NE(run.err.find("bad.toml:1: read_only"), std::string::npos) << run.err;
    const auto usage =
        testing::runCommand({testing::binaryPath("apps/vreglinkd/vreglinkd"), "--bogus"});
    EXPECT_EQ(usage.exitCode, 2);
}

TEST(DaemonCli, NoBusIsExitCode1) {
    const auto run = testing::runCommand(
        {testing::binaryPath("apps/vreglinkd/vreglinkd"), "--bus", "unix:path=/nonexistent/bus"});
    EXPECT_EQ(run.exitCode, 1) << run.err;
}

}  // namespace
}  // namespace vreglink::daemon
