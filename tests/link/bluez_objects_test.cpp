// BleAddress and the reading of BlueZ's ObjectManager data (BlueZ doc/org.bluez.Device.rst,
// org.bluez.GattCharacteristic.rst), without a bus.
#include "link/bluez_objects.h"
#include "link/ble_address.h"
#include "link/bluez_names.h"

#include <gtest/gtest.h>
#include <sdbus-c++/Types.h>

namespace vreglink::link {
namespace {

TEST(BleAddress, ParsesAndNamesTheBluezObject) {
    const auto address = BleAddress::parse("aa:bb:cc:dd:ee:0f");
    ASSERT_TRUE(address);
    EXPECT_EQ(address->text(), "AA:BB:CC:DD:EE:0F");
    EXPECT_EQ(address->objectPath("/org/bluez/hci0"), "/org/bluez/hci0/dev_AA_BB_CC_DD_EE_0F");
    EXPECT_EQ(BleAddress::parse("AA:BB:CC:DD:EE:0F"), address);
    for (const char* bad : {"", "AA:BB:CC:DD:EE", "AA:BB:CC:DD:EE:0G", "AA-BB-CC-DD-EE-0F",
                            "AA:BB:CC:DD:EE:0F:", "+A:BB:CC:DD:EE:0F", "AAA:B:CC:DD:EE:0F"}) {
        EXPECT_FALSE(BleAddress::parse(bad)) << bad;
    }
}

TEST(BluezObjects, ReadsAdaptersDevicesAndCharacteristics) {
    BluezObjects objects;
    objects.add("/org/bluez/hci1", {{bluez::kAdapter, {}}});
    objects.add("/org/bluez/hci0", {{bluez::kAdapter, {}}});
    std::map<std::uint16_t, sdbus::Variant> manufacturer{
        {bluez::kVictronCompanyId, sdbus::Variant(std::vector<std::uint8_t>{0x10, 0x02, 0x89})}};
    objects.add("/org/bluez/hci0/dev_AA_BB_CC_DD_EE_FF",
                {{bluez::kDevice,
                  {{"Address", sdbus::Variant(std::string("AA:BB:CC:DD:EE:FF"))},
                   {"Alias", sdbus::Variant(std::string("alias"))},
                   {"Name", sdbus::Variant(std::string("SmartShunt HQ2041ABCDE"))},
                   {"RSSI", sdbus::Variant(std::int16_t{-67})},
                   {"Paired", sdbus::Variant(true)},
                   {"Connected", sdbus::Variant(false)},
                   {"ManufacturerData", sdbus::Variant(manufacturer)}}}});
    objects.add("/org/bluez/hci0/dev_AA_BB_CC_DD_EE_FF/service001f/char0023",
                {{bluez::kGattCharacteristic,
                  {{"UUID", sdbus::Variant(std::string("306B0003-B081-4037-83DC-E59FCC3CDFD0"))},
                   {"MTU", sdbus::Variant(std::uint16_t{23})}}}});
    objects.add(
        "/org/bluez/hci0/dev_11_22_33_44_55_66/service001f/char0023",
        {{bluez::kGattCharacteristic, {{"UUID", sdbus::Variant(std::string(bluez::kMoreUuid))}}}});

    EXPECT_EQ(objects.adapters, (std::vector<std::string>{"/org/bluez/hci0", "/org/bluez/hci1"}));
    const auto* device = objects.device("/org/bluez/hci0/dev_AA_BB_CC_DD_EE_FF");
    ASSERT_NE(device, nullptr);
    EXPECT_EQ(device->address, "AA:BB:CC:DD:EE:FF");
    EXPECT_EQ(device->name, "SmartShunt HQ2041ABCDE");
    EXPECT_EQ(device->rssi, std::int16_t{-67});
    EXPECT_TRUE(device->paired);
    EXPECT_FALSE(device->connected);
    EXPECT_EQ(device->manufacturerData.at(bluez::kVictronCompanyId),
              (std::vector<std::uint8_t>{0x10, 0x02, 0x89}));

    // By UUID, case-insensitively, and only under the device asked for (§1.2).
    const auto* last =
        objects.characteristic("/org/bluez/hci0/dev_AA_BB_CC_DD_EE_FF", bluez::kLastUuid);
    ASSERT_NE(last, nullptr);
    EXPECT_EQ(last->path, "/org/bluez/hci0/dev_AA_BB_CC_DD_EE_FF/service001f/char0023");
    EXPECT_EQ(last->mtu, std::uint16_t{23});
    EXPECT_EQ(objects.characteristic("/org/bluez/hci0/dev_AA_BB_CC_DD_EE_FF", bluez::kMoreUuid),
              nullptr);
}

TEST(BluezObjects, DeviceChangesApplyAndWrongTypesAreIgnored) {
    BluezDevice device;
    updateDevice(device, {{"Connected", sdbus::Variant(true)},
                          {"ServicesResolved", sdbus::Variant(true)},
                          {"RSSI", sdbus::Variant(std::string("not a number"))}});
    EXPECT_TRUE(device.connected);
    EXPECT_TRUE(device.servicesResolved);
    EXPECT_FALSE(device.rssi);
    updateDevice(device, {{"Connected", sdbus::Variant(false)}});
    EXPECT_FALSE(device.connected);
    EXPECT_TRUE(device.servicesResolved);
}

}  // namespace
}  // namespace vreglink::link
