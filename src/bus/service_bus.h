// The raw sd-bus connection of one Venus service (DESIGN.md "Runtime"): opened on the bus a
// BusSpec names, driven by the asio loop (bus_loop.h), owning its well-known name. Services use
// sd-bus directly because sdbus-c++ 1.2 has no fallback vtables, and one object per path cost
// ~5.7 KB each (venus-dbus-mqtt.md §9 hint). Internal to the dbus module.
#pragma once

#include "bus/bus_spec.h"
#include "core/result.h"

#include <asio/io_context.hpp>

#include <memory>
#include <string>

struct sd_bus;

namespace vreglink::bus {

class BusLoop;

class ServiceBus {
  public:
    static Result<std::unique_ptr<ServiceBus>> open(asio::io_context& io, const BusSpec& bus);
    // Stops the loop and closes the connection (queued output is flushed first).
    ~ServiceBus();
    ServiceBus(const ServiceBus&) = delete;
    ServiceBus& operator=(const ServiceBus&) = delete;

    sd_bus* raw() const { return bus_; }

    // Requests a well-known name without queueing: a name already owned fails at once
    // (velib registers with do_not_queue, venus-dbus-mqtt.md §2.1).
    Result<bool> requestName(const std::string& name);
    void releaseName(const std::string& name);

    // Call after sending from outside a D-Bus callback (a deferred reply, a signal from a timer):
    // output may be queued, and the loop must wait for writability to flush it.
    void wake();

  private:
    ServiceBus(sd_bus* bus, std::shared_ptr<BusLoop> loop) : bus_(bus), loop_(std::move(loop)) {}
    sd_bus* bus_;  // owned by the loop's pump
    std::shared_ptr<BusLoop> loop_;
};

}  // namespace vreglink::bus
