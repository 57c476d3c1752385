// The client side of com.victronenergy.VregLink (venus-dbus-mqtt.md §3): a device::Device whose
// get/set are GetVreg/SetVreg calls on `<service> /Devices/0/VregLink`, so `vreg --dbus` runs every
// command through vreglinkd unchanged. Plus the discovery `vreg --dbus list` needs.
#pragma once

#include "bus/bus_connection.h"
#include "core/result.h"
#include "device/device.h"

#include <asio/io_context.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vreglink::dbus {

// "solarcharger.ttyUSB0" -> "com.victronenergy.solarcharger.ttyUSB0"; full names unchanged.
std::string expandServiceName(std::string_view name);

class VregLinkClient final : public device::Device {
  public:
    // `call` bounds each D-Bus call; a failed call (no such service, timeout, …) is answered
    // 0x8400 with the D-Bus error message. Replies are posted to `io`, never synchronous.
    VregLinkClient(asio::io_context& io, bus::BusConnection& bus, std::string service,
                   std::chrono::milliseconds call);
    ~VregLinkClient() override;
    VregLinkClient(const VregLinkClient&) = delete;
    VregLinkClient& operator=(const VregLinkClient&) = delete;

    void get(VregId id, device::ReplyHandler done) override;
    void set(VregId id, Bytes value, device::ReplyHandler done) override;

    device::LinkState linkState() const override { return device::LinkState::Connected; }
    // Updates are not forwarded yet (no ItemsChanged subscription): listeners never fire.
    void addListener(device::DeviceListener* /*listener*/) override {}
    void removeListener(device::DeviceListener* /*listener*/) override {}

    const std::string& service() const { return service_; }

  private:
    struct Impl;
    std::string service_;
    std::shared_ptr<Impl> impl_;
};

// What a Venus service says about itself (BusItem GetValue of the /Devices/0 paths' root twins).
struct VenusServiceInfo {
    std::string service;
    std::optional<std::int32_t> productId;
    std::string productName;
    std::string serial;
    std::optional<std::int32_t> deviceInstance;
    std::optional<std::int32_t> firmwareVersion;  // 0x161 for 1.61
};

// Blocking (sd-bus synchronous calls on the loop's connection): for the CLI only.
Result<VenusServiceInfo> readVenusServiceInfo(bus::BusConnection& bus, const std::string& service,
                                              std::chrono::milliseconds call);
// Every com.victronenergy.* name with a /Devices/0/VregLink object, sorted by name.
Result<std::vector<VenusServiceInfo>> listVenusServices(bus::BusConnection& bus,
                                                        std::chrono::milliseconds call);

}  // namespace vreglink::dbus
