// The CLI's handle on one device: the event loop plus the device session, with blocking helpers
// that run the loop until a reply arrives. The loop stays the only thing that waits (fd or timer);
// the CLI simply has nothing else to do meanwhile.
#pragma once

#include "bus/bus_connection.h"
#include "core/result.h"
#include "device/device.h"
#include "device/vedirect_device.h"

#include <asio/io_context.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>

namespace vreglink::cli {

struct ConnectionOptions {
    std::chrono::milliseconds timeout{1000};
    unsigned retries = 2;
    bool printStats = false;  // --stats: link and decoder counters on stderr when done
    // --dbus[=BUS]: PORT is a vreglinkd service ("solarcharger.ttyUSB0" or the full name) on this
    // bus ("system", "session" or an address) instead of a serial port.
    std::optional<std::string> dbus;
};

class DeviceConnection {
  public:
    // Opens PORT (a serial path, or with options.dbus a D-Bus service). Fails at once with a clear
    // message when it cannot be opened.
    static Result<std::unique_ptr<DeviceConnection>> open(const std::string& port,
                                                          const ConnectionOptions& options);

    device::VregReply get(VregId id);
    device::VregReply set(VregId id, Bytes value);
    device::VregReply command(vedirect::HexCommand cmd);

    // Gets every id, keeping a few requests queued so the wire never idles between them
    // (the dump target: within 1.2x of the wire time). `onReply` runs in request order.
    void getMany(std::span<const VregId> ids,
                 const std::function<void(std::size_t index, const device::VregReply&)>& onReply);

    // Runs the event loop until `stop` returns true or `limit` passes (monitor).
    void runUntil(const std::function<bool()>& stop, std::chrono::steady_clock::duration limit);

    ~DeviceConnection();
    DeviceConnection(const DeviceConnection&) = delete;
    DeviceConnection& operator=(const DeviceConnection&) = delete;

    device::Device& device() { return *device_; }
    // The VE.Direct session (HEX commands, TEXT, stats); null when going through D-Bus.
    device::VeDirectDevice* vedirect() { return vedirect_; }
    // The bus when going through vreglinkd, else null; service() is the full service name.
    bus::BusConnection* bus() { return bus_.get(); }
    const std::string& service() const { return service_; }
    const ConnectionOptions& options() const { return options_; }
    asio::io_context& io() { return io_; }

  private:
    DeviceConnection() = default;
    device::VregReply wait(const std::function<void(device::ReplyHandler)>& start);

    Result<bool> openVeDirect(const std::string& port);
    Result<bool> openDbus(const std::string& bus, const std::string& service);

    // Destroyed in reverse: the device, then the bus, then the loop they run on.
    asio::io_context io_;
    std::unique_ptr<bus::BusConnection> bus_;
    std::unique_ptr<device::Device> device_;
    device::VeDirectDevice* vedirect_ = nullptr;
    std::string service_;
    ConnectionOptions options_;
    std::chrono::steady_clock::time_point opened_;
};

}  // namespace vreglink::cli
