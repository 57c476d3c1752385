// Small helpers for the simulator's raw sd-bus vtables: handler bodies that never let an
// exception reach sd-bus (DESIGN.md "Errors"), BlueZ error replies, byte arrays and the a{sv}
// options of GattCharacteristic1 (gatt-api.txt).
#pragma once

#include "bus/sd_bus_guard.h"
#include "sim/bluez/gatt_peripheral.h"

#include <systemd/sd-bus.h>

#include <cstdint>
#include <string>
#include <utility>

namespace vreglink::sim::bluez {

int replyError(sd_bus_error* error, const char* name, const char* text);

// Runs the body of an sd-bus callback: an exception becomes org.bluez.Error.Failed.
template <typename F>
int guarded(sd_bus_error* error, F&& body) noexcept {
    return bus::guardedCallback(error, "org.bluez.Error.Failed", std::forward<F>(body));
}

int appendBytes(sd_bus_message* m, const Bytes& bytes);
int readBytes(sd_bus_message* m, Bytes& out);

// The options BlueZ honours on ReadValue/WriteValue; other keys are skipped.
struct GattOptions {
    std::string type;  // "command", "request", "reliable" or empty
    std::uint16_t offset = 0;
};
int readGattOptions(sd_bus_message* m, GattOptions& out);

// Emits PropertiesChanged for one property (its vtable must flag EMITS_CHANGE).
void emitChanged(sd_bus* bus, const std::string& path, const char* interface, const char* property);

}  // namespace vreglink::sim::bluez
