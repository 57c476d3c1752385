#include "dbus/variant_conversion.h"

#include "dbus/dbus_names.h"

#include <fmt/format.h>

#include <cstdint>
#include <limits>
#include <type_traits>

namespace vreglink::dbus {

namespace {

venus::ItemValue fromInteger(std::int64_t v) {
    if (v >= std::numeric_limits<std::int32_t>::min() &&
        v <= std::numeric_limits<std::int32_t>::max()) {
        return static_cast<std::int32_t>(v);
    }
    return v;
}

template <typename T>
bool isEmptyArrayOf(const sdbus::Variant& variant) {
    return variant.get<std::vector<T>>().empty();
}

// velib/dbus-flashmq: any empty array reads as invalid (§2.4), whatever its element type.
std::optional<bool> isEmptyArray(const sdbus::Variant& variant, std::string_view element) {
    if (element == "i") return isEmptyArrayOf<std::int32_t>(variant);
    if (element == "u") return isEmptyArrayOf<std::uint32_t>(variant);
    if (element == "n") return isEmptyArrayOf<std::int16_t>(variant);
    if (element == "q") return isEmptyArrayOf<std::uint16_t>(variant);
    if (element == "y") return isEmptyArrayOf<std::uint8_t>(variant);
    if (element == "x") return isEmptyArrayOf<std::int64_t>(variant);
    if (element == "t") return isEmptyArrayOf<std::uint64_t>(variant);
    if (element == "d") return isEmptyArrayOf<double>(variant);
    if (element == "b") return isEmptyArrayOf<bool>(variant);
    if (element == "s") return isEmptyArrayOf<std::string>(variant);
    if (element == "v") return isEmptyArrayOf<sdbus::Variant>(variant);
    return std::nullopt;
}

std::optional<double> asNumber(const venus::ItemValue& v) {
    if (const auto* i = std::get_if<std::int32_t>(&v)) return *i;
    if (const auto* l = std::get_if<std::int64_t>(&v)) return static_cast<double>(*l);
    if (const auto* d = std::get_if<double>(&v)) return *d;
    return std::nullopt;
}

}  // namespace

sdbus::Variant toVariant(const venus::ItemValue& value) {
    return std::visit(
        [](const auto& v) -> sdbus::Variant {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, venus::Invalid>) {
                return sdbus::Variant(std::vector<std::int32_t>{});
            } else {
                return sdbus::Variant(v);
            }
        },
        value);
}

std::optional<venus::ItemValue> fromVariant(const sdbus::Variant& variant) {
    try {
        if (variant.isEmpty()) return std::nullopt;
        const std::string type = variant.peekValueType();
        if (type == "i") return variant.get<std::int32_t>();
        if (type == "u") return fromInteger(variant.get<std::uint32_t>());
        if (type == "n") return static_cast<std::int32_t>(variant.get<std::int16_t>());
        if (type == "q") return static_cast<std::int32_t>(variant.get<std::uint16_t>());
        if (type == "y") return static_cast<std::int32_t>(variant.get<std::uint8_t>());
        if (type == "x") return fromInteger(variant.get<std::int64_t>());
        if (type == "t") {
            const auto v = variant.get<std::uint64_t>();
            if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
                return std::nullopt;
            }
            return fromInteger(static_cast<std::int64_t>(v));
        }
        if (type == "b") return static_cast<std::int32_t>(variant.get<bool>() ? 1 : 0);
        if (type == "d") return variant.get<double>();
        if (type == "s") return variant.get<std::string>();
        if (type.size() == 2 && type[0] == 'a') {
            if (isEmptyArray(variant, std::string_view(type).substr(1)).value_or(false)) {
                return venus::Invalid{};
            }
        }
    } catch (const sdbus::Error&) {
        // A value sdbus-c++ cannot read as announced: reject like any other unusable type.
    }
    return std::nullopt;
}

std::string textOf(const venus::Item& item) {
    if (!item.text.empty()) return item.text;
    return std::visit(
        [](const auto& v) -> std::string {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, venus::Invalid>) {
                return "---";
            } else if constexpr (std::is_same_v<T, std::string>) {
                return v;
            } else {
                return fmt::format("{}", v);
            }
        },
        item.value);
}

bool sameValue(const venus::ItemValue& a, const venus::ItemValue& b) {
    const auto x = asNumber(a);
    const auto y = asNumber(b);
    if (x && y) return *x == *y;
    return a == b;
}

VariantDict itemEntry(const venus::Item& item) {
    return VariantDict{{names::kValueKey, toVariant(item.value)},
                       {names::kTextKey, sdbus::Variant(textOf(item))}};
}

ItemsDict allItems(const venus::ItemTree& tree) {
    ItemsDict out;
    for (const auto& [path, item] : tree.items()) out.emplace(path, itemEntry(item));
    return out;
}

ItemsDict someItems(const venus::ItemTree& tree, const std::vector<std::string>& paths) {
    ItemsDict out;
    for (const auto& path : paths) {
        if (const auto* item = tree.find(path)) out.emplace(path, itemEntry(*item));
    }
    return out;
}

VariantDict subtreeValues(const venus::ItemTree& tree, std::string_view node) {
    VariantDict out;
    for (const auto& [relative, item] : tree.subtree(node)) {
        out.emplace(relative, toVariant(item->value));
    }
    return out;
}

VariantDict subtreeTexts(const venus::ItemTree& tree, std::string_view node) {
    VariantDict out;
    for (const auto& [relative, item] : tree.subtree(node)) {
        out.emplace(relative, sdbus::Variant(textOf(*item)));
    }
    return out;
}

}  // namespace vreglink::dbus
