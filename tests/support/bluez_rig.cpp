#include "bluez_rig.h"

#include "run_loop.h"

namespace vreglink::testing {

BluezRig::BluezRig() : bus_{bus::BusSpec::Kind::Address, daemon_.address()} {}

std::optional<std::string> BluezRig::start() {
    if (!daemon_.ok()) return "the private dbus-daemon did not start";
    auto sim = sim::bluez::BluezSimulator::start(io_, bus_);
    if (!sim) return sim.error();
    sim_ = std::move(*sim);
    return std::nullopt;
}

std::optional<std::string> BluezRig::add(std::unique_ptr<sim::bluez::GattPeripheral> peripheral,
                                         bool discoverable) {
    if (!sim_) return "the simulator is not started";
    if (!peripheral) return "no peripheral";
    auto added = sim_->addPeripheral(std::move(peripheral), discoverable);
    if (!added) return added.error();
    return std::nullopt;
}

link::BleLinkOptions BluezRig::linkOptions(std::optional<std::uint32_t> pin) const {
    link::BleLinkOptions o;
    o.bus = bus_;
    o.passkey = pin;
    o.searchTimeout = std::chrono::seconds(2);
    o.reconnectMin = std::chrono::milliseconds(50);
    o.reconnectMax = std::chrono::milliseconds(200);
    return o;
}

bool BluezRig::runUntil(const std::function<bool()>& done, std::chrono::milliseconds limit) {
    return vreglink::testing::runUntil(io_, done, limit);
}

}  // namespace vreglink::testing
