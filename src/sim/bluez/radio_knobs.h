// The radio as tests tune it at run time (issue 4): link parameters of a SmartShunt (ble-gatt.md
// §1.3: ATT_MTU 23, 15 ms connection interval) and faults (lost chunk, dead peer).
#pragma once

#include <chrono>
#include <cstdint>

namespace vreglink::sim::bluez {

struct RadioKnobs {
    std::uint16_t mtu = 23;                            // ATT_MTU; payload = mtu - 3
    std::chrono::milliseconds connectionInterval{15};  // one connection event per interval
    unsigned packetsPerEvent = 1;    // host writes delivered, and notifications sent, per event
    unsigned dropNotifications = 0;  // the next N notifications are lost on the air
    bool stopAnswering = false;      // writes accepted by BlueZ, never reach the peripheral
};

}  // namespace vreglink::sim::bluez
