// The object tree as a BlueZ client sees it: ObjectManager, Adapter1, Device1 and the GATT
// objects after Connect, with BlueZ 5.66 property types (doc/adapter-api.txt, device-api.txt,
// gatt-api.txt), read with sdbus-c++ and busctl.
#include "bluez_fixture.h"

#include <algorithm>

namespace vreglink::testing {
namespace {

using namespace std::chrono_literals;

TEST_F(BluezSimTest, ManagedObjectsHaveBluezInterfacesAndTypes) {
    addShunt(/*discoverable=*/false);
    const auto objects = managedObjects();

    ASSERT_TRUE(objects.count(sdbus::ObjectPath("/org/bluez")));
    EXPECT_TRUE(objects.at(sdbus::ObjectPath("/org/bluez")).count("org.bluez.AgentManager1"));

    const auto& adapter = objects.at(sdbus::ObjectPath("/org/bluez/hci0")).at("org.bluez.Adapter1");
    EXPECT_EQ(adapter.at("Address").peekValueType(), "s");
    EXPECT_EQ(adapter.at("Powered").get<bool>(), true);
    EXPECT_EQ(adapter.at("Discovering").get<bool>(), false);
    EXPECT_EQ(adapter.at("Roles").peekValueType(), "as");

    const auto& device = objects.at(sdbus::ObjectPath(kShuntPath)).at("org.bluez.Device1");
    EXPECT_EQ(device.at("Address").get<std::string>(), kShuntAddress);
    EXPECT_EQ(device.at("AddressType").get<std::string>(), "public");  // 0xAA: not 0b11……
    EXPECT_EQ(device.at("Name").get<std::string>(), "SmartShunt HQ2041ABCDE");
    EXPECT_EQ(device.at("Alias").get<std::string>(), "SmartShunt HQ2041ABCDE");
    EXPECT_EQ(device.at("Adapter").get<sdbus::ObjectPath>(), "/org/bluez/hci0");
    EXPECT_FALSE(device.at("Connected").get<bool>());
    EXPECT_FALSE(device.at("Paired").get<bool>());
    EXPECT_FALSE(device.at("Bonded").get<bool>());
    EXPECT_FALSE(device.at("ServicesResolved").get<bool>());
    EXPECT_EQ(device.at("RSSI").peekValueType(), "n");
    EXPECT_EQ(device.at("RSSI").get<std::int16_t>(), -67);
    EXPECT_EQ(device.at("ManufacturerData").peekValueType(), "a{qv}");
    const auto uuids = device.at("UUIDs").get<std::vector<std::string>>();
    EXPECT_NE(std::find(uuids.begin(), uuids.end(), sim::bluez::kVictronService), uuids.end());
    // No GATT objects before a connection.
    EXPECT_FALSE(objects.count(sdbus::ObjectPath(kLastPath)));
}

TEST_F(BluezSimTest, DiscoveryAddsTheDiscoverableDeviceWithVictronManufacturerData) {
    addShunt(/*discoverable=*/true);
    EXPECT_FALSE(managedObjects().count(sdbus::ObjectPath(kShuntPath)));

    std::optional<Interfaces> added;
    auto& root = signalProxy("org.bluez", "/");
    root.uponSignal("InterfacesAdded")
        .onInterface("org.freedesktop.DBus.ObjectManager")
        .call([&](const sdbus::ObjectPath& path, const Interfaces& interfaces) {
            if (path == kShuntPath) added = interfaces;
        });
    finishSignals(root);

    ASSERT_FALSE(callVoid("/org/bluez/hci0", "org.bluez.Adapter1", "StartDiscovery"));
    ASSERT_TRUE(runUntil([&] { return added.has_value(); }));
    const auto& device = added->at("org.bluez.Device1");
    EXPECT_EQ(device.at("RSSI").get<std::int16_t>(), -67);
    const auto data = device.at("ManufacturerData").get<std::map<std::uint16_t, sdbus::Variant>>();
    ASSERT_TRUE(data.count(0x02E1));
    const auto bytes = data.at(0x02E1).get<Bytes>();
    ASSERT_GE(bytes.size(), 4U);
    EXPECT_EQ(bytes[0], 0x10);                    // product advertisement (§9.2)
    EXPECT_EQ(bytes[2] | bytes[3] << 8, 0xA389);  // SmartShunt product id
    EXPECT_TRUE(property("/org/bluez/hci0", "org.bluez.Adapter1", "Discovering").get<bool>());

    // One session per client, as adapter.c.
    const auto again = callVoid("/org/bluez/hci0", "org.bluez.Adapter1", "StartDiscovery");
    ASSERT_TRUE(again);
    EXPECT_EQ(again->getName(), "org.bluez.Error.InProgress");
    ASSERT_FALSE(callVoid("/org/bluez/hci0", "org.bluez.Adapter1", "StopDiscovery"));
    EXPECT_FALSE(property("/org/bluez/hci0", "org.bluez.Adapter1", "Discovering").get<bool>());
    const auto stopped = callVoid("/org/bluez/hci0", "org.bluez.Adapter1", "StopDiscovery");
    ASSERT_TRUE(stopped);
    EXPECT_EQ(stopped->getName(), "org.bluez.Error.Failed");
    // Found devices stay after discovery.
    EXPECT_TRUE(managedObjects().count(sdbus::ObjectPath(kShuntPath)));
}

TEST_F(BluezSimTest, BusctlSeesTheTreeAndStartsDiscovery) {
    addShunt(/*discoverable=*/true);
    const std::string address = "--address=" + daemon_.address();
    const auto call = runCli({"/usr/bin/busctl", address, "call", "org.bluez", "/org/bluez/hci0",
                              "org.bluez.Adapter1", "StartDiscovery"});
    EXPECT_EQ(call.exitCode, 0) << call.err;
    const auto tree = runCli({"/usr/bin/busctl", address, "tree", "org.bluez"});
    ASSERT_EQ(tree.exitCode, 0) << tree.err;
    EXPECT_NE(tree.out.find("/org/bluez/hci0/dev_AA_BB_CC_DD_EE_FF"), std::string::npos)
        << tree.out;
    const auto rssi = runCli({"/usr/bin/busctl", address, "get-property", "org.bluez", kShuntPath,
                              "org.bluez.Device1", "RSSI"});
    EXPECT_EQ(rssi.out, "n -67\n");
}

TEST_F(BluezSimTest, WhatAClientStartedEndsWhenItLeavesTheBus) {
    // busctl starts discovery and exits: BlueZ ends its session, so Discovering goes false; our
    // own (still connected) session keeps it on in the other order.
    addShunt(/*discoverable=*/true);
    const std::string address = "--address=" + daemon_.address();
    const auto call = runCli({"/usr/bin/busctl", address, "call", "org.bluez", "/org/bluez/hci0",
                              "org.bluez.Adapter1", "StartDiscovery"});
    ASSERT_EQ(call.exitCode, 0) << call.err;
    runFor(300ms);  // the NameOwnerChanged of busctl's exit reaches the simulator
    EXPECT_FALSE(property("/org/bluez/hci0", "org.bluez.Adapter1", "Discovering").get<bool>());
    ASSERT_FALSE(callVoid("/org/bluez/hci0", "org.bluez.Adapter1", "StartDiscovery"));
    const auto other = runCli({"/usr/bin/busctl", address, "call", "org.bluez", "/org/bluez/hci0",
                               "org.bluez.Adapter1", "StartDiscovery"});
    ASSERT_EQ(other.exitCode, 0) << other.err;
    runFor(200ms);
    EXPECT_TRUE(property("/org/bluez/hci0", "org.bluez.Adapter1", "Discovering").get<bool>());
}

TEST_F(BluezSimTest, ConnectResolvesServicesAndTheVictronCharacteristicsAreFoundByUuid) {
    addShunt(/*discoverable=*/false);
    bool resolved = false;
    auto& device = signalProxy("org.bluez", kShuntPath);
    device.uponSignal("PropertiesChanged")
        .onInterface("org.freedesktop.DBus.Properties")
        .call([&](const std::string&, const Properties& changed, const std::vector<std::string>&) {
            const auto it = changed.find("ServicesResolved");
            if (it != changed.end()) resolved = it->second.get<bool>();
        });
    finishSignals(device);

    ASSERT_FALSE(callVoid(kShuntPath, "org.bluez.Device1", "Connect"));
    ASSERT_TRUE(runUntil([&] { return resolved; }));
    EXPECT_TRUE(property(kShuntPath, "org.bluez.Device1", "Connected").get<bool>());
    EXPECT_EQ(echo_->connects, 1);

    // A client picks characteristics by UUID, never by path.
    std::map<std::string, std::string> byUuid;
    std::map<std::string, Properties> characteristics;
    const auto objects = managedObjects();
    for (const auto& [path, interfaces] : objects) {
        const auto it = interfaces.find("org.bluez.GattCharacteristic1");
        if (it == interfaces.end()) continue;
        byUuid[it->second.at("UUID").get<std::string>()] = path;
        characteristics[path] = it->second;
    }
    ASSERT_TRUE(byUuid.count(sim::bluez::kVictronLast));
    EXPECT_EQ(byUuid.at(sim::bluez::kVictronLast), kLastPath);
    EXPECT_EQ(byUuid.at(sim::bluez::kVictronCtrl), kCtrlPath);
    EXPECT_EQ(byUuid.at(sim::bluez::kVictronMore), kShuntPath + "/service001f/char0026");
    EXPECT_TRUE(byUuid.count(sim::bluez::kDeviceInfo));

    const auto& last = characteristics.at(kLastPath);
    EXPECT_EQ(last.at("Flags").get<std::vector<std::string>>(),
              (std::vector<std::string>{"write-without-response", "notify"}));
    EXPECT_EQ(last.at("Service").get<sdbus::ObjectPath>(), kShuntPath + "/service001f");
    EXPECT_EQ(last.at("MTU").get<std::uint16_t>(), 23);
    EXPECT_FALSE(last.at("Notifying").get<bool>());
    EXPECT_EQ(last.at("Value").peekValueType(), "ay");
    EXPECT_EQ(characteristics.at(kCtrlPath).at("Flags").get<std::vector<std::string>>(),
              (std::vector<std::string>{"read", "write-without-response", "notify"}));

    const auto& service =
        objects.at(sdbus::ObjectPath(kShuntPath + "/service001f")).at("org.bluez.GattService1");
    EXPECT_EQ(service.at("UUID").get<std::string>(), sim::bluez::kVictronService);
    EXPECT_TRUE(service.at("Primary").get<bool>());
    EXPECT_EQ(service.at("Device").get<sdbus::ObjectPath>(), kShuntPath);

    // The device-info blob reads back (97580002, §1.1).
    const auto info = call<Bytes>("org.bluez", byUuid.at(sim::bluez::kDeviceInfo),
                                  "org.bluez.GattCharacteristic1", "ReadValue", Properties{});
    ASSERT_FALSE(info.error);
    EXPECT_EQ(info.get<0>(), (Bytes{0xff, 0x12, 0x01, 0x00}));
}

TEST_F(BluezSimTest, RemoveDeviceForgetsItUntilTheNextDiscovery) {
    addShunt(/*discoverable=*/false);
    ASSERT_FALSE(callVoid(kShuntPath, "org.bluez.Device1", "Connect"));
    const auto removed = call<>("org.bluez", "/org/bluez/hci0", "org.bluez.Adapter1",
                                "RemoveDevice", sdbus::ObjectPath(kShuntPath));
    ASSERT_FALSE(removed.error);
    EXPECT_FALSE(managedObjects().count(sdbus::ObjectPath(kShuntPath)));
    EXPECT_EQ(echo_->disconnects, 1);
    const auto again = call<>("org.bluez", "/org/bluez/hci0", "org.bluez.Adapter1", "RemoveDevice",
                              sdbus::ObjectPath(kShuntPath));
    ASSERT_TRUE(again.error);
    EXPECT_EQ(again.error->getName(), "org.bluez.Error.DoesNotExist");
    ASSERT_FALSE(callVoid("/org/bluez/hci0", "org.bluez.Adapter1", "StartDiscovery"));
    EXPECT_TRUE(managedObjects().count(sdbus::ObjectPath(kShuntPath)));
}

}  // namespace
}  // namespace vreglink::testing
