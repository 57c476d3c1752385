// The real-radio path (issue 4 "Tests"): BleDevice against the BlueZ of this machine and a real
// Victron device. It needs a BlueZ service on the system bus, an adapter (a radio) and a device
// named by VREGLINK_BLE_TEST_ADDRESS (PIN in VREGLINK_BLE_TEST_PIN); whatever is missing is
// reported as a skip with the reason — never as a pass. CI machines have no radio.
#include "device/ble_device.h"
#include "link/bluez_names.h"
#include "link/bluez_objects.h"
#include "run_loop.h"

#include <gtest/gtest.h>
#include <sdbus-c++/sdbus-c++.h>
#include <asio/io_context.hpp>

#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace vreglink::testing {
namespace {

using namespace std::chrono_literals;

// What is missing for the real-radio path on this machine; nullopt when all is there.
std::optional<std::string> missingRadio() {
    std::unique_ptr<sdbus::IConnection> system;
    try {
        system = sdbus::createSystemBusConnection();
    } catch (const sdbus::Error& e) {
        return "no system bus (" + e.getMessage() + ")";
    }
    try {
        auto daemon = sdbus::createProxy(*system, "org.freedesktop.DBus", "/org/freedesktop/DBus");
        bool owned = false;
        daemon->callMethod("NameHasOwner")
            .onInterface("org.freedesktop.DBus")
            .withArguments(std::string(bluez::kService))
            .storeResultsTo(owned);
        if (!owned) return "no BlueZ service (org.bluez) on the system bus";
        auto manager = sdbus::createProxy(*system, std::string(bluez::kService), "/");
        std::map<sdbus::ObjectPath, std::map<std::string, std::map<std::string, sdbus::Variant>>>
            objects;
        manager->callMethod("GetManagedObjects")
            .onInterface("org.freedesktop.DBus.ObjectManager")
            .storeResultsTo(objects);
        link::BluezObjects parsed;
        for (const auto& [path, interfaces] : objects) parsed.add(path, interfaces);
        if (parsed.adapters.empty()) return "BlueZ runs but has no adapter (no radio)";
    } catch (const sdbus::Error& e) {
        return "BlueZ did not answer (" + e.getMessage() + ")";
    }
    if (std::getenv("VREGLINK_BLE_TEST_ADDRESS") == nullptr) {
        return "a radio exists, but VREGLINK_BLE_TEST_ADDRESS (and VREGLINK_BLE_TEST_PIN) name no "
               "device to test";
    }
    return std::nullopt;
}

TEST(BleRealRadio, ReadsTheProductIdOfARealDevice) {
    if (const auto missing = missingRadio()) {
        GTEST_SKIP() << "real-radio path not tested: " << *missing;
    }
    const auto address = link::BleAddress::parse(std::getenv("VREGLINK_BLE_TEST_ADDRESS"));
    ASSERT_TRUE(address) << "VREGLINK_BLE_TEST_ADDRESS is not an address";
    device::BleDeviceOptions options;
    options.address = *address;
    if (const char* pin = std::getenv("VREGLINK_BLE_TEST_PIN")) {
        options.passkey = static_cast<std::uint32_t>(std::strtoul(pin, nullptr, 10));
    }
    asio::io_context io;
    device::BleDevice device(io, options);
    device.start();
    ASSERT_TRUE(runUntil(
        io, [&] { return device.linkState() == device::LinkState::Connected; }, 60s));
    std::optional<device::VregReply> reply;
    device.get(VregId{0x0100}, [&](const device::VregReply& r) { reply = r; });
    ASSERT_TRUE(runUntil(
        io, [&] { return reply.has_value(); }, 20s));
    EXPECT_TRUE(reply->status.isOk()) << reply->message;
    EXPECT_EQ(reply->data.size(), 4U);  // un32 product id (§7)
}

}  // namespace
}  // namespace vreglink::testing
