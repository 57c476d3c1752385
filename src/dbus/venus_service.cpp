// VenusService: one well-known name on its own raw sd-bus connection (DESIGN.md "Runtime"), the
// ItemTree served by one fallback handler (service_dispatch.h), batched ItemsChanged
// (venus-dbus-mqtt.md §2.3, §9.3) sent only when something changed.
#include "dbus/venus_service.h"

#include "core/log.h"
#include "dbus/dbus_names.h"
#include "dbus/item_message.h"
#include "dbus/service_dispatch.h"

#include <fmt/format.h>
#include <asio/steady_timer.hpp>

#include <cstring>

namespace vreglink::dbus {

using Clock = std::chrono::steady_clock;

struct VenusService::Impl {
    Impl(asio::io_context& io, std::string n, venus::ItemTree& t, VenusServiceOptions o)
        : name(std::move(n)), tree(t), options(o), timer(io) {}
    ~Impl();

    void schedulePublish();
    void publishChanges();
    void emit(const char* path, const char* member, const auto& write);

    std::string name;
    venus::ItemTree& tree;
    VenusServiceOptions options;
    std::unique_ptr<bus::ServiceBus> bus;
    std::unique_ptr<ServiceContext> context;
    bus::SdBusSlotPtr slot;
    asio::steady_timer timer;
    bool publishScheduled = false;
    Clock::time_point lastPublish{};
    std::shared_ptr<Impl*> alive = std::make_shared<Impl*>(this);  // the timer holds it weakly
    bool nameOwned = false;
};

VenusService::Impl::~Impl() {
    // §2.1 "when the driver loses its device, it disconnects from D-Bus": name first (consumers
    // see NameOwnerChanged), then the calls still waiting are answered, then the handler, then
    // the connection (which flushes what is queued).
    tree.setChangeListener({});
    alive.reset();
    timer.cancel();
    if (bus && nameOwned) bus->releaseName(name);
    if (context) context->replies->abandonAll();
    slot.reset();
    context.reset();
    bus.reset();
}

void VenusService::Impl::schedulePublish() {
    if (publishScheduled) return;
    publishScheduled = true;
    // At most once per interval (§9.3), and at once when the last batch is older than that: a
    // TEXT block updates many paths in one loop turn, and they still land in one batch because
    // the timer fires only after this turn.
    timer.expires_at(std::max(Clock::now(), lastPublish + options.itemsChangedInterval));
    timer.async_wait([weak = std::weak_ptr<Impl*>(alive)](const asio::error_code& ec) {
        const auto self = weak.lock();
        if (ec || !self) return;
        (*self)->publishScheduled = false;
        (*self)->lastPublish = Clock::now();
        (*self)->publishChanges();
    });
}

void VenusService::Impl::emit(const char* path, const char* member, const auto& write) {
    const int r = sendSignal(bus->raw(), path, names::kBusItem, member, write);
    if (r < 0) logWarning("{}: cannot send {} on {}: {}", name, member, path, std::strerror(-r));
}

void VenusService::Impl::publishChanges() {
    const auto changed = tree.takeChanged();
    if (changed.empty()) return;
    // §2.3: one batch on "/" with only what changed; §2.2: PropertiesChanged on each path for
    // consumers that watch single items.
    emit("/", names::kItemsChanged,
         [&](sd_bus_message* m) { return appendItems(m, tree, changed); });
    for (const auto& path : changed) {
        const venus::Item* item = tree.find(path);
        if (item == nullptr) continue;
        emit(path.c_str(), names::kPropertiesChanged,
             [&](sd_bus_message* m) { return appendItemEntry(m, *item); });
    }
    bus->wake();
}

Result<std::unique_ptr<VenusService>> VenusService::start(asio::io_context& io,
                                                          const bus::BusSpec& bus, std::string name,
                                                          venus::ItemTree& tree,
                                                          VenusServiceOptions options) {
    auto connection = bus::ServiceBus::open(io, bus);
    if (!connection) return Error{connection.error()};
    auto impl = std::make_unique<Impl>(io, std::move(name), tree, options);
    impl->bus = std::move(*connection);
    bus::ServiceBus* busPtr = impl->bus.get();
    impl->context = std::make_unique<ServiceContext>(ServiceContext{
        tree, *impl->bus, std::make_shared<bus::PendingReplies>([busPtr] { busPtr->wake(); }), {}});
    auto slot = registerServiceHandler(*impl->context);
    if (!slot) return Error{impl->name + ": " + slot.error()};
    impl->slot = std::move(*slot);
    // Consumers read the initial state with GetItems when the name appears (§2.3 discovery);
    // ItemsChanged reports what changes from here on.
    Impl* raw = impl.get();
    tree.setChangeListener([raw] { raw->schedulePublish(); });
    (void)tree.takeChanged();
    // §2.1: register the name only once every object is in place.
    auto owned = impl->bus->requestName(impl->name);
    if (!owned) return Error{owned.error()};
    impl->nameOwned = true;
    auto service = std::unique_ptr<VenusService>(new VenusService());
    service->impl_ = std::move(impl);
    return service;
}

VenusService::~VenusService() = default;

void VenusService::addVregLink(const std::string& path, venus::VregLinkBackend& backend) {
    if (!impl_->tree.isLeaf(path)) {
        logWarning("{}: VregLink path {} is not an item", impl_->name, path);
    }
    impl_->context->vreglinks[path] = &backend;
}

const std::string& VenusService::name() const {
    return impl_->name;
}

}  // namespace vreglink::dbus
