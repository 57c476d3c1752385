// Helpers shared by the catalog parser and the value codecs. Internal to the catalog module.
#pragma once

#include "catalog/register_info.h"
#include "catalog/value_codec.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vreglink::catalog::detail {

std::string_view trim(std::string_view text);
std::string toLower(std::string_view text);
bool iequals(std::string_view a, std::string_view b);  // ASCII case-insensitive

// A whole-string integer: "-12", "+7", "150", or "0x96" / "0X96" (hex, no sign).
std::optional<std::int64_t> parseInteger(std::string_view text);
// A whole-string floating-point number (std::from_chars, locale-independent).
std::optional<double> parseDouble(std::string_view text);

// An exact decimal: value = mantissa / 10^exponent. Catalog scales and offsets (0.01, 0.25,
// -273.15) and what people type ("14.4") are decimals, so encoding can be exact (no binary
// floating-point surprises like 14.4 / 0.01 = 1439.9999999999998).
struct Decimal {
    __int128 mantissa = 0;
    int exponent = 0;  // digits after the decimal point
};
// "[+-]digits[.digits]" with at most 30 significant digits; nothing else.
std::optional<Decimal> parseDecimal(std::string_view text);
// A catalog scale/offset as a decimal with at most 9 decimals.
Decimal toDecimal(double value);
// Decimals shown for a scale: 0.01 -> 2, 0.1 -> 1, 0.25 -> 2, 1 -> 0.
int decimalsOf(double scale);

// "%.*f" without a negative zero ("-0.00" -> "0.00").
std::string formatNumber(double value, int decimals);
// Catalog unit -> what people read: "degC" -> "°C"; everything else unchanged.
std::string displayUnit(std::string_view unit);

// Raw integer range of a wire type (integers only; 0 for string/bytes).
std::int64_t typeMin(WireType type);
std::int64_t typeMax(WireType type);
// Little-endian integer of `size` bytes (1..4), sign-extended when `isSigned`.
std::int64_t readInteger(const std::uint8_t* p, std::size_t size, bool isSigned);
// The type's default "not available" sentinel (vedirect.md §3.3), as a raw (signed) value.
std::optional<std::int64_t> defaultNotAvailable(WireType type);

// Label or flags for a raw value of an enum/bitmask register: Label when the value has a label,
// Flags for any value of a bitmask register, nullopt otherwise (plain number).
std::optional<DecodedValue> decodeLabels(const RegisterInfo& info, std::int64_t raw);

}  // namespace vreglink::catalog::detail
