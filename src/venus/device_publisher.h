// Publishes one device as Venus publishes it (venus-dbus-mqtt.md §2.5–2.8): the mandatory paths,
// /Devices/0/*, and the role paths of its family, fed from TEXT blocks, async frames and periodic
// HEX reads of what TEXT does not carry (without TEXT, e.g. over Bluetooth: reads of everything
// not pushed); writable paths (/Mode, /Settings/ChargeCurrentLimit,
// /CustomName, /Relay/0/State) write the device through the same rules as SetVreg.
#pragma once

#include "catalog/register_info.h"
#include "device/device.h"
#include "device/device_identity.h"
#include "venus/item_tree.h"

#include <asio/io_context.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace vreglink::venus {

// Venus service type for a product family: solarcharger, battery, inverter, dcdc, charger
// (§2.1; multirs -> "multi" [I]). nullopt for families vreglink does not publish.
std::optional<std::string> serviceType(catalog::Family family);

struct PublisherOptions {
    std::int32_t deviceInstance = 0;
    std::string serviceName;                // for /Devices/0/ServiceName
    std::string processName = "vreglinkd";  // /Mgmt/ProcessName
    std::string processVersion;             // /Mgmt/ProcessVersion
    std::string connection = "VE.Direct";   // /Mgmt/Connection
    bool readOnly = false;                  // writable paths answer SetValue 1
    std::chrono::seconds settingsPoll{30};  // HEX reads of settings/history shown on D-Bus
    // false: the device sends no TEXT blocks — Bluetooth pushes only a handful of registers
    // (ble-gatt.md §4.4.7) — so every row with a register that the device did not push within
    // livePoll is read every livePoll; settings rows stay at settingsPoll.
    bool textBlocks = true;
    std::chrono::seconds livePoll{5};
};

class DevicePublisher {
  public:
    // Adds every path to `tree` at once (values invalid until known), subscribes to `device`.
    DevicePublisher(asio::io_context& io, device::Device& device,
                    const device::DeviceIdentity& identity, ItemTree& tree,
                    PublisherOptions options);
    ~DevicePublisher();
    DevicePublisher(const DevicePublisher&) = delete;
    DevicePublisher& operator=(const DevicePublisher&) = delete;

    void setReadOnly(bool readOnly);  // config reload

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace vreglink::venus
