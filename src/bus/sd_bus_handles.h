// One RAII guard per sd-bus resource (DESIGN.md "Ownership"): the service side talks to sd-bus
// directly (venus-dbus-mqtt.md §9 hint: one fallback vtable per service instead of an object per
// path), so every sd_bus, slot and message reference it holds is released exactly once here.
// Internal to the dbus module.
#pragma once

#include <systemd/sd-bus.h>

#include <memory>

namespace vreglink::bus {

struct SdBusCloser {
    // Flush queued output (final replies, NameLost) before closing: the peer must see them.
    void operator()(sd_bus* bus) const { sd_bus_flush_close_unref(bus); }
};
struct SdBusSlotReleaser {
    void operator()(sd_bus_slot* slot) const { sd_bus_slot_unref(slot); }
};
struct SdBusMessageReleaser {
    void operator()(sd_bus_message* message) const { sd_bus_message_unref(message); }
};

using SdBusPtr = std::unique_ptr<sd_bus, SdBusCloser>;
using SdBusSlotPtr = std::unique_ptr<sd_bus_slot, SdBusSlotReleaser>;
using SdBusMessagePtr = std::unique_ptr<sd_bus_message, SdBusMessageReleaser>;

// Takes a new reference: the caller keeps its own (a method call kept for a deferred reply).
inline SdBusMessagePtr retainMessage(sd_bus_message* message) {
    return SdBusMessagePtr(sd_bus_message_ref(message));
}

// sd_bus_error is a struct with owned strings, not a pointer: freed when the guard leaves scope.
class SdBusErrorGuard {
  public:
    SdBusErrorGuard() = default;
    ~SdBusErrorGuard() { sd_bus_error_free(&error_); }
    SdBusErrorGuard(const SdBusErrorGuard&) = delete;
    SdBusErrorGuard& operator=(const SdBusErrorGuard&) = delete;
    sd_bus_error* get() { return &error_; }

  private:
    sd_bus_error error_ = SD_BUS_ERROR_NULL;
};

}  // namespace vreglink::bus
