// DeviceInstance negotiation through com.victronenergy.settings (venus-dbus-mqtt.md §2.9, §9.6):
// AddSetting of /Settings/Devices/<uniqueid>/ClassAndVrmInstance with the default
// "<class>:<proposed instance>", read the value back (the allocator may have changed it), split on
// ':'. A later change of that setting (PropertiesChanged) is reported too. All calls are
// asynchronous on the daemon's client connection: the loop never waits for localsettings.
#pragma once

#include "bus/bus_connection.h"

#include <asio/io_context.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace vreglink::daemon {

class InstanceNegotiator {
  public:
    // `negotiated`: called once, never synchronously, with the instance from the settings
    // service — or `proposed` (fromSettings = false) when there is no settings service or it
    // fails to answer within `timeout`. `changed`: a later change of the setting.
    using Negotiated = std::function<void(std::int32_t instance, bool fromSettings)>;
    using Changed = std::function<void(std::int32_t instance)>;

    InstanceNegotiator(asio::io_context& io, bus::BusConnection& bus, std::string uniqueId,
                       std::string deviceClass, std::int32_t proposed,
                       std::chrono::milliseconds timeout, Negotiated negotiated, Changed changed);
    // Cancels pending calls; no callback runs afterwards.
    ~InstanceNegotiator();
    InstanceNegotiator(const InstanceNegotiator&) = delete;
    InstanceNegotiator& operator=(const InstanceNegotiator&) = delete;

    const std::string& settingPath() const;

  private:
    struct Impl;
    std::shared_ptr<Impl> impl_;
};

// "solarcharger:288" -> 288; nullopt unless "<class>:<0..65535>".
std::optional<std::int32_t> parseClassAndInstance(std::string_view text);

}  // namespace vreglink::daemon
