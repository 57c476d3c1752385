#include "dbus/variant_conversion.h"

#include "dbus/basic_item_value.h"

#include <cstdint>

namespace vreglink::dbus {

namespace {

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

}  // namespace

std::optional<venus::ItemValue> fromVariant(const sdbus::Variant& variant) {
    try {
        if (variant.isEmpty()) return std::nullopt;
        const std::string type = variant.peekValueType();
        if (type.size() == 1) {
            return basicItemValue(
                type[0], [&]<typename T>() -> std::optional<T> { return variant.get<T>(); });
        }
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

}  // namespace vreglink::dbus
