// Byte classification tables shared by the HEX codec and the stream decoder. Internal header.
#pragma once

#include "core/bytes.h"

#include <array>
#include <cstdint>

namespace vreglink::vedirect::detail {

// Nibble value of a hex digit (either case, §2.4 "lower-case hex accepted"), kNotHex otherwise.
// A table instead of hexDigitValue() branches: the stream decoder looks up every HEX byte.
inline constexpr std::uint8_t kNotHex = 0xFF;
inline constexpr std::array<std::uint8_t, 256> kNibble = [] {
    std::array<std::uint8_t, 256> t{};
    for (std::size_t i = 0; i < t.size(); ++i) {
        const int v = hexDigitValue(static_cast<char>(i));
        t[i] = v < 0 ? kNotHex : static_cast<std::uint8_t>(v);
    }
    return t;
}();

inline constexpr char kUpperDigits[] = "0123456789ABCDEF";

}  // namespace vreglink::vedirect::detail
