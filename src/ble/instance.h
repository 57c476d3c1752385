// The instance of a Bluetooth message: the addressed sub-device, not a sequence number
// (ble-gatt.md §0 finding 2, §4.3). Requests to instance N are answered with instance N.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>

namespace vreglink::ble {

struct Instance {
    // A CBOR uint on the wire (§4.1); 0, 1 and 3 are the only ones seen. 32 bits is what the
    // codec accepts, a larger uint is a decode error, never silently truncated.
    std::uint32_t value = 0;

    constexpr Instance() = default;
    constexpr explicit Instance(std::uint32_t v) : value(v) {}
    friend constexpr auto operator<=>(Instance, Instance) = default;
};

// Two-chip products (SmartShunt, SmartSolar, Phoenix + VE.Direct Smart dongle), §4.3 [C for the
// addressing, S/G for the meaning]. Single-chip products (Orion Smart, IP22) use 0 for everything.
inline constexpr Instance kBleChipInstance{0};     // the BLE chip itself
inline constexpr Instance kUartBridgeInstance{1};  // its UART/VE.Direct bridge "nRF5x-UART0"
inline constexpr Instance kProductInstance{3};     // the product behind the bridge

}  // namespace vreglink::ble

template <>
struct std::hash<vreglink::ble::Instance> {
    std::size_t operator()(vreglink::ble::Instance i) const noexcept { return i.value; }
};
