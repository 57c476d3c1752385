// Strong types for the protocol ids that travel together and must never be mixed up.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace vreglink {

// A register ("VREG") id: 16 bits, little-endian on every wire (vedirect.md §3.1).
struct VregId {
    std::uint16_t value = 0;

    constexpr VregId() = default;
    constexpr explicit VregId(std::uint16_t v) : value(v) {}
    friend constexpr auto operator<=>(VregId, VregId) = default;
};

// A product id (PID), shared by VE.Direct, VE.Can and the Bluetooth "model id" (vedirect.md §2.7).
struct ProductId {
    std::uint16_t value = 0;

    constexpr ProductId() = default;
    constexpr explicit ProductId(std::uint16_t v) : value(v) {}
    friend constexpr auto operator<=>(ProductId, ProductId) = default;
};

// "0xEDF0": upper-case, four digits, the way specs and users write register ids.
std::string formatVregId(VregId id);
// "0xA056"
std::string formatProductId(ProductId id);

// Accepts "0xEDF0", "0XEDF0", "EDF0", "edf0" (1–4 hex digits). Anything else: nullopt.
std::optional<VregId> parseVregId(std::string_view text);

}  // namespace vreglink

template <>
struct std::hash<vreglink::VregId> {
    std::size_t operator()(vreglink::VregId id) const noexcept { return id.value; }
};
template <>
struct std::hash<vreglink::ProductId> {
    std::size_t operator()(vreglink::ProductId id) const noexcept { return id.value; }
};
