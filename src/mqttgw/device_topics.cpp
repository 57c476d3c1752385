// One device's N topics (venus-dbus-mqtt.md §4.2–4.4).
#include "mqttgw/device_topics.h"

#include "mqttgw/value_payload.h"

namespace vreglink::mqttgw {

DeviceTopics::DeviceTopics(const venus::PublishedDevice& device, std::string_view portalId,
                           DeviceTopicsOwner& owner)
    : device_(device), owner_(owner) {
    prefix_.reserve(portalId.size() + device_.type.size() + 16);
    prefix_ += "N/";
    prefix_ += portalId;
    prefix_ += '/';
    prefix_ += device_.type;
    prefix_ += '/';
    prefix_ += std::to_string(device_.instance);
    device_.tree->addObserver(*this);
}

DeviceTopics::~DeviceTopics() {
    device_.tree->removeObserver(*this);
}

std::string DeviceTopics::topicFor(std::string_view path) const {
    std::string topic;
    topic.reserve(prefix_.size() + path.size());
    topic += prefix_;
    topic += path;  // the D-Bus path's leading '/' separates it from the instance
    return topic;
}

void DeviceTopics::publishLeaf(std::string_view path, const venus::Item& item) {
    owner_.publishTopic(topicFor(path), encodeValuePayload(item.value));
}

std::size_t DeviceTopics::publishAll() {
    for (const auto& [path, item] : device_.tree->items()) publishLeaf(path, item);
    return device_.tree->items().size();
}

std::size_t DeviceTopics::publishPath(std::string_view path) {
    const venus::ItemTree& tree = *device_.tree;
    if (const venus::Item* item = tree.find(path)) {
        publishLeaf(path, *item);
        return 1;
    }
    if (!tree.isNode(path)) return 0;
    while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);  // "/Dc/" is "/Dc"
    const auto leaves = tree.subtree(path);
    std::string full;
    for (const auto& [relative, item] : leaves) {
        full.assign(path == "/" ? std::string_view{} : path);
        full += '/';
        full += relative;
        publishLeaf(full, *item);
    }
    return leaves.size();
}

std::size_t DeviceTopics::publishPending() {
    std::size_t published = 0;
    const auto batch = std::move(pending_);
    pending_.clear();
    for (const auto& path : batch) {
        // Removed since: its zero-length payload went out at once, nothing more to say.
        if (const venus::Item* item = device_.tree->find(path)) {
            publishLeaf(path, *item);
            ++published;
        }
    }
    return published;
}

std::size_t DeviceTopics::clearAll() {
    pending_.clear();
    for (const auto& [path, item] : device_.tree->items()) owner_.publishTopic(topicFor(path), {});
    return device_.tree->items().size();
}

void DeviceTopics::onItemChanged(const std::string& path, const venus::Item& /*item*/) {
    if (!owner_.changesWanted()) return;  // not alive: the next keep-alive republishes anyway
    pending_.insert(path);
    owner_.changesPending();
}

void DeviceTopics::onItemRemoved(const std::string& path) {
    if (pending_.erase(path) == 0 && !owner_.changesWanted()) return;
    // A path that went away is cleared like the topics of a service that went away (§4.3).
    owner_.publishTopic(topicFor(path), {});
}

}  // namespace vreglink::mqttgw
