// What BlueZ's ObjectManager says (GetManagedObjects, InterfacesAdded), read into plain structs:
// the adapters, the devices with what a scan or a connection needs, and the GATT
// characteristics with their UUID and MTU. sdbus-c++ types stay in bluez_objects.cpp.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sdbus {
class Variant;
class ObjectPath;
}  // namespace sdbus

namespace vreglink::link {

struct BluezDevice {
    std::string path;
    std::string adapter;  // the adapter's object path
    std::string address;  // "AA:BB:CC:DD:EE:FF"
    std::string name;     // Name, else Alias, else ""
    std::optional<std::int16_t> rssi;
    bool connected = false;
    bool paired = false;
    bool servicesResolved = false;
    std::map<std::uint16_t, std::vector<std::uint8_t>> manufacturerData;  // company id -> bytes
};

struct BluezCharacteristic {
    std::string path;
    std::string uuid;                  // lower case
    std::optional<std::uint16_t> mtu;  // BlueZ >= 5.62 exports the ATT MTU here
};

using BluezProperties = std::map<std::string, sdbus::Variant>;
using BluezInterfaces = std::map<std::string, BluezProperties>;

struct BluezObjects {
    std::vector<std::string> adapters;  // sorted: hci0 first
    std::vector<BluezDevice> devices;
    std::vector<BluezCharacteristic> characteristics;

    // Adds one object (GetManagedObjects entry or InterfacesAdded).
    void add(const std::string& path, const BluezInterfaces& interfaces);
    const BluezDevice* device(const std::string& path) const;
    // The characteristic with `uuid` under `devicePath` (case-insensitive UUID).
    const BluezCharacteristic* characteristic(const std::string& devicePath,
                                              const std::string& uuid) const;
};

// Applies a Device1 PropertiesChanged to `device` (Connected, Paired, ServicesResolved, RSSI,
// ManufacturerData, Name).
void updateDevice(BluezDevice& device, const BluezProperties& changed);

}  // namespace vreglink::link
