#include "venus/device_directory.h"

#include <algorithm>
#include <charconv>

namespace vreglink::venus {

void DeviceDirectory::add(PublishedDevice device) {
    remove(device.serviceName);
    devices_.push_back(std::move(device));
    const PublishedDevice added = devices_.back();  // listeners may change the directory
    for (auto* l : std::vector(listeners_)) l->onDeviceAdded(added);
}

void DeviceDirectory::remove(std::string_view serviceName) {
    auto it = std::find_if(devices_.begin(), devices_.end(),
                           [&](const PublishedDevice& d) { return d.serviceName == serviceName; });
    if (it == devices_.end()) return;
    const PublishedDevice removed = *it;
    devices_.erase(it);
    for (auto* l : std::vector(listeners_)) l->onDeviceRemoved(removed);
}

const PublishedDevice* DeviceDirectory::find(std::string_view type, std::int32_t instance) const {
    for (auto it = devices_.rbegin(); it != devices_.rend(); ++it) {
        if (it->type == type && it->instance == instance) return &*it;
    }
    return nullptr;
}

const PublishedDevice* DeviceDirectory::find(std::string_view key) const {
    const auto slash = key.find('/');
    if (slash == std::string_view::npos) return nullptr;
    std::int32_t instance = 0;
    const auto digits = key.substr(slash + 1);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), instance);
    if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty()) {
        return nullptr;
    }
    return find(key.substr(0, slash), instance);
}

void DeviceDirectory::addListener(DeviceDirectoryListener& listener) {
    listeners_.push_back(&listener);
}

void DeviceDirectory::removeListener(DeviceDirectoryListener& listener) {
    listeners_.erase(std::remove(listeners_.begin(), listeners_.end(), &listener),
                     listeners_.end());
}

}  // namespace vreglink::venus
