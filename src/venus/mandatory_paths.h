// The paths every Venus service has (venus-dbus-mqtt.md §2.5) and the /Devices/0 subtree that
// VictronConnect uses to find the physical device behind it (§2.6).
#pragma once

#include "device/device_identity.h"
#include "venus/device_publisher.h"
#include "venus/item_tree.h"

#include <cstdint>
#include <string>

namespace vreglink::venus {

// /FirmwareVersion as Venus encodes it: the version digits of the ping value, 0x4161 -> 0x0161
// (= 353) for v1.61 — the §2.5 example 343 = 0x157 is v1.57.
std::int32_t venusFirmwareVersion(std::uint16_t pingValue);

// Adds /Mgmt/*, /DeviceInstance, /ProductId, /ProductName, /FirmwareVersion, /HardwareVersion,
// /Connected, /Serial, /CustomName, /ErrorCode and /Devices/0/*, including the invalid
// /Devices/0/VregLink leaf the D-Bus layer attaches the VregLink interface to.
void addMandatoryPaths(ItemTree& tree, const device::DeviceIdentity& identity,
                       const PublisherOptions& options, WriteHandler customNameWrite);

// /CustomName and /Devices/0/CustomName together (they are one value).
void publishCustomName(ItemTree& tree, const std::string& name);

}  // namespace vreglink::venus
