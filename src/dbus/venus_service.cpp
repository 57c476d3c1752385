// VenusService: one well-known name on its own connection (DESIGN.md "Runtime"), the ItemTree
// exported object by object, batched ItemsChanged (venus-dbus-mqtt.md §2.3, §9.3).
#include "dbus/venus_service.h"

#include "core/log.h"
#include "dbus/dbus_names.h"
#include "dbus/service_objects.h"
#include "dbus/variant_conversion.h"

#include <fmt/format.h>
#include <sdbus-c++/sdbus-c++.h>
#include <asio/steady_timer.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace vreglink::dbus {

struct VenusService::Impl {
    Impl(asio::io_context& io, std::string n, venus::ItemTree& t, VenusServiceOptions o)
        : name(std::move(n)), tree(t), options(o), timer(io) {}
    ~Impl();

    struct Exported {
        std::unique_ptr<sdbus::IObject> object;
        bool leaf = false;
        venus::VregLinkBackend* vreglink = nullptr;
    };

    void sync();
    void exportPath(const std::string& path, bool leaf);
    void armTimer();
    void publishChanges();
    void emit(const std::string& path, const char* member, const auto& argument);

    std::string name;
    venus::ItemTree& tree;
    VenusServiceOptions options;
    std::unique_ptr<BusConnection> bus;
    std::unique_ptr<ServiceContext> context;
    std::map<std::string, Exported, std::less<>> objects;
    std::map<std::string, venus::VregLinkBackend*, std::less<>> vreglinks;
    asio::steady_timer timer;
    std::shared_ptr<Impl*> alive = std::make_shared<Impl*>(this);  // the timer holds it weakly
    bool nameOwned = false;
};

VenusService::Impl::~Impl() {
    // §2.1 "when the driver loses its device, it disconnects from D-Bus": name first (consumers
    // see NameOwnerChanged), then the calls still waiting are answered, then objects, then the
    // connection. Deferred replies must not outlive the connection (pending_replies.h).
    alive.reset();
    timer.cancel();
    if (bus && nameOwned) bus->releaseName(name);
    if (context) context->replies->abandonAll();
    objects.clear();
    context.reset();
    bus.reset();
}

void VenusService::Impl::exportPath(const std::string& path, bool leaf) {
    venus::VregLinkBackend* vreglink = nullptr;
    if (const auto it = vreglinks.find(path); it != vreglinks.end()) vreglink = it->second;
    auto& slot = objects[path];
    if (slot.object && slot.leaf == leaf && slot.vreglink == vreglink) return;
    slot.object.reset();  // one object per path: unregister before registering again
    try {
        slot.object =
            leaf ? makeLeafObject(*context, path, vreglink) : makeNodeObject(*context, path);
        slot.leaf = leaf;
        slot.vreglink = vreglink;
    } catch (const std::exception& e) {
        logWarning("{}: cannot export {}: {}", name, path, e.what());
        objects.erase(path);
    }
}

void VenusService::Impl::sync() {
    std::set<std::string, std::less<>> leaves;
    for (const auto& [path, item] : tree.items()) leaves.insert(path);
    for (const auto& [path, backend] : vreglinks) leaves.insert(path);
    std::set<std::string, std::less<>> nodes{"/"};
    for (auto& node : tree.nodes()) {
        if (!leaves.contains(node)) nodes.insert(std::move(node));
    }
    std::erase_if(objects, [&](const auto& entry) {
        return !leaves.contains(entry.first) && !nodes.contains(entry.first);
    });
    for (const auto& path : nodes) exportPath(path, false);
    for (const auto& path : leaves) exportPath(path, true);
}

void VenusService::Impl::armTimer() {
    timer.expires_after(options.itemsChangedInterval);
    timer.async_wait([weak = std::weak_ptr<Impl*>(alive)](const asio::error_code& ec) {
        const auto self = weak.lock();
        if (ec || !self) return;
        // Idle costs one wake-up per interval and nothing else (§9.3: batched, at most this often).
        if ((*self)->tree.hasChanges()) (*self)->publishChanges();
        (*self)->armTimer();
    });
}

void VenusService::Impl::emit(const std::string& path, const char* member, const auto& argument) {
    const auto it = objects.find(path);
    if (it == objects.end()) return;
    try {
        auto signal = it->second.object->createSignal(names::kBusItem, member);
        signal << argument;
        it->second.object->emitSignal(signal);
    } catch (const std::exception& e) {
        logWarning("{}: cannot send {} on {}: {}", name, member, path, e.what());
    }
}

void VenusService::Impl::publishChanges() {
    const auto changed = tree.takeChanged();
    // Paths added or removed since the last sync: export them before announcing them.
    const bool stale = std::any_of(changed.begin(), changed.end(), [&](const std::string& p) {
        const auto it = objects.find(p);
        return tree.isLeaf(p) ? it == objects.end() || !it->second.leaf
                              : it != objects.end() && it->second.leaf && !vreglinks.contains(p);
    });
    if (stale) sync();
    const ItemsDict items = someItems(tree, changed);
    if (items.empty()) return;
    emit("/", names::kItemsChanged, items);  // §2.3: one batch on "/" with only what changed
    for (const auto& [path, entry] : items) emit(path, names::kPropertiesChanged, entry);  // §2.2
    bus->wake();
}

Result<std::unique_ptr<VenusService>> VenusService::start(asio::io_context& io, const BusSpec& bus,
                                                          std::string name, venus::ItemTree& tree,
                                                          VenusServiceOptions options) {
    auto connection = BusConnection::open(io, bus);
    if (!connection) return Error{connection.error()};
    auto impl = std::make_unique<Impl>(io, std::move(name), tree, options);
    impl->bus = std::move(*connection);
    BusConnection* busPtr = impl->bus.get();
    impl->context = std::make_unique<ServiceContext>(ServiceContext{
        tree, *impl->bus, std::make_shared<PendingReplies>([busPtr] { busPtr->wake(); })});
    impl->sync();
    if (!impl->objects.contains("/")) return Error{impl->name + ": cannot export the root object"};
    // Consumers read the initial state with GetItems when the name appears (§2.3 discovery);
    // ItemsChanged reports what changes from here on.
    (void)tree.takeChanged();
    // §2.1: register the name only once every object is in place.
    auto owned = impl->bus->requestName(impl->name);
    if (!owned) return Error{owned.error()};
    impl->nameOwned = true;
    impl->armTimer();
    auto service = std::unique_ptr<VenusService>(new VenusService());
    service->impl_ = std::move(impl);
    return service;
}

VenusService::~VenusService() = default;

void VenusService::syncObjects() {
    impl_->sync();
}

void VenusService::addVregLink(const std::string& path, venus::VregLinkBackend& backend) {
    if (!impl_->tree.isLeaf(path)) {
        logWarning("{}: VregLink path {} is not an item", impl_->name, path);
    }
    impl_->vreglinks[path] = &backend;
    impl_->exportPath(path, true);
}

const std::string& VenusService::name() const {
    return impl_->name;
}

BusConnection& VenusService::connection() {
    return *impl_->bus;
}

}  // namespace vreglink::dbus
