// GetText for published items (venus-dbus-mqtt.md §2.2): velib-style texts, number then unit with
// no space ("12.80V", "15.0A", "142W", "87.6%", "25°C"), "---" for invalid. Enum-like paths
// (/State, /Mode, /ErrorCode) are published as plain integers, so their text is the number.
#pragma once

#include "venus/item_tree.h"
#include "venus/item_value.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vreglink::venus {

struct ItemFormat {
    std::string_view unit{};  // appended as is ("V", "°C", "kWh"); empty for counts and enums
    int decimals = 0;         // digits after the point for doubles; integers print whole
};

// "---" for Invalid; integers "%d" + unit; doubles "%.*f" + unit; strings as they are.
std::string itemText(const ItemValue& value, const ItemFormat& format = {});

// "0xA056": /ProductId's text (§2.5; velib prints the product id as 0x%X).
std::string productIdText(std::uint16_t productId);

// The number in a value, for writes: int or double; nullopt for Invalid and strings.
std::optional<double> numberOf(const ItemValue& value);

// GetText of a leaf: its text, "---" when invalid and without text (velib), else the value.
std::string textOf(const Item& item);
// velib compares SetValue's value with the current one as numbers (5 == 5.0): equal -> 0, no call.
bool sameValue(const ItemValue& a, const ItemValue& b);

}  // namespace vreglink::venus
