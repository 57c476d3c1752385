// Venus values read from sdbus-c++ variants (venus-dbus-mqtt.md §2.4), for clients of Venus
// services. Internal to the dbus module.
#pragma once

#include "venus/item_value.h"

#include <sdbus-c++/Types.h>

#include <map>
#include <optional>
#include <string>

namespace vreglink::dbus {

using VariantDict = std::map<std::string, sdbus::Variant>;  // a{sv}
using ItemsDict = std::map<std::string, VariantDict>;       // a{sa{sv}}

// The client side of §2.4 (the service side reads raw messages: item_message.h): integers of any
// width (i u n q y x t, and b as 0/1) become int32 when they fit, else int64; d -> double;
// s -> string; an empty array of any basic type -> Invalid. Anything else (non-empty arrays,
// structs, dicts, uint64 above int64): nullopt.
std::optional<venus::ItemValue> fromVariant(const sdbus::Variant& variant);

}  // namespace vreglink::dbus
