// How a value of one basic D-Bus type becomes a Venus item value (venus-dbus-mqtt.md §2.4),
// whichever library read it: the services read raw sd-bus messages (item_message.cpp), clients
// read sdbus-c++ variants (variant_conversion.cpp). Internal to the dbus module.
#pragma once

#include "venus/item_value.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

namespace vreglink::dbus {

// `read.template operator()<T>()` returns the value as an std::optional<T> (nullopt: unreadable),
// for T in int32/uint32/int16/uint16/uint8/int64/uint64, bool, double and std::string.
// Integers of any width become int32 when they fit, else int64; b -> 0/1; d; s. uint64 above
// int64 and non-basic types: nullopt.
template <typename Read>
std::optional<venus::ItemValue> basicItemValue(char type, Read&& read) {
    const auto integer = [&]<typename T>() -> std::optional<venus::ItemValue> {
        const std::optional<T> v = read.template operator()<T>();
        if (!v) return std::nullopt;
        if constexpr (std::is_same_v<T, std::uint64_t>) {
            if (*v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
                return std::nullopt;
            }
        }
        return venus::itemValueFromInteger(static_cast<std::int64_t>(*v));
    };
    const auto exact = [&]<typename T>() -> std::optional<venus::ItemValue> {
        auto v = read.template operator()<T>();
        if (!v) return std::nullopt;
        return venus::ItemValue(std::move(*v));
    };
    switch (type) {
        case 'i':
            return integer.template operator()<std::int32_t>();
        case 'u':
            return integer.template operator()<std::uint32_t>();
        case 'n':
            return integer.template operator()<std::int16_t>();
        case 'q':
            return integer.template operator()<std::uint16_t>();
        case 'y':
            return integer.template operator()<std::uint8_t>();
        case 'x':
            return integer.template operator()<std::int64_t>();
        case 't':
            return integer.template operator()<std::uint64_t>();
        case 'b':
            return integer.template operator()<bool>();
        case 'd':
            return exact.template operator()<double>();
        case 's':
            return exact.template operator()<std::string>();
        default:
            return std::nullopt;
    }
}

}  // namespace vreglink::dbus
