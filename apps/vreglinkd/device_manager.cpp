#include "device_manager.h"

#include "core/log.h"

#include <fmt/format.h>

#include <set>

namespace vreglink::daemon {

DeviceManager::DeviceManager(asio::io_context& io, bus::BusSpec bus, bus::BusConnection* client,
                             venus::DeviceDirectory* directory, std::function<void()> onChange)
    : io_(io),
      onChange_(std::move(onChange)),
      environment_{std::move(bus), client, &instances_, directory} {}

DeviceManager::~DeviceManager() {
    clear();
}

void DeviceManager::apply(const Config& config) {
    const DevicePolicy policy{config.readOnly, config.budget};
    std::set<std::string> wanted;
    for (const auto& device : config.devices) wanted.insert(device.key());

    for (auto it = devices_.begin(); it != devices_.end();) {
        if (!wanted.contains(it->first)) {
            logInfo("{}: no longer configured", it->first);
            it = devices_.erase(it);
        } else {
            ++it;
        }
    }
    for (const auto& device : config.devices) {
        auto it = devices_.find(device.key());
        if (it != devices_.end() && !it->second->config().sameSession(device)) {
            // Link options are fixed per session: a new timeout or PIN means a new session.
            logInfo("{}: link settings changed, reopening", device.key());
            devices_.erase(it);
            it = devices_.end();
        }
        if (it == devices_.end()) {
            devices_.emplace(device.key(), std::make_unique<ManagedDevice>(
                                               io_, environment_, device, policy, onChange_));
            continue;
        }
        it->second->setPolicy(policy);
        it->second->setNaming(device);
    }
    if (onChange_) onChange_();
}

void DeviceManager::clear() {
    devices_.clear();
}

std::size_t DeviceManager::published() const {
    std::size_t n = 0;
    for (const auto& [path, device] : devices_) {
        if (device->phase() == ManagedDevice::Phase::Published) ++n;
    }
    return n;
}

std::string DeviceManager::status() const {
    return fmt::format("{} of {} device(s) on the bus", published(), configured());
}

}  // namespace vreglink::daemon
