#include "core/ids.h"

#include "core/bytes.h"

#include <fmt/format.h>

namespace vreglink {

std::string formatVregId(VregId id) {
    return fmt::format("0x{:04X}", id.value);
}

std::string formatProductId(ProductId id) {
    return fmt::format("0x{:04X}", id.value);
}

std::optional<VregId> parseVregId(std::string_view text) {
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        text.remove_prefix(2);
    }
    if (text.empty() || text.size() > 4) return std::nullopt;
    unsigned value = 0;
    for (char c : text) {
        const int d = hexDigitValue(c);
        if (d < 0) return std::nullopt;
        value = value * 16 + static_cast<unsigned>(d);
    }
    return VregId(static_cast<std::uint16_t>(value));
}

}  // namespace vreglink
