// A VictronConnect Bluetooth device session (issue 4 part 3; ble-gatt.md §3, §4, §5): a Device over
// link::BleLink and the ble codec. On every link-up it runs the minimal init sequence of §3.4,
// then pipelines queued requests — as many as fit into one transfer, one register per GetValues
// message like the app (§3.1 step 9) — to the product instance (§4.3), matches answers on
// (instance, register), and keeps the link alive with the 0x0093 set + `F9 41` (§3.3).
#pragma once

#include "bus/bus_spec.h"
#include "device/device.h"
#include "link/ble_address.h"

#include <asio/io_context.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace vreglink::device {

struct BleDeviceOptions {
    link::BleAddress address;
    std::optional<std::uint32_t> passkey;     // the device's 6-digit PIN
    bus::BusSpec bus{};                       // BlueZ lives on the system bus
    std::string adapter;                      // empty: the first adapter BlueZ lists
    std::chrono::milliseconds timeout{2000};  // per try
    unsigned retries = 2;                     // tries = 1 + retries
    std::size_t queueLimit = 64;              // queued + in flight; beyond: 0x8200 busy
    std::size_t maxRequestsPerTransfer = 20;  // the app sends ~20-26 Gets per transfer (§3.1)
    // Request transfers outstanding at once: 2 keeps the radio busy in both directions.
    std::size_t transfersInFlight = 2;
    // §3.3: the app sets 10000 ms and refreshes every ~3.4 s (≤ ⅓ of the timeout).
    std::chrono::milliseconds keepAlivePeriod{3000};
    std::uint16_t keepAliveValueMs = 10000;
    std::chrono::milliseconds deviceListWait{1000};  // §3.4: wait ≤ 1 s for `02`
    // §4.4.5: a set's success answer was never captured; when neither an `08` echo nor a
    // `09 … 0` came within this window, the value is read back and compared.
    std::chrono::milliseconds setConfirmWindow{500};
    // Link tuning (link::BleLinkOptions).
    std::chrono::milliseconds searchTimeout{15000};
    std::chrono::milliseconds reconnectMin{1000};
    std::chrono::milliseconds reconnectMax{30000};
    // On destruction, post 0x8400 "device closed" to every pending request (see VeDirectOptions).
    bool answerPendingOnDestroy = true;
};

struct BleDeviceStats {
    std::uint64_t requests = 0;
    std::uint64_t retries = 0;
    std::uint64_t timeouts = 0;          // requests answered 0x8400 after all tries
    std::uint64_t transfersSent = 0;     // request transfers (init and keep-alive included)
    std::uint64_t requestTransfers = 0;  // transfers carrying queued requests
    std::uint64_t readBacks = 0;         // sets confirmed by reading back (§4.4.5)
    std::uint64_t keepAlives = 0;
    std::uint64_t pushes = 0;             // `08` values not answering a request
    std::uint64_t initRuns = 0;           // times the §3.4 sequence ran (one per link-up)
    std::uint64_t dropped = 0;            // transfers / bytes the assembler threw away
    std::uint64_t rejectedTransfers = 0;  // did not decode to their end: nothing used
    // On the air, all three characteristics: one chunk is one ATT packet (the dump benchmark).
    std::uint64_t chunksSent = 0;
    std::uint64_t chunksReceived = 0;
    std::uint64_t bytesSent = 0;
    std::uint64_t bytesReceived = 0;
};

class BleDevice final : public Device {
  public:
    BleDevice(asio::io_context& io, BleDeviceOptions options);
    ~BleDevice() override;
    BleDevice(const BleDevice&) = delete;
    BleDevice& operator=(const BleDevice&) = delete;

    // Starts the link (search, connect, pair, init); it reconnects by itself until stop().
    void start();
    void stop();  // pending requests are answered 0x8400

    void get(VregId id, ReplyHandler done) override;
    void set(VregId id, Bytes value, ReplyHandler done) override;

    LinkState linkState() const override;
    std::size_t pipelineDepth() const override;
    void addListener(DeviceListener* listener) override;
    void removeListener(DeviceListener* listener) override;

    // The instance requests are addressed to (§4.3): the device-list entry flagged 1, else 0.
    std::uint32_t productInstance() const;
    const BleDeviceStats& stats() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace vreglink::device
