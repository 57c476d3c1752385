// Conversions between device data and Venus values for one PathSpec row: TEXT field values and
// register bytes in, register bytes out for SetValue (venus-dbus-mqtt.md §2.4, vedirect.md §2.4).
#pragma once

#include "catalog/register_info.h"
#include "core/bytes.h"
#include "venus/item_value.h"
#include "venus/path_table.h"

#include <optional>
#include <string_view>

namespace vreglink::venus {

// A TEXT integer as sent: decimal ("-1620"), or 0x-prefixed hex for OR; nullopt for "---" and
// anything that is not a number.
std::optional<std::int64_t> parseTextInteger(std::string_view value, TextKind kind);

// The raw integer of register bytes, typed by the catalog (sign-extended for sn types);
// nullopt when the catalog does not know the register or the length does not match the type.
std::optional<std::int64_t> rawInteger(const catalog::RegisterInfo* info, ByteView data);

// Raw integer (TEXT or HEX) -> the row's Venus value; Invalid for the n/a sentinels.
ItemValue fromTextRaw(const PathSpec& row, std::int64_t raw);
ItemValue fromVregRaw(const PathSpec& row, const catalog::RegisterInfo* info, std::int64_t raw);

// A SetValue request -> register bytes, or nullopt when it is not a number, not an accepted
// value, or outside the type's / catalog's range (answered "rejected" without writing).
std::optional<Bytes> encodeWrite(const PathSpec& row, const catalog::RegisterInfo* info,
                                 const ItemValue& requested);

// The item text for a row's value.
std::string rowText(const PathSpec& row, const ItemValue& value);

}  // namespace vreglink::venus
