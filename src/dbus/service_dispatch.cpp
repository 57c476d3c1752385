// The fallback handler of one Venus service (service_dispatch.h): classify the path, find the
// member in the method tables, check the input signature, run the handler. Every call to a path
// under "/" is answered here, errors included, so nothing falls through to sd-bus's own object
// handling (which would introspect or answer for paths this handler does not know about).
#include "dbus/service_dispatch.h"

#include "bus/sd_bus_guard.h"
#include "core/log.h"
#include "dbus/service_introspection.h"

#include <fmt/format.h>

#include <cstring>
#include <set>

namespace vreglink::dbus {

unsigned ServiceContext::kindsOf(std::string_view path) const {
    unsigned kinds = 0;
    if (tree.isLeaf(path)) kinds |= kLeafPath;
    if (vreglinks.find(path) != vreglinks.end()) kinds |= kLeafPath | kVregLinkPath;
    // A node is a proper prefix of a leaf; Venus paths are never both.
    if ((kinds & kLeafPath) == 0 && tree.isNode(path)) kinds |= kNodePath;
    if (path == "/") kinds |= kNodePath | kRootPath;
    return kinds;
}

std::vector<std::string> ServiceContext::childrenOf(std::string_view node) const {
    // "/Dc" has children "/Dc/0" (a node) and, say, "/Dc/Voltage" (a leaf): the first component
    // after the node's own path.
    const std::string prefix = node == "/" ? std::string("/") : std::string(node) + '/';
    std::set<std::string, std::less<>> children;
    const auto addChild = [&](std::string_view path) {
        if (path.size() <= prefix.size() || !path.starts_with(prefix)) return;
        children.emplace(path.substr(0, path.find('/', prefix.size())));
    };
    for (auto it = tree.items().lower_bound(prefix);
         it != tree.items().end() && it->first.starts_with(prefix); ++it) {
        addChild(it->first);
    }
    for (const auto& [path, backend] : vreglinks) addChild(path);
    return {children.begin(), children.end()};
}

namespace {

const std::vector<const std::vector<MemberSpec>*> kTables{&kBusItemMembers, &kVregLinkMembers};

bool matches(const MemberSpec& spec, const char* interface, const char* member, unsigned kinds) {
    // D-Bus allows calls without an interface: the member name alone then decides.
    return spec.handler != nullptr && (spec.kinds & kinds) != 0 &&
           std::strcmp(spec.member, member) == 0 &&
           (interface == nullptr || std::strcmp(spec.interface, interface) == 0);
}

int dispatch(sd_bus_message* m, ServiceContext& ctx) {
    const char* path = sd_bus_message_get_path(m);
    const char* interface = sd_bus_message_get_interface(m);
    const char* member = sd_bus_message_get_member(m);
    if (path == nullptr || member == nullptr) return 0;
    const unsigned kinds = ctx.kindsOf(path);
    if (kinds == 0) {
        return sd_bus_reply_method_errorf(m, SD_BUS_ERROR_UNKNOWN_OBJECT, "Unknown object '%s'.",
                                          path);
    }
    if (sd_bus_message_is_method_call(m, "org.freedesktop.DBus.Introspectable", "Introspect")) {
        const std::string xml = introspectionXml(ctx, path, kinds);
        return sd_bus_reply_method_return(m, "s", xml.c_str());
    }
    for (const auto* table : kTables) {
        for (const auto& spec : *table) {
            if (!matches(spec, interface, member, kinds)) continue;
            if (sd_bus_message_has_signature(m, spec.in) <= 0) {
                const char* given = sd_bus_message_get_signature(m, true);
                return sd_bus_reply_method_errorf(
                    m, SD_BUS_ERROR_INVALID_ARGS,
                    "Invalid arguments '%s' to call %s.%s(), expecting '%s'.",
                    given != nullptr ? given : "", spec.interface, member, spec.in);
            }
            return spec.handler(ctx, m);
        }
    }
    return sd_bus_reply_method_errorf(m, SD_BUS_ERROR_UNKNOWN_METHOD,
                                      "Unknown method %s or interface %s.", member,
                                      interface != nullptr ? interface : "(none)");
}

// sd-bus calls this from C: nothing may unwind through it.
int onMessage(sd_bus_message* m, void* userdata, sd_bus_error* error) noexcept {
    if (sd_bus_message_is_method_call(m, nullptr, nullptr) <= 0) return 0;
    return bus::guardedCallback(error, SD_BUS_ERROR_FAILED, [&] {
        return dispatch(m, *static_cast<ServiceContext*>(userdata));
    });
}

}  // namespace

Result<bus::SdBusSlotPtr> registerServiceHandler(ServiceContext& context) {
    sd_bus_slot* slot = nullptr;
    const int r = sd_bus_add_fallback(context.bus.raw(), &slot, "/", onMessage, &context);
    if (r < 0) return Error{fmt::format("cannot serve the objects: {}", std::strerror(-r))};
    return bus::SdBusSlotPtr(slot);
}

}  // namespace vreglink::dbus
