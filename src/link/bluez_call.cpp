#include "link/bluez_call.h"

#include "link/bluez_names.h"

#include <fmt/format.h>

namespace vreglink::link {

std::string bluezObjectManagerMatch(std::string_view member) {
    std::string rule = fmt::format("type='signal',sender='{}',interface='{}'", bluez::kService,
                                   bluez::kObjectManager);
    if (!member.empty()) rule += fmt::format(",member='{}'", member);
    return rule;
}

std::string bluezPropertiesChangedMatch() {
    return fmt::format(
        "type='signal',sender='{}',interface='{}',member='PropertiesChanged',"
        "path_namespace='/org/bluez'",
        bluez::kService, bluez::kProperties);
}

std::string describeBluezError(const sdbus::Error& error) {
    if (error.getName() == "org.freedesktop.DBus.Error.ServiceUnknown" ||
        error.getName() == "org.freedesktop.DBus.Error.NameHasNoOwner") {
        return "BlueZ is not running (no org.bluez on the bus)";
    }
    return error.getName() + ": " + error.getMessage();
}

}  // namespace vreglink::link
