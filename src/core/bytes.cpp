#include "core/bytes.h"

namespace vreglink {
namespace {

std::string toHexWith(ByteView bytes, const char* digits, bool spaced) {
    std::string out;
    out.reserve(bytes.size() * (spaced ? 3 : 2));
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (spaced && i != 0) out.push_back(' ');
        out.push_back(digits[bytes[i] >> 4]);
        out.push_back(digits[bytes[i] & 0x0F]);
    }
    return out;
}

}  // namespace

std::string toHex(ByteView bytes) {
    return toHexWith(bytes, "0123456789abcdef", false);
}
std::string toHexUpper(ByteView bytes) {
    return toHexWith(bytes, "0123456789ABCDEF", false);
}
std::string toHexSpaced(ByteView bytes) {
    return toHexWith(bytes, "0123456789abcdef", true);
}

std::optional<Bytes> parseHexBytes(std::string_view text) {
    if (text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        text.remove_prefix(2);
    }
    Bytes out;
    out.reserve(text.size() / 2);
    int high = -1;
    for (char c : text) {
        if (c == ' ' || c == ':' || c == '-') {
            if (high >= 0) return std::nullopt;  // separator inside a byte pair
            continue;
        }
        const int d = hexDigitValue(c);
        if (d < 0) return std::nullopt;
        if (high < 0) {
            high = d;
        } else {
            out.push_back(static_cast<std::uint8_t>(high * 16 + d));
            high = -1;
        }
    }
    if (high >= 0) return std::nullopt;
    return out;
}

}  // namespace vreglink
