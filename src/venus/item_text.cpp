#include "venus/item_text.h"

#include <fmt/format.h>

#include <type_traits>

namespace vreglink::venus {

std::string itemText(const ItemValue& value, const ItemFormat& format) {
    return std::visit(
        [&format](const auto& v) -> std::string {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, Invalid>) {
                return "---";  // velib's text for None (§2.2)
            } else if constexpr (std::is_same_v<T, std::string>) {
                return v;
            } else if constexpr (std::is_same_v<T, double>) {
                // -0.0 would print "-0.0A" for a rounding-small negative current; velib's
                // "%.1f" would too, but a sign on zero only confuses people.
                std::string s =
                    fmt::format("{:.{}f}", v, format.decimals < 0 ? 0 : format.decimals);
                if (s.front() == '-' && s.find_first_not_of("-0.") == std::string::npos)
                    s.erase(0, 1);
                return s + std::string(format.unit);
            } else {
                return fmt::format("{}{}", v, format.unit);
            }
        },
        value);
}

std::string productIdText(std::uint16_t productId) {
    return fmt::format("0x{:04X}", productId);
}

std::optional<double> numberOf(const ItemValue& value) {
    if (const auto* i = std::get_if<std::int32_t>(&value)) return static_cast<double>(*i);
    if (const auto* x = std::get_if<std::int64_t>(&value)) return static_cast<double>(*x);
    if (const auto* d = std::get_if<double>(&value)) return *d;
    return std::nullopt;
}

std::string textOf(const Item& item) {
    if (!item.text.empty()) return item.text;
    // No format known: a double in its shortest exact form rather than rounded to an integer.
    if (const auto* d = std::get_if<double>(&item.value)) return fmt::format("{}", *d);
    return itemText(item.value);
}

bool sameValue(const ItemValue& a, const ItemValue& b) {
    const auto x = numberOf(a);
    const auto y = numberOf(b);
    if (x && y) return *x == *y;
    return a == b;
}

}  // namespace vreglink::venus
