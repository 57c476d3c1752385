#include "device_connection.h"

#include "dbus/vreglink_client.h"

#include <fmt/format.h>
#include <asio/steady_timer.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <deque>
#include <optional>

namespace vreglink::cli {

Result<std::unique_ptr<DeviceConnection>> DeviceConnection::open(const std::string& port,
                                                                 const ConnectionOptions& options) {
    std::unique_ptr<DeviceConnection> c(new DeviceConnection());
    c->options_ = options;
    auto opened = options.dbus ? c->openDbus(*options.dbus, port) : c->openVeDirect(port);
    if (!opened) return Error{opened.error()};
    c->opened_ = std::chrono::steady_clock::now();
    return c;
}

Result<bool> DeviceConnection::openVeDirect(const std::string& port) {
    device::VeDirectOptions deviceOptions;
    deviceOptions.timeout = options_.timeout;
    deviceOptions.retries = options_.retries;
    auto device = std::make_unique<device::VeDirectDevice>(io_, port, deviceOptions);
    if (auto error = device->open()) return Error{*error};
    vedirect_ = device.get();
    device_ = std::move(device);
    return true;
}

Result<bool> DeviceConnection::openDbus(const std::string& bus, const std::string& service) {
    auto spec = bus::BusSpec::parse(bus);
    if (!spec) return Error{spec.error()};
    auto connection = bus::BusConnection::open(io_, *spec);
    if (!connection) return Error{connection.error()};
    bus_ = std::move(connection).value();
    service_ = dbus::expandServiceName(service);
    // vreglinkd answers every call within its own budget (3 s by default) with a VregLink code;
    // the D-Bus timeout only guards against a daemon that is gone or stuck.
    const auto tries = static_cast<int>(options_.retries) + 1;
    device_ = std::make_unique<dbus::VregLinkClient>(
        io_, *bus_, service_,
        std::max(options_.timeout * tries, std::chrono::milliseconds(3000)) +
            std::chrono::milliseconds(1000));
    return true;
}

DeviceConnection::~DeviceConnection() {
    if (!options_.printStats || vedirect_ == nullptr) return;
    // One JSON line on stderr, so scripts and the dump benchmark can read the wire figures.
    const auto& s = vedirect_->stats();
    const auto& d = vedirect_->decoderCounters();
    const nlohmann::json j{
        {"stats",
         {{"seconds",
           std::chrono::duration<double>(std::chrono::steady_clock::now() - opened_).count()},
          {"bytes_sent", s.bytesSent},
          {"bytes_received", s.bytesReceived},
          {"requests", s.requests},
          {"retries", s.retries},
          {"timeouts", s.timeouts},
          {"text_blocks", d.textBlocks},
          {"hex_frames", d.hexFrames},
          {"rejected", d.rejectedTotal()}}}};
    fmt::print(stderr, "{}\n", j.dump());
}

device::VregReply DeviceConnection::wait(const std::function<void(device::ReplyHandler)>& start) {
    std::optional<device::VregReply> result;
    start([&result](const device::VregReply& reply) { result = reply; });
    io_.restart();
    while (!result) {
        // The session always has a timer armed while a request is pending, so run_one() returning
        // 0 (no work at all) means a broken promise in the device layer: report, don't hang.
        if (io_.run_one() == 0) {
            return {VregStatus::timeout(), {}, "internal error: request was never answered"};
        }
    }
    return *result;
}

device::VregReply DeviceConnection::get(VregId id) {
    return wait([&](device::ReplyHandler done) { device_->get(id, std::move(done)); });
}

device::VregReply DeviceConnection::set(VregId id, Bytes value) {
    return wait(
        [&](device::ReplyHandler done) { device_->set(id, std::move(value), std::move(done)); });
}

device::VregReply DeviceConnection::command(vedirect::HexCommand cmd) {
    if (vedirect_ == nullptr) {
        return {VregStatus::notSupported(), {}, "HEX commands need a VE.Direct port"};
    }
    return wait([&](device::ReplyHandler done) { vedirect_->command(cmd, std::move(done)); });
}

void DeviceConnection::getMany(
    std::span<const VregId> ids,
    const std::function<void(std::size_t, const device::VregReply&)>& onReply) {
    // A window keeps the next requests queued while some are on the wire; the session sends them
    // the moment earlier replies are matched (VE.Direct: one at a time; Bluetooth: whole
    // transfers). Replies are re-ordered into request order.
    const std::size_t kWindow = std::max<std::size_t>(4, device_->pipelineDepth());
    std::deque<std::optional<device::VregReply>> pending;  // index = next + offset
    std::size_t nextToSend = 0;
    std::size_t nextToReport = 0;
    std::size_t outstanding = 0;

    auto send = [&](std::size_t index) {
        pending.emplace_back();
        ++outstanding;
        device_->get(ids[index], [&, index](const device::VregReply& reply) {
            pending[index - nextToReport] = reply;
            --outstanding;
        });
    };
    io_.restart();
    while (nextToReport < ids.size()) {
        while (nextToSend < ids.size() && outstanding < kWindow) send(nextToSend++);
        if (io_.run_one() == 0) {
            // Same broken-promise guard as wait(): answer the rest rather than hang.
            for (; nextToReport < ids.size(); ++nextToReport) {
                onReply(nextToReport, {VregStatus::timeout(), {}, "internal error: no answer"});
            }
            return;
        }
        while (!pending.empty() && pending.front()) {
            onReply(nextToReport, *pending.front());
            pending.pop_front();
            ++nextToReport;
        }
    }
}

void DeviceConnection::runUntil(const std::function<bool()>& stop,
                                std::chrono::steady_clock::duration limit) {
    asio::steady_timer deadline(io_, limit);
    bool expired = false;
    deadline.async_wait([&](const asio::error_code& ec) {
        if (!ec) expired = true;
    });
    // A periodic tick lets `stop` (e.g. a signal flag) be checked even when the line is quiet.
    asio::steady_timer tick(io_);
    std::function<void()> arm = [&] {
        tick.expires_after(std::chrono::milliseconds(100));
        tick.async_wait([&](const asio::error_code& ec) {
            if (!ec) arm();
        });
    };
    arm();
    io_.restart();
    while (!expired && !stop()) io_.run_one();
    deadline.cancel();
    tick.cancel();
    // Let the cancelled handlers run so nothing refers to the locals above afterwards.
    io_.restart();
    io_.poll();
}

}  // namespace vreglink::cli
