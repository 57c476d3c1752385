// The sdbus objects of one Venus service (venus-dbus-mqtt.md §2.2, §2.3, §3.1): a BusItem object
// per leaf, per intermediate node and for the root, plus VregLink on chosen leaves. Internal to
// the dbus module; venus_service.cpp owns the objects and decides when they exist.
#pragma once

#include "dbus/bus_connection.h"
#include "dbus/pending_replies.h"
#include "venus/item_tree.h"
#include "venus/vreglink_backend.h"

#include <sdbus-c++/IObject.h>

#include <exception>
#include <memory>
#include <string>

namespace vreglink::dbus {

// What every handler of one service reaches. Handlers run only while their object exists, and
// the objects die before this context.
struct ServiceContext {
    venus::ItemTree& tree;
    BusConnection& bus;
    std::shared_ptr<PendingReplies> replies;  // deferred callbacks hold it weakly
};

// These register and throw sdbus::Error on failure (the caller turns it into a value).
// Leaf: GetValue, GetText, SetValue, signal PropertiesChanged; with `vreglink`, also
// com.victronenergy.VregLink on the same object (§3.1).
std::unique_ptr<sdbus::IObject> makeLeafObject(ServiceContext& context, const std::string& path,
                                               venus::VregLinkBackend* vreglink);
// Intermediate node: GetValue/GetText of the subtree. Root "/": also GetItems and ItemsChanged.
std::unique_ptr<sdbus::IObject> makeNodeObject(ServiceContext& context, const std::string& path);
void registerVregLink(sdbus::IObject& object, ServiceContext& context,
                      venus::VregLinkBackend& backend);

// sdbus-c++ turns only sdbus::Error from a handler into a D-Bus error; anything else would unwind
// through sd-bus's C frames. Every handler body runs inside this.
template <typename F>
auto guarded(F&& body) -> decltype(body()) {
    try {
        return body();
    } catch (const sdbus::Error&) {
        throw;
    } catch (const std::exception& e) {
        throw sdbus::Error("org.freedesktop.DBus.Error.Failed", e.what());
    } catch (...) {
        throw sdbus::Error("org.freedesktop.DBus.Error.Failed", "internal error");
    }
}

}  // namespace vreglink::dbus
