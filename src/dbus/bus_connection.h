// One sd-bus connection (sdbus-c++) driven by the project's asio loop: the connection's fd and
// timeout become asio waits and every sdbus-c++ callback runs on the loop thread (DESIGN.md
// "Runtime"). sdbus-c++ throws; this is the edge where that becomes error values.
#pragma once

#include "core/result.h"

#include <asio/io_context.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace sdbus {
class IConnection;
}

namespace vreglink::dbus {

// Which bus: the system bus (default; honours DBUS_SYSTEM_BUS_ADDRESS, as sd-bus does), the
// session bus, or an explicit address ("unix:path=/run/x/bus").
struct BusSpec {
    enum class Kind : std::uint8_t { System, Session, Address };
    Kind kind = Kind::System;
    std::string address;  // Kind::Address only

    // "system", "session", or anything containing ':' as an address.
    static Result<BusSpec> parse(std::string_view text);
    std::string describe() const;  // "system bus", "bus unix:path=…"
};

class BusConnection {
  public:
    static Result<std::unique_ptr<BusConnection>> open(asio::io_context& io, const BusSpec& bus);
    ~BusConnection();
    BusConnection(const BusConnection&) = delete;
    BusConnection& operator=(const BusConnection&) = delete;

    sdbus::IConnection& sdbus();
    std::string uniqueName() const;

    // Requests a well-known name without queueing: a name already owned fails at once
    // (velib registers with do_not_queue, venus-dbus-mqtt.md §2.1).
    Result<bool> requestName(const std::string& name);
    void releaseName(const std::string& name);

    // Call after sending from outside a D-Bus callback (a deferred method reply, a signal from a
    // timer): output may be queued, and the loop must wait for writability to flush it.
    void wake();

  private:
    struct Impl;
    explicit BusConnection(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace vreglink::dbus
