#include "instance_registry.h"

namespace vreglink::daemon {

std::optional<std::string> InstanceRegistry::holder(std::string_view serviceType,
                                                    std::int32_t instance,
                                                    std::string_view except) const {
    for (const auto& [owner, held] : held_) {
        if (owner != except && held.first == serviceType && held.second == instance) return owner;
    }
    return std::nullopt;
}

std::int32_t InstanceRegistry::freeInstance(std::string_view serviceType, std::int32_t preferred,
                                            std::string_view owner) const {
    constexpr std::int32_t kBlock = 32;
    const std::int32_t start = preferred - preferred % kBlock;
    for (std::int32_t step = 0; step < kBlock; ++step) {
        const std::int32_t candidate = start + (preferred - start + step) % kBlock;
        if (!holder(serviceType, candidate, owner)) return candidate;
    }
    return preferred;
}

void InstanceRegistry::hold(const std::string& owner, std::string serviceType,
                            std::int32_t instance) {
    held_.insert_or_assign(owner, std::make_pair(std::move(serviceType), instance));
}

void InstanceRegistry::release(std::string_view owner) {
    if (const auto it = held_.find(owner); it != held_.end()) held_.erase(it);
}

}  // namespace vreglink::daemon
