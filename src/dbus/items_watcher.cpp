// ServiceItemsWatcher: ItemsChanged, PropertiesChanged and NameOwnerChanged subscriptions plus
// GetItems (venus-dbus-mqtt.md §2.2, §2.3). sdbus-c++ throws: every call and every decoding is
// wrapped here, the edge. Nothing of the listener runs inside the D-Bus dispatch: events are
// posted to the loop, so a listener may destroy the watcher, and the sdbus-c++ proxy is never
// destroyed from inside its own callback.
#include "dbus/items_watcher.h"

#include "dbus/dbus_names.h"
#include "dbus/variant_conversion.h"
#include "dbus/vreglink_client.h"
#include "venus/item_text.h"

#include <fmt/format.h>
#include <sdbus-c++/sdbus-c++.h>
#include <asio/post.hpp>

#include <cstdint>
#include <exception>
#include <functional>
#include <utility>

namespace vreglink::dbus {
namespace {

constexpr const char* kBusDaemon = "org.freedesktop.DBus";
constexpr const char* kBusDaemonPath = "/org/freedesktop/DBus";

std::chrono::microseconds micros(std::chrono::milliseconds ms) {
    return std::chrono::duration_cast<std::chrono::microseconds>(ms);
}

// What the bus daemon answers for a name nobody owns (with and without auto-start).
bool meansAbsent(const sdbus::Error& error) {
    return error.getName() == "org.freedesktop.DBus.Error.ServiceUnknown" ||
           error.getName() == "org.freedesktop.DBus.Error.NameHasNoOwner";
}

// One {"Value": v, "Text": v(s)} entry (§2.3); nullopt without a Value (nothing to show).
std::optional<ItemSnapshot> snapshotOf(const VariantDict& entry) {
    const auto value = entry.find(names::kValueKey);
    if (value == entry.end()) return std::nullopt;
    venus::Item item;
    item.value = fromVariant(value->second).value_or(venus::Invalid{});
    if (const auto text = entry.find(names::kTextKey); text != entry.end()) {
        try {
            if (text->second.peekValueType() == "s") item.text = text->second.get<std::string>();
        } catch (const sdbus::Error&) {
            // A Text that is not a string: fall back to the value below, as for a missing one.
        }
    }
    // textOf: velib's "---" for invalid, else the value itself when the service sent no text.
    return ItemSnapshot{std::move(item.value), venus::textOf(item)};
}

ItemSnapshots snapshotsOf(const ItemsDict& items) {
    ItemSnapshots out;
    for (const auto& [path, entry] : items) {
        if (auto snapshot = snapshotOf(entry)) out.emplace(path, std::move(*snapshot));
    }
    return out;
}

}  // namespace

struct ServiceItemsWatcher::Impl : std::enable_shared_from_this<Impl> {
    enum class Presence : std::uint8_t { Unknown, Present, Absent };

    Impl(asio::io_context& i, bus::BusConnection& b, std::string s, ItemsListener& l,
         std::chrono::milliseconds t)
        : io(i), bus(b), service(std::move(s)), listener(&l), timeout(t) {}

    ~Impl() {
        // Unsubscribing queues RemoveMatch calls: flush them.
        root.reset();
        ownerMatch.reset();
        propertiesMatch.reset();
        bus.wake();
    }
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;

    // Throws sdbus::Error. The owner match comes first, so a service leaving while the others are
    // being added is still seen.
    void subscribe() {
        auto& connection = bus.sdbus();
        const std::weak_ptr<Impl> weak = weak_from_this();
        // arg0 makes the bus daemon send only this name's changes (a proxy's match has no arg0).
        ownerMatch =
            connection.addMatch(fmt::format("type='signal',sender='{}',path='{}',interface='{}',"
                                            "member='NameOwnerChanged',arg0='{}'",
                                            kBusDaemon, kBusDaemonPath, kBusDaemon, service),
                                [weak](sdbus::Message& message) {
                                    if (auto self = weak.lock()) self->onOwnerChanged(message);
                                });
        // §2.3: batched changes on "/". The match names the well-known sender; the bus daemon
        // resolves it to whoever owns the name now, across restarts.
        root = sdbus::createProxy(connection, service, "/");
        root->registerSignalHandler(names::kBusItem, names::kItemsChanged,
                                    [weak](sdbus::Signal& signal) {
                                        if (auto self = weak.lock()) self->onItemsChanged(signal);
                                    });
        root->finishRegistration();
        // §2.3 "Consumers must handle both": older services send only PropertiesChanged, on each
        // item's own path (§2.2), hence a match on the sender alone, whatever the path.
        propertiesMatch =
            connection.addMatch(fmt::format("type='signal',sender='{}',interface='{}',member='{}'",
                                            service, names::kBusItem, names::kPropertiesChanged),
                                [weak](sdbus::Message& message) {
                                    if (auto self = weak.lock()) self->onPropertiesChanged(message);
                                });
    }

    void readItems() {
        const auto asked = generation;
        try {
            auto call = root->createMethodCall(names::kBusItem, names::kGetItems);
            root->callMethod(
                call,
                [weak = weak_from_this(), asked](sdbus::MethodReply& reply,
                                                 const sdbus::Error* error) {
                    if (auto self = weak.lock()) self->onGetItems(asked, reply, error);
                },
                micros(timeout));
        } catch (const std::exception& e) {
            deliverError(fmt::format("GetItems on {}: {}", service, e.what()));
        }
        bus.wake();  // sent from outside a callback at start: the loop must flush it
    }

