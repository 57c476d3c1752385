// The BlueZ simulator on a private dbus-daemon, on the test's own loop: what every in-process
// Bluetooth test (link, device session, simulated peripherals) stands on. Members are destroyed
// in reverse: the simulator, then the loop, then the daemon.
#pragma once

#include "bus/bus_spec.h"
#include "dbus_daemon.h"
#include "link/ble_link.h"
#include "sim/bluez/bluez_simulator.h"

#include <asio/io_context.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace vreglink::testing {

class BluezRig {
  public:
    BluezRig();  // starts the daemon only (tests of "no BlueZ on the bus" stop there)
    bool ok() const { return daemon_.ok(); }
    // Starts org.bluez on the daemon; the error text when it cannot.
    std::optional<std::string> start();
    // Hosts a peripheral (discoverable: appears only once a client discovers); the error text
    // when the simulator refuses it.
    std::optional<std::string> add(std::unique_ptr<sim::bluez::GattPeripheral> peripheral,
                                   bool discoverable = false);

    asio::io_context& io() { return io_; }
    const bus::BusSpec& bus() const { return bus_; }
    const std::string& address() const { return daemon_.address(); }
    sim::bluez::BluezSimulator& sim() { return *sim_; }
    // Link options for this rig's bus with test-sized waits: 2 s search, 50-200 ms backoff.
    link::BleLinkOptions linkOptions(std::optional<std::uint32_t> pin) const;
    bool runUntil(const std::function<bool()>& done,
                  std::chrono::milliseconds limit = std::chrono::seconds(15));

  private:
    DbusDaemon daemon_;
    asio::io_context io_;
    bus::BusSpec bus_;
    std::unique_ptr<sim::bluez::BluezSimulator> sim_;
};

}  // namespace vreglink::testing
