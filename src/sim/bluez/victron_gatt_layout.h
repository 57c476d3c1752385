// The GATT table of a two-chip VictronConnect product (SmartShunt, SmartSolar; ble-gatt.md §1.1
// and the handle map of §1.2), as a simulated peripheral publishes it. BlueZ hides the GAP and
// GATT services (0x1800/0x1801) from D-Bus, so they are not listed.
#pragma once

#include "sim/bluez/gatt_peripheral.h"

#include <string>
#include <vector>

namespace vreglink::sim::bluez {

inline const std::string kVictronService = "306b0001-b081-4037-83dc-e59fcc3cdfd0";
inline const std::string kVictronCtrl = "306b0002-b081-4037-83dc-e59fcc3cdfd0";  // §2.3
inline const std::string kVictronLast = "306b0003-b081-4037-83dc-e59fcc3cdfd0";  // §2.2
inline const std::string kVictronMore = "306b0004-b081-4037-83dc-e59fcc3cdfd0";  // §2.2
inline const std::string kDeviceInfoService = "97580001-ddf1-48be-b73e-182664615d8e";
inline const std::string kDeviceInfo = "97580002-ddf1-48be-b73e-182664615d8e";
inline constexpr std::uint16_t kVictronCompanyId = 0x02E1;  // §9.2

// 97580001 (0x0014) with its read-only info blob, and 306b0001 (0x001f) with CTRL/LAST/MORE at
// declaration handles 0x0020/0x0023/0x0026 (value handles 0x0021/0x0024/0x0027, §1.2).
std::vector<GattServiceSpec> victronGattLayout();

}  // namespace vreglink::sim::bluez
