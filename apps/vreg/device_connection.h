// The CLI's handle on one device: the event loop plus the device session, with blocking helpers
// that run the loop until a reply arrives. The loop stays the only thing that waits (fd or timer);
// the CLI simply has nothing else to do meanwhile.
#pragma once

#include "bus/bus_connection.h"
#include "core/result.h"
#include "device/ble_device.h"
#include "device/device.h"
#include "device/vedirect_device.h"
#include "mqtt_connect.h"
#include "mqttgw/rpc_client.h"
#include "mqttgw/rpc_device.h"

#include <asio/io_context.hpp>

#include <chrono>
#include <cstdint>
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
    // Bluetooth (PORT "ble:AA:BB:CC:DD:EE:FF"): the passkey (--pin) and how long BlueZ may search
    // for a device it does not know yet (--ble-search-seconds).
    std::optional<std::uint32_t> pin;
    std::chrono::milliseconds bleSearch{10000};
    // --mqtt HOST[:PORT]: PORT is a device of a remote vreglinkd ("<portal>/<type>/<instance>",
    // or "<type>/<instance>" with --portal), reached through VregLink RPC on this broker.
    std::optional<MqttTarget> mqtt;
};

// "ble:AA:BB:CC:DD:EE:FF" (any case): a Bluetooth device rather than a serial port.
bool isBlePort(const std::string& port);

// Wall time and, for Bluetooth, the radio chunks of the last getMany (a dump): the benchmark
// compares these with the air time (--stats "batch").
struct BatchStats {
    double seconds = 0;
    std::uint64_t chunksSent = 0;
    std::uint64_t chunksReceived = 0;
};

class DeviceConnection {
  public:
    // Opens PORT (a serial path, "ble:ADDRESS", with options.dbus a D-Bus service, with
    // options.mqtt a remote device). Fails at once with a clear message when it cannot be opened;
    // a Bluetooth device is connected (and paired) and an MQTT broker session is up before this
    // returns, or it fails with the reason the link or broker gave.
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
    // The Bluetooth session (stats, pushed values); null on other links.
    device::BleDevice* ble() { return ble_; }
    // The broker session when going through MQTT, else null.
    mqtt::Client* mqttClient() { return mqtt_.get(); }
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
    Result<bool> openBle(const std::string& port);
    Result<bool> openMqtt(const std::string& port);
    void printStats() const;

    // Destroyed in reverse: the device, then the RPC client, the MQTT client or the bus, then
    // the loop they run on.
    asio::io_context io_;
    std::unique_ptr<bus::BusConnection> bus_;
    std::unique_ptr<mqtt::Client> mqtt_;
    std::unique_ptr<mqttgw::RpcClient> rpc_;
    std::unique_ptr<device::Device> device_;
    device::VeDirectDevice* vedirect_ = nullptr;
    device::BleDevice* ble_ = nullptr;
    std::optional<BatchStats> batch_;
    std::string service_;
    ConnectionOptions options_;
    std::chrono::steady_clock::time_point opened_;
};

}  // namespace vreglink::cli
