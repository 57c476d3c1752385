// sd-bus is C: an exception thrown by a callback body must never unwind through it (DESIGN.md
// "Errors"). Every raw sd-bus callback of the project (Venus services, the BlueZ simulator) runs
// its body through guardedCallback, which turns an escaped exception into a D-Bus error reply.
#pragma once

#include <systemd/sd-bus.h>

#include <exception>

namespace vreglink::bus {

// Returns body()'s result; an exception becomes the error `errorName` with its what().
template <typename F>
int guardedCallback(sd_bus_error* error, const char* errorName, F&& body) noexcept {
    try {
        return body();
    } catch (const std::exception& e) {
        return sd_bus_error_set(error, errorName, e.what());
    } catch (...) {
        return sd_bus_error_set(error, errorName, "internal error");
    }
}

}  // namespace vreglink::bus
