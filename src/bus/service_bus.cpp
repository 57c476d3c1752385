// ServiceBus: a raw sd-bus connection on the asio loop, with errno values turned into messages.
#include "bus/service_bus.h"

#include "bus/bus_loop.h"
#include "bus/sd_bus_handles.h"
#include "core/log.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

namespace vreglink::bus {

namespace {

std::string errnoText(int negativeErrno) {
    return std::strerror(-negativeErrno);
}

class RawPump final : public BusPump {
  public:
    explicit RawPump(SdBusPtr bus) : bus_(std::move(bus)) {}
    sd_bus* bus() const { return bus_.get(); }

    Result<bool> processOne() override {
        const int r = sd_bus_process(bus_.get(), nullptr);
        if (r < 0) return Error{errnoText(r)};
        return r > 0;
    }
    Result<BusPollData> pollData() override {
        const int fd = sd_bus_get_fd(bus_.get());
        if (fd < 0) return Error{errnoText(fd)};
        const int events = sd_bus_get_events(bus_.get());
        if (events < 0) return Error{errnoText(events)};
        std::uint64_t timeout = UINT64_MAX;
        const int r = sd_bus_get_timeout(bus_.get(), &timeout);
        if (r < 0) return Error{errnoText(r)};
        return BusPollData{fd, static_cast<short>(events), timeout};
    }

  private:
    SdBusPtr bus_;
};

// sd_bus_open_system honours DBUS_SYSTEM_BUS_ADDRESS (how tests and `vreg-sim ble` point the
// "system bus" at a private dbus-daemon); an explicit address is a plain bus client.
Result<SdBusPtr> connect(const BusSpec& spec) {
    sd_bus* raw = nullptr;
    int r = 0;
    switch (spec.kind) {
        case BusSpec::Kind::System:
            r = sd_bus_open_system(&raw);
            break;
        case BusSpec::Kind::Session:
            r = sd_bus_open_user(&raw);
            break;
        case BusSpec::Kind::Address: {
            r = sd_bus_new(&raw);
            if (r < 0) break;
            SdBusPtr guard(raw);
            raw = nullptr;
            if ((r = sd_bus_set_address(guard.get(), spec.address.c_str())) < 0) break;
            if ((r = sd_bus_set_bus_client(guard.get(), 1)) < 0) break;
            if ((r = sd_bus_start(guard.get())) < 0) break;
            raw = guard.release();
            break;
        }
    }
    if (r < 0) {
        return Error{fmt::format("cannot connect to the {}: {}", spec.describe(), errnoText(r))};
    }
    return SdBusPtr(raw);
}

}  // namespace

Result<std::unique_ptr<ServiceBus>> ServiceBus::open(asio::io_context& io, const BusSpec& spec) {
    auto bus = connect(spec);
    if (!bus) return Error{bus.error()};
    sd_bus* raw = bus->get();
    auto loop = std::make_shared<BusLoop>(io, std::make_unique<RawPump>(std::move(*bus)));
    // The Hello exchange may already have queued messages: process them on the first turn.
    loop->wake();
    return std::unique_ptr<ServiceBus>(new ServiceBus(raw, std::move(loop)));
}

ServiceBus::~ServiceBus() {
    loop_->stop();
}

Result<bool> ServiceBus::requestName(const std::string& name) {
    // Flags 0: no SD_BUS_NAME_QUEUE, so an owned name fails with EEXIST at once (§2.1). The call
    // is synchronous: messages it read on the way are queued without a new fd edge, hence wake().
    const int r = sd_bus_request_name(bus_, name.c_str(), 0);
    loop_->wake();
    if (r == -EALREADY) return true;  // ours already
    if (r == -EEXIST) return Error{fmt::format("the name {} is already owned on the bus", name)};
    if (r < 0) return Error{fmt::format("cannot own the name {}: {}", name, errnoText(r))};
    return true;
}

void ServiceBus::releaseName(const std::string& name) {
    const int r = sd_bus_release_name(bus_, name.c_str());
    if (r < 0) logWarning("cannot release the name {}: {}", name, errnoText(r));
    loop_->wake();
}

void ServiceBus::wake() {
    loop_->wake();
}

}  // namespace vreglink::bus