    void onOwnerChanged(sdbus::Message& message) {
        std::string name;
        std::string oldOwner;
        std::string newOwner;
        try {
            message >> name >> oldOwner >> newOwner;
        } catch (const std::exception&) {
            return;  // not the signature the bus daemon sends: not our signal
        }
        if (name != service) return;
        // A new owner is a new service instance (§2.1: never renamed, only removed and registered
        // again): replies to earlier GetItems describe the old one, and whether it batches is
        // learnt again.
        ++generation;
        batches = false;
        if (newOwner.empty()) {
            setPresence(Presence::Absent, "left the bus");
            return;
        }
        setPresence(Presence::Present, oldOwner.empty() ? "appeared on the bus" : "new owner");
        readItems();
    }

    void onItemsChanged(sdbus::Signal& signal) {
        ItemsDict items;
        try {
            signal >> items;
        } catch (const std::exception&) {
            return;  // an ItemsChanged not of the §2.3 layout: nothing we can show
        }
        batches = true;
        seen();
        deliverItems(snapshotsOf(items));
    }

    void onPropertiesChanged(sdbus::Message& message) {
        // A service that batches sends both (venus #789; vreglinkd does): the batch is enough.
        if (batches) return;
        VariantDict entry;
        std::string path;
        try {
            message >> entry;
            path = message.getPath();
        } catch (const std::exception&) {
            return;
        }
        auto snapshot = snapshotOf(entry);
        if (!snapshot || path.empty()) return;
        seen();
        ItemSnapshots items;
        items.emplace(std::move(path), std::move(*snapshot));
        deliverItems(std::move(items));
    }

    void onGetItems(std::uint64_t asked, sdbus::MethodReply& reply, const sdbus::Error* error) {
        if (asked != generation) return;  // the owner changed since: a newer GetItems is asked
        if (error != nullptr) {
            if (meansAbsent(*error)) {
                setPresence(Presence::Absent, "not on the bus");
                return;
            }
            // Any other answer (UnknownMethod, a timeout) comes from a name that has an owner.
            seen();
            deliverError(fmt::format("GetItems on {}: {}", service, error->getMessage()));
            return;
        }
        ItemsDict items;
        try {
            reply >> items;
        } catch (const std::exception& e) {
            seen();
            deliverError(fmt::format("GetItems on {}: unexpected reply: {}", service, e.what()));
            return;
        }
        seen();
        deliverItems(snapshotsOf(items), true);
    }

    // A signal or a reply from the name: it is there.
    void seen() { setPresence(Presence::Present, "on the bus"); }

    void setPresence(Presence now, std::string reason) {
        if (now == presence) return;
        presence = now;
        const bool present = now == Presence::Present;
        deliver([present, reason = std::move(reason)](ItemsListener& l) {
            l.onServicePresence(present, reason);
        });
    }
    // A batch that says nothing is not passed on; a whole tree always is, even an empty one.
    void deliverItems(ItemSnapshots items, bool wholeTree = false) {
        if (items.empty() && !wholeTree) return;
        deliver([items = std::move(items)](ItemsListener& l) { l.onItems(items); });
    }
    void deliverError(std::string message) {
        deliver([message = std::move(message)](ItemsListener& l) { l.onWatchError(message); });
    }
    // Posted, in order: the listener runs on the loop after the dispatch has returned.
    void deliver(std::function<void(ItemsListener&)> event) {
        asio::post(io, [weak = weak_from_this(), event = std::move(event)] {
            const auto self = weak.lock();
            if (self && self->listener != nullptr) event(*self->listener);
        });
    }

    asio::io_context& io;
    bus::BusConnection& bus;
    const std::string service;
    ItemsListener* listener;  // null once the watcher is gone
    std::chrono::milliseconds timeout;
    std::unique_ptr<sdbus::IProxy> root;  // the service's "/": ItemsChanged, GetItems
    sdbus::Slot ownerMatch;
    sdbus::Slot propertiesMatch;
    Presence presence = Presence::Unknown;
    std::uint64_t generation = 0;  // owner changes seen; tags each GetItems
    bool batches = false;          // the current owner sends ItemsChanged
};

ServiceItemsWatcher::ServiceItemsWatcher(std::string service, std::shared_ptr<Impl> impl)
    : service_(std::move(service)), impl_(std::move(impl)) {}

ServiceItemsWatcher::~ServiceItemsWatcher() {
    // Events already posted find no listener; replies still in flight find no Impl (the proxy
    // cancels them), unless a posted event holds it for a moment, and then no listener.
    impl_->listener = nullptr;
}

Result<std::unique_ptr<ServiceItemsWatcher>> ServiceItemsWatcher::start(
    asio::io_context& io, bus::BusConnection& bus, std::string_view service,
    ItemsListener& listener, std::chrono::milliseconds call) {
    auto name = expandServiceName(service);
    auto impl = std::make_shared<Impl>(io, bus, name, listener, call);
    try {
        impl->subscribe();
    } catch (const std::exception& e) {
        return Error{fmt::format("cannot watch {}: {}", name, e.what())};
    }
    // After subscribing: a change made between the two is in the reply or in a signal after it.
    impl->readItems();
    return std::unique_ptr<ServiceItemsWatcher>(
        new ServiceItemsWatcher(std::move(name), std::move(impl)));
}

}  // namespace vreglink::dbus
