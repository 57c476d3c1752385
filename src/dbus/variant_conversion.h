// Venus values on the wire (venus-dbus-mqtt.md §2.4) and the dictionaries of §2.3, between
// venus::ItemValue / ItemTree and sdbus::Variant. Internal to the dbus module.
#pragma once

#include "venus/item_tree.h"
#include "venus/item_value.h"

#include <sdbus-c++/Types.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vreglink::dbus {

using VariantDict = std::map<std::string, sdbus::Variant>;  // a{sv}
using ItemsDict = std::map<std::string, VariantDict>;       // a{sa{sv}}

// Invalid -> empty `ai`; int32 -> i; int64 -> x; double -> d; string -> s.
sdbus::Variant toVariant(const venus::ItemValue& value);
// What a SetValue brings: integers of any width (i u n q y x t, and b as 0/1) become int32 when
// they fit, else int64; d -> double; s -> string; an empty array of any basic type -> Invalid.
// Anything else (non-empty arrays, structs, dicts, uint64 above int64): nullopt.
std::optional<venus::ItemValue> fromVariant(const sdbus::Variant& variant);

// GetText of a leaf: its text, "---" when invalid and without text (velib), else the value.
std::string textOf(const venus::Item& item);
// velib compares SetValue's value with the current one as numbers (5 == 5.0): equal -> 0, no call.
bool sameValue(const venus::ItemValue& a, const venus::ItemValue& b);

// {"Value": v, "Text": v(s)} of one leaf (GetItems, ItemsChanged, PropertiesChanged).
VariantDict itemEntry(const venus::Item& item);
// GetItems: every leaf by full path.
ItemsDict allItems(const venus::ItemTree& tree);
// ItemsChanged: the given leaves that still exist.
ItemsDict someItems(const venus::ItemTree& tree, const std::vector<std::string>& paths);
// GetValue / GetText on "/" or an intermediate node: the subtree keyed relative to `node`.
VariantDict subtreeValues(const venus::ItemTree& tree, std::string_view node);
VariantDict subtreeTexts(const venus::ItemTree& tree, std::string_view node);

}  // namespace vreglink::dbus
