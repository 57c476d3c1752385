// A link to one VictronConnect peripheral through BlueZ's D-Bus API (org.bluez on the system bus,
// or whatever bus the options name; ble-gatt.md §1, §3.4). It finds the device (discovery when
// BlueZ does not know it yet), connects, pairs with the passkey through an org.bluez.Agent1 it
// registers itself, waits for the services, finds the CTRL/LAST/MORE characteristics by UUID
// (never by handle, §1.2), enables their notifications, and then moves chunks: writes without
// response on LAST/MORE/CTRL, notifications to the listener. The chunk size comes from the
// characteristic's MTU (ATT MTU − 3, §1.3; 20 when BlueZ does not say).
//
// Disconnects are normal (§3.3): the link reports them and reconnects with backoff. A refused
// passkey is final (retrying a wrong PIN only locks the device): reported as fatal, no retry.
// Everything runs on the io_context thread; nothing waits except on the bus fd and timers.
#pragma once

#include "bus/bus_spec.h"
#include "core/bytes.h"
#include "link/ble_address.h"

#include <asio/io_context.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace vreglink::link {

// The three characteristics of the 306b0001 service (§1.1, §2.2).
enum class GattChannel : std::uint8_t { Ctrl, Last, More };

enum class BleLinkState : std::uint8_t {
    Stopped,
    Searching,   // asking BlueZ, discovering if it does not know the device
    Connecting,  // Device1.Connect
    Pairing,     // Device1.Pair, passkey through our agent
    Resolving,   // waiting for ServicesResolved, finding characteristics, StartNotify
    Ready,       // chunks flow
    Waiting,     // lost; reconnecting after a backoff delay
    Failed,      // final (wrong PIN): no retry until start() again
};
const char* bleLinkStateName(BleLinkState state);

struct BleLinkOptions {
    bus::BusSpec bus{};                    // BlueZ lives on the system bus
    std::string adapter;                   // "hci0"; empty = the first adapter BlueZ lists
    std::optional<std::uint32_t> passkey;  // the device's 6-digit PIN
    std::chrono::milliseconds searchTimeout{15000};
    std::chrono::milliseconds callTimeout{30000};  // Connect and Pair can take seconds
    std::chrono::milliseconds reconnectMin{1000};
    std::chrono::milliseconds reconnectMax{30000};
};

class BleLinkListener {
  public:
    virtual ~BleLinkListener() = default;
    // Notifications are on; writes of up to `chunkSize` bytes go through.
    virtual void onBleReady(std::size_t chunkSize) = 0;
    virtual void onBleNotification(GattChannel channel, ByteView data) = 0;
    // The link went down (or could not come up); `fatal`: it will not retry.
    virtual void onBleLost(std::string_view reason, bool fatal) = 0;
};

struct BleLinkCounters {
    std::uint64_t connects = 0;
    std::uint64_t losses = 0;
    std::uint64_t writes = 0;
    std::uint64_t writeErrors = 0;
    std::uint64_t notifications = 0;
};

class BleLink {
  public:
    BleLink(asio::io_context& io, BleAddress address, BleLinkOptions options,
            BleLinkListener& listener);
    ~BleLink();
    BleLink(const BleLink&) = delete;
    BleLink& operator=(const BleLink&) = delete;

    void start();
    void stop();  // disconnects the device and unregisters the agent

    // A write without response (Write Command, §1.1) of one chunk; false when not Ready or the
    // chunk is longer than chunkSize(). Chunks are sent in call order.
    bool write(GattChannel channel, ByteView chunk);

    BleLinkState state() const;
    std::size_t chunkSize() const;
    const BleLinkCounters& counters() const;
    const BleAddress& address() const;

  private:
    struct Impl;
    std::shared_ptr<Impl> impl_;
};

}  // namespace vreglink::link
