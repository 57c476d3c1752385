// One sd-bus connection (sdbus-c++) driven by the project's asio loop: the connection's fd and
// timeout become asio waits and every sdbus-c++ callback runs on the loop thread (DESIGN.md
// "Runtime"). sdbus-c++ throws; this is the edge where that becomes error values.
#pragma once

#include "bus/bus_spec.h"
#include "core/result.h"

#include <asio/io_context.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace sdbus {
class IConnection;
}

namespace vreglink::bus {

// A client connection (sdbus-c++ proxies: the CLI, the settings negotiation, tests). Services
// own their names on a ServiceBus (service_bus.h) instead.
class BusConnection {
  public:
    static Result<std::unique_ptr<BusConnection>> open(asio::io_context& io, const BusSpec& bus);
    ~BusConnection();
    BusConnection(const BusConnection&) = delete;
    BusConnection& operator=(const BusConnection&) = delete;

    sdbus::IConnection& sdbus();
    std::string uniqueName() const;

    // Call after sending from outside a D-Bus callback (a deferred method reply, a signal from a
    // timer): output may be queued, and the loop must wait for writability to flush it.
    void wake();

  private:
    struct Impl;
    explicit BusConnection(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace vreglink::bus
