#include "device_connection.h"

#include "dbus/vreglink_client.h"

#include <fmt/format.h>
#include <asio/steady_timer.hpp>
#include <nlohmann/json.hpp>

#include <strings.h>
#include <algorithm>
#include <deque>
#include <optional>

namespace vreglink::cli {

namespace {

using namespace std::chrono_literals;

// Connect, pair, resolve services and the §3.4 init, once the device is found: bounded so a
// device that never comes up fails the command instead of hanging it.
constexpr auto kBleConnectBudget = 20s;
// Each transfer is paced at one 20-byte chunk per 15 ms connection event (§1.3): a full request
// transfer alone takes ~0.5 s, so a VE.Direct-sized per-try timeout would only cause retries.
constexpr auto kBleMinTimeout = 2000ms;

// Watches a Bluetooth session while it comes up: the first Connected, or the first failure with
// the reason the link gave (a wrong PIN, a device not found, BlueZ missing). A CLI run makes one
// attempt and reports; the user runs it again rather than waiting through backoffs.
class ConnectWatch final : public device::DeviceListener {
  public:
    void onLinkStateChanged(device::LinkState state, std::string_view reason) override {
        if (state == device::LinkState::Connected) connected = true;
        if (state == device::LinkState::Disconnected && !failure) failure = std::string(reason);
    }
    bool connected = false;
    std::optional<std::string> failure;
};

double secondsBetween(std::chrono::steady_clock::time_point from,
                      std::chrono::steady_clock::time_point to) {
    return std::chrono::duration<double>(to - from).count();
}

}  // namespace

bool isBlePort(const std::string& port) {
    return port.size() > 4 && strncasecmp(port.c_str(), "ble:", 4) == 0;
}

Result<std::unique_ptr<DeviceConnection>> DeviceConnection::open(const std::string& port,
                                                                 const ConnectionOptions& options) {
    std::unique_ptr<DeviceConnection> c(new DeviceConnection());
    c->options_ = options;
    auto opened = options.mqtt      ? c->openMqtt(port)
                  : options.dbus    ? c->openDbus(*options.dbus, port)
                  : isBlePort(port) ? c->openBle(port)
                                    : c->openVeDirect(port);
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

Result<bool> DeviceConnection::openMqtt(const std::string& port) {
    const auto& target = *options_.mqtt;
    auto remote = parseRemoteDevice(port, target.portal);
    if (!remote) return Error{remote.error()};
    const auto timeout = rpcTimeout(options_.timeout, options_.retries);
    auto client = connectBroker(io_, target.client, connectLimit(timeout));
    if (!client) return Error{client.error()};
    mqtt_ = std::move(client).value();
    rpc_ = std::make_unique<mqttgw::RpcClient>(io_, *mqtt_, mqttgw::RpcClientOptions{timeout});
    device_ = std::make_unique<mqttgw::RpcDevice>(*rpc_, remote->portal, remote->deviceKey);
    service_ = remote->portal + "/" + remote->deviceKey;
    return true;
}

Result<bool> DeviceConnection::openBle(const std::string& port) {
    const auto address = link::BleAddress::parse(std::string_view(port).substr(4));
    if (!address) {
        return Error{fmt::format("{}: not a Bluetooth address (ble:AA:BB:CC:DD:EE:FF)", port)};
    }
    device::BleDeviceOptions deviceOptions;
    deviceOptions.address = *address;
    deviceOptions.passkey = options_.pin;
    deviceOptions.timeout = std::max<std::chrono::milliseconds>(options_.timeout, kBleMinTimeout);
    deviceOptions.retries = options_.retries;
    deviceOptions.searchTimeout = options_.bleSearch;
    auto device = std::make_unique<device::BleDevice>(io_, std::move(deviceOptions));
    ConnectWatch watch;
    device->addListener(&watch);
    device->start();
    runUntil([&] { return watch.connected || watch.failure.has_value(); },
             options_.bleSearch + kBleConnectBudget);
    device->removeListener(&watch);
    if (watch.failure) return Error{fmt::format("{}: {}", port, *watch.failure)};
    if (!watch.connected) {
        return Error{fmt::format(
            "{}: not connected within {} s", port,
            std::chrono::duration_cast<std::chrono::seconds>(options_.bleSearch + kBleConnectBudget)
                .count())};
    }
    ble_ = device.get();
    device_ = std::move(device);
    return true;
}

DeviceConnection::~DeviceConnection() {
    if (options_.printStats) printStats();
}

void DeviceConnection::printStats() const {
    // One JSON line on stderr, so scripts and the dump benchmark can read the wire figures.
    const double seconds = secondsBetween(opened_, std::chrono::steady_clock::now());
    nlohmann::json j;
    if (vedirect_ != nullptr) {
        const auto& s = vedirect_->stats();
        const auto& d = vedirect_->decoderCounters();
        j = {{"seconds", seconds},
             {"bytes_sent", s.bytesSent},
             {"bytes_received", s.bytesReceived},
             {"requests", s.requests},
             {"retries", s.retries},
             {"timeouts", s.timeouts},
             {"text_blocks", d.textBlocks},
             {"hex_frames", d.hexFrames},
             {"rejected", d.rejectedTotal()}};
    } else if (ble_ != nullptr) {
        const auto& s = ble_->stats();
        j = {{"seconds", seconds},
             {"chunks_sent", s.chunksSent},
             {"chunks_received", s.chunksReceived},
             {"bytes_sent", s.bytesSent},
             {"bytes_received", s.bytesReceived},
             {"requests", s.requests},
             {"retries", s.retries},
             {"timeouts", s.timeouts},
             {"transfers", s.requestTransfers},
             {"pushes", s.pushes},
             {"dropped", s.dropped},
             {"rejected_transfers", s.rejectedTransfers}};
    } else if (mqtt_ != nullptr) {
        // Through a remote vreglinkd: it owns the link; these are the broker session's figures.
        const auto& s = mqtt_->stats();
        j = {{"seconds", seconds},
             {"mqtt_connect_attempts", s.connectAttempts},
             {"mqtt_connects", s.connects},
             {"mqtt_disconnects", s.disconnects},
             {"mqtt_published", s.published},
             {"mqtt_received", s.receivedMessages},
             {"mqtt_publish_errors", s.publishErrors},
             {"mqtt_queued_sent", s.queuedSent}};
    } else {
        return;  // through vreglinkd: the daemon owns the link and its counters
    }
    if (batch_) {
        nlohmann::json b{{"seconds", batch_->seconds}};
        if (ble_ != nullptr) {
            b["chunks_sent"] = batch_->chunksSent;
            b["chunks_received"] = batch_->chunksReceived;
        }
        j["batch"] = std::move(b);
    }
    fmt::print(stderr, "{}\n", nlohmann::json{{"stats", std::move(j)}}.dump());
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

    // --stats "batch": from the first request to the last reply, with the radio chunks between.
    const auto started = std::chrono::steady_clock::now();
    const auto chunksAtStart = ble_ != nullptr ? ble_->stats() : device::BleDeviceStats{};
    auto batchEnd = [&] {
        BatchStats batch;
        batch.seconds = secondsBetween(started, std::chrono::steady_clock::now());
        if (ble_ != nullptr) {
            batch.chunksSent = ble_->stats().chunksSent - chunksAtStart.chunksSent;
            batch.chunksReceived = ble_->stats().chunksReceived - chunksAtStart.chunksReceived;
        }
        batch_ = batch;
    };

    auto send = [&](std::size_t index) {
        pending.emplace_back();
        ++outstanding;
        device_->get(ids[index], [&, index](const device::VregReply& reply) {
            pending[index - nextToReport] = reply;
            --outstanding;
            batchEnd();  // the last call is the last reply
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
