#include "link/bluez_objects.h"

#include "link/bluez_names.h"

#include <sdbus-c++/Types.h>

#include <algorithm>
#include <cctype>
#include <exception>

namespace vreglink::link {

namespace {

template <typename T>
std::optional<T> propertyOf(const BluezProperties& properties, const char* name) {
    const auto it = properties.find(name);
    if (it == properties.end()) return std::nullopt;
    try {
        return it->second.get<T>();
    } catch (const std::exception&) {
        return std::nullopt;  // not the type BlueZ documents: treat as absent
    }
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

void readManufacturerData(BluezDevice& device, const BluezProperties& properties) {
    // a{qv}, each v an ay (BlueZ doc/org.bluez.Device.rst).
    const auto data =
        propertyOf<std::map<std::uint16_t, sdbus::Variant>>(properties, "ManufacturerData");
    if (!data) return;
    device.manufacturerData.clear();
    for (const auto& [company, value] : *data) {
        try {
            device.manufacturerData[company] = value.get<std::vector<std::uint8_t>>();
        } catch (const std::exception&) {
        }
    }
}

}  // namespace

void updateDevice(BluezDevice& device, const BluezProperties& changed) {
    if (auto v = propertyOf<std::string>(changed, "Address")) device.address = *v;
    if (auto v = propertyOf<std::string>(changed, "Alias"); v && device.name.empty()) {
        device.name = *v;
    }
    if (auto v = propertyOf<std::string>(changed, "Name")) device.name = *v;
    if (auto v = propertyOf<std::int16_t>(changed, "RSSI")) device.rssi = *v;
    if (auto v = propertyOf<bool>(changed, "Connected")) device.connected = *v;
    if (auto v = propertyOf<bool>(changed, "Paired")) device.paired = *v;
    if (auto v = propertyOf<bool>(changed, "ServicesResolved")) device.servicesResolved = *v;
    if (auto v = propertyOf<sdbus::ObjectPath>(changed, "Adapter")) device.adapter = *v;
    readManufacturerData(device, changed);
}

void BluezObjects::add(const std::string& path, const BluezInterfaces& interfaces) {
    if (interfaces.contains(bluez::kAdapter)) {
        adapters.push_back(path);
        std::sort(adapters.begin(), adapters.end());
    }
    if (const auto it = interfaces.find(bluez::kDevice); it != interfaces.end()) {
        std::erase_if(devices, [&](const BluezDevice& d) { return d.path == path; });
        BluezDevice device;
        device.path = path;
        updateDevice(device, it->second);
        devices.push_back(std::move(device));
    }
    if (const auto it = interfaces.find(bluez::kGattCharacteristic); it != interfaces.end()) {
        std::erase_if(characteristics,
                      [&](const BluezCharacteristic& c) { return c.path == path; });
        BluezCharacteristic characteristic;
        characteristic.path = path;
        characteristic.uuid = lower(propertyOf<std::string>(it->second, "UUID").value_or(""));
        characteristic.mtu = propertyOf<std::uint16_t>(it->second, "MTU");
        characteristics.push_back(std::move(characteristic));
    }
}

const BluezDevice* BluezObjects::device(const std::string& path) const {
    const auto it =
        std::find_if(devices.begin(), devices.end(), [&](const auto& d) { return d.path == path; });
    return it == devices.end() ? nullptr : &*it;
}

const BluezCharacteristic* BluezObjects::characteristic(const std::string& devicePath,
                                                        const std::string& uuid) const {
    const std::string wanted = lower(uuid);
    const std::string prefix = devicePath + "/";
    for (const auto& c : characteristics) {
        if (c.path.starts_with(prefix) && c.uuid == wanted) return &c;
    }
    return nullptr;
}

}  // namespace vreglink::link
