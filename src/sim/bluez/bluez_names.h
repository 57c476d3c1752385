// The simulator's view of the BlueZ names: the one list is link/bluez_names.h (namespace
// vreglink::bluez, reached here as `api` because this namespace is also called bluez).
#pragma once

#include "link/ble_address.h"
#include "link/bluez_names.h"

#include <string>
#include <string_view>

namespace vreglink::sim::bluez {

namespace api = ::vreglink::bluez;

// The one adapter the simulator has.
inline constexpr const char* kAdapterPath = "/org/bluez/hci0";

// BlueZ's device path (device.c), as the client computes it (link::BleAddress).
inline std::string devicePathFor(std::string_view address) {
    const auto parsed = link::BleAddress::parse(address);
    return parsed ? parsed->objectPath(kAdapterPath) : std::string(kAdapterPath) + "/dev_invalid";
}

}  // namespace vreglink::sim::bluez
