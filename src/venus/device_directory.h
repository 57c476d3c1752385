// The devices a gateway publishes right now, for the front ends beside D-Bus (MQTT topics,
// VregLink RPC, Home Assistant discovery): each with its Venus service type and DeviceInstance
// (venus-dbus-mqtt.md §4.2: topics are <type>/<instance>), its item tree and its VregLink
// backend. The daemon adds a device when its service is registered and removes it when the
// service leaves; listeners hear both. No transport here.
#pragma once

#include "venus/item_tree.h"
#include "venus/vreglink_backend.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vreglink::venus {

struct PublishedDevice {
    std::string serviceName;  // "com.victronenergy.solarcharger.tty_ttyUSB0"
    std::string type;         // "solarcharger"
    std::int32_t instance = 0;
    ItemTree* tree = nullptr;             // owned by the daemon; valid until removed
    VregLinkBackend* vreglink = nullptr;  // idem

    // "solarcharger/288": how MQTT names it (topics, RPC "device").
    std::string key() const { return type + "/" + std::to_string(instance); }
};

class DeviceDirectoryListener {
  public:
    virtual ~DeviceDirectoryListener() = default;
    virtual void onDeviceAdded(const PublishedDevice& device) = 0;
    // Called before the device's tree and backend are destroyed.
    virtual void onDeviceRemoved(const PublishedDevice& device) = 0;
};

class DeviceDirectory {
  public:
    // A device with the same service name is replaced (removed, then added). Two devices with the
    // same type and instance: the last one wins for find(), as in dbus-flashmq (§4.2).
    void add(PublishedDevice device);
    void remove(std::string_view serviceName);

    const std::vector<PublishedDevice>& devices() const { return devices_; }
    const PublishedDevice* find(std::string_view type, std::int32_t instance) const;
    const PublishedDevice* find(std::string_view key) const;  // "solarcharger/288"

    // Listeners must outlive their registration.
    void addListener(DeviceDirectoryListener& listener);
    void removeListener(DeviceDirectoryListener& listener);

  private:
    std::vector<PublishedDevice> devices_;
    std::vector<DeviceDirectoryListener*> listeners_;
};

}  // namespace vreglink::venus
