#include "link/ble_address.h"

#include <fmt/format.h>

#include <charconv>

namespace vreglink::link {

std::optional<BleAddress> BleAddress::parse(std::string_view text) {
    if (text.size() != 17) return std::nullopt;
    BleAddress address;
    for (std::size_t i = 0; i < 6; ++i) {
        const std::string_view pair = text.substr(i * 3, 2);
        if (i < 5 && text[i * 3 + 2] != ':') return std::nullopt;
        unsigned value = 0;
        const auto [end, ec] = std::from_chars(pair.data(), pair.data() + 2, value, 16);
        if (ec != std::errc{} || end != pair.data() + 2) return std::nullopt;
        address.bytes_[i] = static_cast<std::uint8_t>(value);
    }
    return address;
}

std::string BleAddress::text() const {
    return fmt::format("{:02X}:{:02X}:{:02X}:{:02X}:{:02X}:{:02X}", bytes_[0], bytes_[1], bytes_[2],
                       bytes_[3], bytes_[4], bytes_[5]);
}

std::string BleAddress::objectPath(std::string_view adapterPath) const {
    return fmt::format("{}/dev_{:02X}_{:02X}_{:02X}_{:02X}_{:02X}_{:02X}", adapterPath, bytes_[0],
                       bytes_[1], bytes_[2], bytes_[3], bytes_[4], bytes_[5]);
}

}  // namespace vreglink::link
