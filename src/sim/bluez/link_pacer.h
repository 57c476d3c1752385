// Connection events of one simulated LE link (ble-gatt.md §1.3: a 15 ms interval): host writes
// reach the peripheral, and its notifications reach BlueZ, only in connection events, a few
// packets per event, so throughput is that of the real radio. An asio timer on the one loop; no
// threads, no sleeps (DESIGN.md "Runtime").
#pragma once

#include "sim/bluez/gatt_peripheral.h"
#include "sim/bluez/radio_knobs.h"

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <string>

namespace vreglink::sim::bluez {

struct AirPacket {
    std::string characteristicUuid;
    Bytes value;
};

class LinkPacer {
  public:
    using Deliver = std::function<void(const AirPacket&)>;
    // Events fall on anchor + k × interval, the anchor being the connection's start.
    LinkPacer(asio::io_context& io, const RadioKnobs& knobs, Deliver toPeripheral, Deliver toHost);
    ~LinkPacer();
    LinkPacer(const LinkPacer&) = delete;
    LinkPacer& operator=(const LinkPacer&) = delete;

    void hostWrite(AirPacket packet);
    void peripheralNotify(AirPacket packet);
    std::size_t queued() const { return writes_.size() + notifications_.size(); }

  private:
    void arm();
    void onEvent();

    const RadioKnobs& knobs_;
    Deliver toPeripheral_;
    Deliver toHost_;
    asio::steady_timer timer_;
    std::chrono::steady_clock::time_point anchor_;
    std::deque<AirPacket> writes_;
    std::deque<AirPacket> notifications_;
    bool armed_ = false;
    // Timer completions already queued when the pacer goes find it expired and do nothing.
    std::shared_ptr<char> alive_ = std::make_shared<char>();
};

}  // namespace vreglink::sim::bluez
