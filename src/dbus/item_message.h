// Venus values in raw sd-bus messages (venus-dbus-mqtt.md §2.3, §2.4), for the service side:
// values as variants (invalid = empty `ai`), the {"Value", "Text"} entry of one item, the
// a{sa{sv}} of GetItems/ItemsChanged and the relative-key subtree dicts of GetValue/GetText on
// nodes. Every function returns an sd-bus errno (< 0) on failure. Internal to the dbus module.
#pragma once

#include "venus/item_tree.h"
#include "venus/item_value.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct sd_bus_message;

namespace vreglink::dbus {

// `v`: int32 -> i, int64 -> x, double -> d, string -> s, Invalid -> empty `ai`.
int appendValue(sd_bus_message* m, const venus::ItemValue& value);
// a{sv} {"Value": v, "Text": v(s)} of one leaf (GetItems, ItemsChanged, PropertiesChanged).
int appendItemEntry(sd_bus_message* m, const venus::Item& item);
// a{sa{sv}} of the given leaves that exist, by full path (ItemsChanged), or of all (GetItems).
int appendItems(sd_bus_message* m, const venus::ItemTree& tree,
                const std::vector<std::string>& paths);
int appendAllItems(sd_bus_message* m, const venus::ItemTree& tree);
// `v(a{sv})`: the subtree under `node` keyed relative to it, values or texts (§2.3).
enum class SubtreeKind : std::uint8_t { Values, Texts };
int appendSubtree(sd_bus_message* m, const venus::ItemTree& tree, std::string_view node,
                  SubtreeKind kind);

// Reads one `v` (SetValue's argument) by the §2.4 rules: any integer type becomes int32 when it
// fits, else int64; b -> 0/1; d; s; an empty array of a basic type -> Invalid. Anything else
// (non-empty arrays, structs, dicts, uint64 above int64): nullopt.
std::optional<venus::ItemValue> readValue(sd_bus_message* m);

}  // namespace vreglink::dbus
