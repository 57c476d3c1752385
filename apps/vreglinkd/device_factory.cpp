#include "device_factory.h"

#include "core/log.h"

#include "device/ble_device.h"
#include "device/vedirect_device.h"

#include <algorithm>

namespace vreglink::daemon {
namespace {

void startVeDirect(asio::io_context& io, const DeviceConfig& config,
                   device::DeviceListener& listener, std::unique_ptr<device::Device>& slot) {
    device::VeDirectOptions options;
    options.timeout = config.timeout;
    options.retries = config.retries;
    auto owned = std::make_unique<device::VeDirectDevice>(io, config.path, options);
    auto& device = *owned;
    slot = std::move(owned);
    device.addListener(&listener);
    if (auto error = device.open()) {
        logWarning("{}: {} (will keep trying)", config.key(), *error);
    }
}

void startBle(asio::io_context& io, const DeviceConfig& config, device::DeviceListener& listener,
              std::unique_ptr<device::Device>& slot) {
    device::BleDeviceOptions options;
    options.address = link::BleAddress::parse(config.address)
                          .value_or(link::BleAddress{});  // parseConfig validated it
    options.passkey = config.pin;
    options.adapter = config.adapter;
    // BlueZ is on the system bus: the default BusSpec (DBUS_SYSTEM_BUS_ADDRESS when set).
    options.timeout = std::max(config.timeout, kBleMinTimeout);
    options.retries = config.retries;
    auto owned = std::make_unique<device::BleDevice>(io, std::move(options));
    auto& device = *owned;
    slot = std::move(owned);
    device.addListener(&listener);
    device.start();
}

}  // namespace

void startDevice(asio::io_context& io, const DeviceConfig& config, device::DeviceListener& listener,
                 std::unique_ptr<device::Device>& slot) {
    switch (config.type) {
        case DeviceType::VeDirect:
            startVeDirect(io, config, listener, slot);
            return;
        case DeviceType::Ble:
            startBle(io, config, listener, slot);
            return;
    }
}

}  // namespace vreglink::daemon
