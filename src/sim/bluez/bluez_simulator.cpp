#include "sim/bluez/bluez_simulator.h"

#include "core/log.h"
#include "sim/bluez/adapter_object.h"
#include "sim/bluez/agent_manager.h"
#include "sim/bluez/bluez_names.h"
#include "sim/bluez/device_object.h"
#include "sim/bluez/sd_bus_glue.h"
#include "sim/bluez/sim_context.h"

#include <fmt/format.h>

#include <cstring>

namespace vreglink::sim::bluez {

BluezSimulator::BluezSimulator(asio::io_context& io) : io_(io) {}

BluezSimulator::~BluezSimulator() {
    devices_.clear();
    adapter_.reset();
    objectManager_.reset();
    agents_.reset();
}

Result<std::unique_ptr<BluezSimulator>> BluezSimulator::start(asio::io_context& io,
                                                              const bus::BusSpec& bus) {
    std::unique_ptr<BluezSimulator> sim(new BluezSimulator(io));
    auto service = bus::ServiceBus::open(io, bus);
    if (!service) return Error{service.error()};
    sim->service_ = std::move(*service);
    auto exported = sim->exportAll();
    if (!exported) return Error{exported.error()};
    auto owned = sim->service_->requestName(api::kService);
    if (!owned) return Error{owned.error()};
    return sim;
}

Result<bool> BluezSimulator::exportAll() {
    sd_bus* bus = service_->raw();
    agents_ = std::make_unique<AgentManager>(bus);
    context_ = std::make_unique<SimContext>(SimContext{bus, *service_, io_, knobs_, *agents_});
    // BlueZ serves org.freedesktop.DBus.ObjectManager on "/" (doc/*-api.txt "Object path").
    sd_bus_slot* slot = nullptr;
    int r = sd_bus_add_object_manager(bus, &slot, "/");
    if (r < 0) return Error{fmt::format("ObjectManager: {}", std::strerror(-r))};
    objectManager_.reset(slot);
    if ((r = agents_->exportObject()) < 0) {
        return Error{fmt::format("AgentManager1: {}", std::strerror(-r))};
    }
    adapter_ = std::make_unique<AdapterObject>(
        bus, AdapterObject::Hooks{[this](bool on) { discoveringChanged(on); },
                                  [this](const std::string& path) { return removeDevice(path); }});
    if ((r = adapter_->exportObject()) < 0) {
        return Error{fmt::format("Adapter1: {}", std::strerror(-r))};
    }
    // BlueZ ends what a client started (discovery, agents, notify sessions) when it leaves the
    // bus; a unique name's owner becoming "" is exactly that.
    r = sd_bus_add_match(bus, &slot,
                         "type='signal',sender='org.freedesktop.DBus',path='/org/freedesktop/DBus',"
                         "interface='org.freedesktop.DBus',member='NameOwnerChanged',arg2=''",
                         &BluezSimulator::onNameOwnerChanged, this);
    if (r < 0) return Error{fmt::format("NameOwnerChanged match: {}", std::strerror(-r))};
    clientWatch_.reset(slot);
    return true;
}

int BluezSimulator::onNameOwnerChanged(sd_bus_message* m, void* userdata, sd_bus_error* error) {
    return guarded(error, [&] {
        const char* name = nullptr;
        const char* oldOwner = nullptr;
        const char* newOwner = nullptr;
        if (sd_bus_message_read(m, "sss", &name, &oldOwner, &newOwner) < 0) return 0;
        if (name[0] == ':' && newOwner[0] == '\0') {
            static_cast<BluezSimulator*>(userdata)->clientLeft(name);
        }
        return 0;
    });
}

void BluezSimulator::clientLeft(const std::string& name) {
    adapter_->clientLeft(name);
    agents_->clientLeft(name);
    for (auto& [address, device] : devices_) device->clientLeft(name);
}

Result<std::string> BluezSimulator::addPeripheral(std::unique_ptr<GattPeripheral> peripheral,
                                                  bool discoverable) {
    const std::string address = peripheral->address();
    if (devices_.count(address) != 0) {
        return Error{fmt::format("a peripheral with address {} is already there", address)};
    }
    auto device = std::make_unique<DeviceObject>(*context_, std::move(peripheral));
    if (!discoverable || adapter_->discovering()) {
        const int r = device->show(true);
        if (r < 0) return Error{fmt::format("Device1 {}: {}", address, std::strerror(-r))};
        service_->wake();
    }
    const std::string path = device->path();
    discoverable_[address] = discoverable;
    devices_.emplace(address, std::move(device));
    return path;
}

void BluezSimulator::discoveringChanged(bool discovering) {
    if (!discovering) return;
    // Whatever advertises is found: discoverable peripherals, and removed devices again.
    for (auto& [address, device] : devices_) {
        if (device->visible()) continue;
        const int r = device->show(true);
        if (r < 0) logWarning("bluez sim: cannot export {}: {}", address, std::strerror(-r));
    }
}

bool BluezSimulator::removeDevice(const std::string& path) {
    for (auto& [address, device] : devices_) {
        if (device->path() != path || !device->visible()) continue;
        device->hide();
        return true;
    }
    return false;
}

DeviceObject* BluezSimulator::find(const std::string& address) const {
    const auto it = devices_.find(address);
    return it == devices_.end() ? nullptr : it->second.get();
}

bool BluezSimulator::disconnect(const std::string& address) {
    auto* device = find(address);
    if (device == nullptr || !device->connected()) return false;
    device->dropLink("disconnect knob");
    return true;
}

bool BluezSimulator::connected(const std::string& address) const {
    const auto* device = find(address);
    return device != nullptr && device->connected();
}

bool BluezSimulator::paired(const std::string& address) const {
    const auto* device = find(address);
    return device != nullptr && device->paired();
}

}  // namespace vreglink::sim::bluez
