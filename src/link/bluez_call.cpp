#include "link/bluez_call.h"

namespace vreglink::link {

std::string describeBluezError(const sdbus::Error& error) {
    if (error.getName() == "org.freedesktop.DBus.Error.ServiceUnknown" ||
        error.getName() == "org.freedesktop.DBus.Error.NameHasNoOwner") {
        return "BlueZ is not running (no org.bluez on the bus)";
    }
    return error.getName() + ": " + error.getMessage();
}

}  // namespace vreglink::link
