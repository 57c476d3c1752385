// A Venus item value as velib defines it (venus-dbus-mqtt.md §2.4), independent of any D-Bus
// library: invalid (sent as an empty `ai`), integer, double, or string.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <variant>

namespace vreglink::venus {

struct Invalid {
    friend bool operator==(Invalid, Invalid) = default;
};

// int32 travels as `i`, int64 as `x` (velib: int -> i, x on overflow), double as `d`, string `s`.
using ItemValue = std::variant<Invalid, std::int32_t, std::int64_t, double, std::string>;

inline bool isValid(const ItemValue& v) {
    return !std::holds_alternative<Invalid>(v);
}

// velib sends int as `i` and switches to `x` only when the number does not fit (§2.4): readers
// of any integer D-Bus type normalise the same way.
inline ItemValue itemValueFromInteger(std::int64_t v) {
    if (v >= std::numeric_limits<std::int32_t>::min() &&
        v <= std::numeric_limits<std::int32_t>::max()) {
        return static_cast<std::int32_t>(v);
    }
    return v;
}

// SetValue results (§2.2): 0 OK, 1 not writable, 2 rejected by the owner.
enum class SetResult : std::int32_t { Ok = 0, NotWritable = 1, Rejected = 2 };

}  // namespace vreglink::venus
