#include "portal_id.h"

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <fstream>

#include <unistd.h>

namespace vreglink::daemon {

std::string portalIdFrom(std::string_view machineId) {
    std::uint64_t hash = 0xcbf29ce484222325ULL;  // FNV-1a 64 offset basis
    for (const char c : machineId) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 0x100000001b3ULL;
    }
    return fmt::format("{:012x}", hash & 0xFFFFFFFFFFFFULL);
}

std::string derivePortalId() {
    for (const char* file : {"/etc/machine-id", "/var/lib/dbus/machine-id"}) {
        std::ifstream in(file);
        std::string id;
        if (in >> id && !id.empty()) return portalIdFrom(id);
    }
    std::array<char, 256> host{};
    if (::gethostname(host.data(), host.size() - 1) == 0 && host[0] != '\0') {
        return portalIdFrom(host.data());
    }
    return portalIdFrom("vreglinkd");
}

}  // namespace vreglink::daemon
