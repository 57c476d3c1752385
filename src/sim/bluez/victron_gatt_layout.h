// The GATT table of a two-chip VictronConnect product (SmartShunt, SmartSolar; ble-gatt.md §1.1
// and the handle map of §1.2), as a simulated peripheral publishes it. BlueZ hides the GAP and
// GATT services (0x1800/0x1801) from D-Bus, so they are not listed.
#pragma once

#include "sim/bluez/bluez_names.h"
#include "sim/bluez/gatt_peripheral.h"

#include <string>
#include <vector>

namespace vreglink::sim::bluez {

// The UUIDs of link/bluez_names.h as strings, for the peripheral specs.
inline const std::string kVictronService = api::kVictronServiceUuid;
inline const std::string kVictronCtrl = api::kCtrlUuid;  // §2.3
inline const std::string kVictronLast = api::kLastUuid;  // §2.2
inline const std::string kVictronMore = api::kMoreUuid;  // §2.2
inline const std::string kDeviceInfoService = api::kDeviceInfoServiceUuid;
inline const std::string kDeviceInfo = api::kDeviceInfoUuid;
inline constexpr std::uint16_t kVictronCompanyId = api::kVictronCompanyId;  // §9.2

// 97580001 (0x0014) with its read-only info blob, and 306b0001 (0x001f) with CTRL/LAST/MORE at
// declaration handles 0x0020/0x0023/0x0026 (value handles 0x0021/0x0024/0x0027, §1.2).
std::vector<GattServiceSpec> victronGattLayout();

}  // namespace vreglink::sim::bluez
