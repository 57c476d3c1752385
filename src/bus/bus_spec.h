// Which bus a service or client uses (venus-dbus-mqtt.md §2.1: Venus uses the system bus; the
// session bus and explicit addresses are for development and tests).
#pragma once

#include "core/result.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace vreglink::bus {

// Which bus: the system bus (default; honours DBUS_SYSTEM_BUS_ADDRESS, as sd-bus does), the
// session bus, or an explicit address ("unix:path=/run/x/bus").
struct BusSpec {
    enum class Kind : std::uint8_t { System, Session, Address };
    Kind kind = Kind::System;
    std::string address;  // Kind::Address only

    // "system", "session", or anything containing ':' as an address.
    static Result<BusSpec> parse(std::string_view text);
    std::string describe() const;  // "system bus", "bus unix:path=…"
};

}  // namespace vreglink::bus
