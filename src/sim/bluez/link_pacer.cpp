#include "sim/bluez/link_pacer.h"

#include <algorithm>

namespace vreglink::sim::bluez {

LinkPacer::LinkPacer(asio::io_context& io, const RadioKnobs& knobs, Deliver toPeripheral,
                     Deliver toHost)
    : knobs_(knobs),
      toPeripheral_(std::move(toPeripheral)),
      toHost_(std::move(toHost)),
      timer_(io),
      anchor_(std::chrono::steady_clock::now()) {}

LinkPacer::~LinkPacer() {
    alive_.reset();
    timer_.cancel();
}

void LinkPacer::hostWrite(AirPacket packet) {
    writes_.push_back(std::move(packet));
    arm();
}

void LinkPacer::peripheralNotify(AirPacket packet) {
    notifications_.push_back(std::move(packet));
    arm();
}

void LinkPacer::arm() {
    if (armed_ || queued() == 0) return;
    // The next connection event strictly after now: a packet queued during an event waits for
    // the following one, as on the air.
    const auto interval = std::max(knobs_.connectionInterval, std::chrono::milliseconds(1));
    const auto now = std::chrono::steady_clock::now();
    const auto elapsed = now - anchor_;
    const auto events = elapsed / interval + 1;
    armed_ = true;
    timer_.expires_at(anchor_ + events * interval);
    timer_.async_wait([this, alive = std::weak_ptr<char>(alive_)](const std::error_code& ec) {
        if (ec || alive.expired()) return;
        onEvent();
    });
}

void LinkPacer::onEvent() {
    armed_ = false;
    const std::weak_ptr<char> alive = alive_;
    const unsigned packets = std::max(knobs_.packetsPerEvent, 1U);
    // Delivery may end the link (the peripheral disconnects, the test forces it): stop then.
    for (unsigned i = 0; i < packets && !writes_.empty() && !alive.expired(); ++i) {
        AirPacket packet = std::move(writes_.front());
        writes_.pop_front();
        toPeripheral_(packet);
    }
    for (unsigned i = 0; i < packets && !notifications_.empty() && !alive.expired(); ++i) {
        AirPacket packet = std::move(notifications_.front());
        notifications_.pop_front();
        toHost_(packet);
    }
    if (!alive.expired()) arm();
}

}  // namespace vreglink::sim::bluez
