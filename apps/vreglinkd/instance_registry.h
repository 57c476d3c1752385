// DeviceInstances held by the daemon's own devices, per Venus device class (venus-dbus-mqtt.md
// §2.5, §2.9): the GUI and VRM key a device by class and instance, so two devices of one class
// must never share one. Derived instances (naming.h) are a hash into 32 slots and can collide;
// localsettings resolves collisions itself when it is on the bus, this covers the rest.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace vreglink::daemon {

class InstanceRegistry {
  public:
    // `preferred` if no other owner holds it in `serviceType`; else the next free instance in
    // preferred's block of 32 (the derived ranges 256..287 and 288..319), wrapping around.
    // `preferred` when the whole block is taken.
    std::int32_t freeInstance(std::string_view serviceType, std::int32_t preferred,
                              std::string_view owner) const;
    // Another owner holding `instance` in `serviceType`, if any.
    std::optional<std::string> holder(std::string_view serviceType, std::int32_t instance,
                                      std::string_view except) const;

    // `owner` (a device path) now holds `instance`; replaces what it held before.
    void hold(const std::string& owner, std::string serviceType, std::int32_t instance);
    void release(std::string_view owner);

  private:
    std::map<std::string, std::pair<std::string, std::int32_t>, std::less<>> held_;
};

}  // namespace vreglink::daemon
