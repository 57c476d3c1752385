// BusSpec parsing and naming.
#include "bus/bus_spec.h"

#include <fmt/format.h>

namespace vreglink::bus {

Result<BusSpec> BusSpec::parse(std::string_view text) {
    if (text == "system") return BusSpec{Kind::System, {}};
    if (text == "session") return BusSpec{Kind::Session, {}};
    if (text.find(':') != std::string_view::npos) return BusSpec{Kind::Address, std::string(text)};
    return Error{fmt::format(
        "'{}' is not a bus: use system, session or a D-Bus address such as unix:path=/run/bus",
        text)};
}

std::string BusSpec::describe() const {
    switch (kind) {
        case Kind::System:
            return "system bus";
        case Kind::Session:
            return "session bus";
        case Kind::Address:
            break;
    }
    return "bus " + address;
}

}  // namespace vreglink::bus
