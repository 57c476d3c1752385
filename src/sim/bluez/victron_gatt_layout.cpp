#include "sim/bluez/victron_gatt_layout.h"

namespace vreglink::sim::bluez {

std::vector<GattServiceSpec> victronGattLayout() {
    return {
        GattServiceSpec{kDeviceInfoService, 0x0014, {{kDeviceInfo, kRead, 0x0015}}},
        GattServiceSpec{kVictronService,
                        0x001f,
                        {{kVictronCtrl, kRead | kWriteWithoutResponse | kNotify, 0x0020},
                         {kVictronLast, kWriteWithoutResponse | kNotify, 0x0023},
                         {kVictronMore, kWriteWithoutResponse | kNotify, 0x0026}}},
    };
}

}  // namespace vreglink::sim::bluez
