// Every configured device of the daemon, kept in step with the config (start-up and SIGHUP).
#pragma once

#include "bus/bus_connection.h"
#include "config.h"
#include "instance_registry.h"
#include "managed_device.h"

#include <asio/io_context.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>

namespace vreglink::daemon {

class DeviceManager {
  public:
    // `directory` (may be null) lists the devices whose service is on the bus; it outlives the
    // manager.
    DeviceManager(asio::io_context& io, bus::BusSpec bus, bus::BusConnection* client,
                  venus::DeviceDirectory* directory, std::function<void()> onChange);
    ~DeviceManager();

    // Adds new devices, removes those no longer configured, applies read_only/budget to the
    // running ones, re-creates a device whose timeouts changed. Requests to devices that stay are
    // not disturbed.
    void apply(const Config& config);
    void clear();

    std::size_t configured() const { return devices_.size(); }
    std::size_t published() const;
    std::string status() const;  // for systemd STATUS=

  private:
    asio::io_context& io_;
    std::function<void()> onChange_;
    InstanceRegistry instances_;  // before the devices: they release into it when destroyed
    DeviceEnvironment environment_;
    std::map<std::string, std::unique_ptr<ManagedDevice>> devices_;  // by DeviceConfig::key()
};

}  // namespace vreglink::daemon
