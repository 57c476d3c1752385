// Register payloads and the hex text people and JSON use for them.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vreglink {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

// Lower-case hex without separators ("9600"): the JSON and D-Bus-adjacent convention.
std::string toHex(ByteView bytes);
// Upper-case hex without separators ("9600"): the VE.Direct wire convention.
std::string toHexUpper(ByteView bytes);
// Hex with a space between bytes ("96 00"): for people.
std::string toHexSpaced(ByteView bytes);

// Parses hex bytes. Accepts an optional "0x" prefix, upper or lower case, and spaces, ':' or '-'
// between byte pairs. An odd number of digits or any other character: nullopt.
std::optional<Bytes> parseHexBytes(std::string_view text);

// Value of one hex digit, or -1.
constexpr int hexDigitValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

// Little-endian helpers (every VREG payload is little-endian).
constexpr std::uint16_t readLe16(const std::uint8_t* p) {
    return static_cast<std::uint16_t>(p[0] | (p[1] << 8));
}
constexpr std::uint32_t readLe32(const std::uint8_t* p) {
    return static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) |
           (static_cast<std::uint32_t>(p[2]) << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
}
inline void appendLe16(Bytes& out, std::uint16_t v) {
    out.push_back(static_cast<std::uint8_t>(v & 0xFF));
    out.push_back(static_cast<std::uint8_t>(v >> 8));
}

}  // namespace vreglink
