// How vreglinkd names services and picks device instances (venus-dbus-mqtt.md §2.1, §2.5, §2.9).
#pragma once

#include "core/ids.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace vreglink::daemon {

// A D-Bus name element: [A-Za-z0-9_] only (others become '_'), not starting with a digit
// ('_' is prepended), never empty.
std::string sanitizeNameElement(std::string_view text);

// Service suffix: the configured name, else the tty name as Venus does (/dev/ttyUSB0 ->
// "ttyUSB0", §2.1), sanitised.
std::string serviceSuffix(const std::string& configuredName, const std::string& path);

// Service suffix of a Bluetooth device without a configured name: "ble_" and the address in lower
// case hex without colons (C0:FF:EE:00:00:01 -> "ble_c0ffee000001"), stable across restarts.
std::string bleServiceSuffix(const std::string& configuredName, std::string_view address);

// "com.victronenergy.<type>.<suffix>"
std::string serviceName(const std::string& type, const std::string& suffix);

// A stable DeviceInstance when neither the config nor com.victronenergy.settings gives one:
// FNV-1a of the product id and serial, mapped into 32 instances per class. Solar chargers get
// 288..319 and every other class 256..287, the ranges vedirect-dbus devices show on a GX
// (§2.5 "256, 289"). The same device always gets the same instance, whatever port it is on.
std::int32_t derivedDeviceInstance(const std::string& serviceType, ProductId product,
                                   std::string_view serial);

// The settings key of one device, "vreglink_<serial>" (product id when the serial is unknown):
// /Settings/Devices/<uniqueid>/ClassAndVrmInstance (§2.9).
std::string settingsUniqueId(ProductId product, std::string_view serial);

}  // namespace vreglink::daemon
