// The objects of one Venus service (venus-dbus-mqtt.md §2.2, §2.3, §3.1) served by one sd-bus
// fallback handler on "/" instead of one registered object per path (§9 hint): memory no longer
// grows with the number of paths, and paths added to the tree exist at once. The handler
// classifies the called path from the live ItemTree and dispatches on a method table; the same
// table writes each path's introspection, with its children, so the two never disagree.
//   BusItem GetValue                    every leaf, every intermediate node and "/"
//   BusItem GetText -> s                leaves     (velib VeDbusItemExport)
//   BusItem GetText -> v                nodes, "/" (velib VeDbusTreeExport)
//   BusItem SetValue, PropertiesChanged leaves
//   BusItem GetItems, ItemsChanged      "/" only
//   VregLink GetVreg, SetVreg           the paths given to addVregLink
// (sd-bus vtables cannot do this: one fallback vtable declares one reply signature per member,
// and sd-bus enforces it, but velib's GetText answers `s` on leaves and `v` on nodes.)
// Internal to the dbus module; venus_service.cpp owns the slot.
#pragma once

#include "bus/pending_replies.h"
#include "bus/sd_bus_handles.h"
#include "bus/service_bus.h"
#include "core/result.h"
#include "venus/item_tree.h"
#include "venus/vreglink_backend.h"

#include <cstdint>
#include <exception>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace vreglink::dbus {

// What a path is; a path may be several (a VregLink path is also a leaf).
enum PathKind : std::uint8_t {
    kLeafPath = 1,
    kNodePath = 2,
    kRootPath = 4,
    kVregLinkPath = 8,
};

// What every handler of one service reaches (the handler's userdata). Handlers run only while
// the slot exists, and the slot dies before this context.
struct ServiceContext {
    venus::ItemTree& tree;
    bus::ServiceBus& bus;
    std::shared_ptr<bus::PendingReplies> replies;  // deferred callbacks hold it weakly
    std::map<std::string, venus::VregLinkBackend*, std::less<>> vreglinks;

    // PathKind bits; 0: no such object.
    unsigned kindsOf(std::string_view path) const;
    // Direct children of `node` (leaves and nodes), full paths: the introspection children.
    std::vector<std::string> childrenOf(std::string_view node) const;
};

// One method or signal of the service's objects.
using MethodHandler = int (*)(ServiceContext& context, sd_bus_message* call);
struct MemberSpec {
    const char* interface;
    const char* member;
    const char* in;   // input signature (checked before the handler runs)
    const char* out;  // output (methods) or argument (signals) signature
    const char* inNames;
    const char* outNames;
    unsigned kinds;         // PathKind bits of the paths that have it
    MethodHandler handler;  // null: a signal
};
// The BusItem members (bus_item_methods.cpp) and the VregLink ones (vreglink_methods.cpp).
extern const std::vector<MemberSpec> kBusItemMembers;
extern const std::vector<MemberSpec> kVregLinkMembers;

// Registers the fallback handler on "/"; releasing the slot unregisters it.
Result<bus::SdBusSlotPtr> registerServiceHandler(ServiceContext& context);

// Builds a method return for `call`, lets `write` append the arguments, sends it.
template <typename Write>
int sendReply(sd_bus_message* call, Write&& write) {
    sd_bus_message* raw = nullptr;
    int r = sd_bus_message_new_method_return(call, &raw);
    if (r < 0) return r;
    const bus::SdBusMessagePtr reply(raw);
    if ((r = write(reply.get())) < 0) return r;
    return sd_bus_send(nullptr, reply.get(), nullptr);
}

// Builds a signal on `path`, lets `write` append the arguments, sends it.
template <typename Write>
int sendSignal(sd_bus* bus, const char* path, const char* interface, const char* member,
               Write&& write) {
    sd_bus_message* raw = nullptr;
    int r = sd_bus_message_new_signal(bus, &raw, path, interface, member);
    if (r < 0) return r;
    const bus::SdBusMessagePtr signal(raw);
    if ((r = write(signal.get())) < 0) return r;
    return sd_bus_send(bus, signal.get(), nullptr);
}

}  // namespace vreglink::dbus
