#include "naming.h"

#include <fmt/format.h>

#include <cctype>

namespace vreglink::daemon {

std::string sanitizeNameElement(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 1);
    for (const char c : text) {
        const bool ok = std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
        out.push_back(ok && static_cast<unsigned char>(c) < 0x80 ? c : '_');
    }
    if (out.empty() || std::isdigit(static_cast<unsigned char>(out.front())) != 0) {
        out.insert(out.begin(), '_');
    }
    return out;
}

std::string serviceSuffix(const std::string& configuredName, const std::string& path) {
    if (!configuredName.empty()) return sanitizeNameElement(configuredName);
    std::string_view base = path;
    while (base.size() > 1 && base.back() == '/') base.remove_suffix(1);
    if (const auto slash = base.rfind('/'); slash != std::string_view::npos) {
        base.remove_prefix(slash + 1);
    }
    return sanitizeNameElement(base);
}

std::string bleServiceSuffix(const std::string& configuredName, std::string_view address) {
    if (!configuredName.empty()) return sanitizeNameElement(configuredName);
    std::string name = "ble_";
    for (const char c : address) {
        if (c != ':')
            name.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    return sanitizeNameElement(name);
}

std::string serviceName(const std::string& type, const std::string& suffix) {
    return fmt::format("com.victronenergy.{}.{}", type, suffix);
}

std::int32_t derivedDeviceInstance(const std::string& serviceType, ProductId product,
                                   std::string_view serial) {
    std::uint32_t hash = 2166136261u;  // FNV-1a, 32 bit
    const auto mix = [&hash](unsigned char byte) {
        hash ^= byte;
        hash *= 16777619u;
    };
    mix(static_cast<unsigned char>(product.value & 0xFF));
    mix(static_cast<unsigned char>(product.value >> 8));
    for (const char c : serial) mix(static_cast<unsigned char>(c));
    const std::int32_t base = serviceType == "solarcharger" ? 288 : 256;
    return base + static_cast<std::int32_t>(hash % 32u);
}

std::string settingsUniqueId(ProductId product, std::string_view serial) {
    if (serial.empty()) return fmt::format("vreglink_{:04X}", product.value);
    return "vreglink_" + sanitizeNameElement(serial);
}

}  // namespace vreglink::daemon
