// The N topics of one published device (venus-dbus-mqtt.md §4.2): N/<portal>/<type>/<instance>/
// <path>, the prefix built once per device so that a full republish only appends paths. Watches
// the device's item tree for changes, which it batches (a path changed twice in one batch is
// published once, with its latest value) until its owner flushes them.
#pragma once

#include "venus/device_directory.h"
#include "venus/item_tree.h"

#include <cstddef>
#include <set>
#include <string>
#include <string_view>

namespace vreglink::mqttgw {

// What a DeviceTopics needs from the front end that owns it (VenusTopics).
class DeviceTopicsOwner {
  public:
    virtual ~DeviceTopicsOwner() = default;
    // QoS 0, not retained (§4.2); an empty payload is the zero-length "gone" payload (§4.3).
    virtual void publishTopic(std::string topic, std::string payload) = 0;
    // True while changes are to be published (alive, §4.4); changes are not even recorded else.
    virtual bool changesWanted() const = 0;
    // A change was recorded: flush a batch soon.
    virtual void changesPending() = 0;
};

class DeviceTopics final : public venus::ItemObserver {
  public:
    // Starts observing device.tree (which must be set and outlive this object).
    DeviceTopics(const venus::PublishedDevice& device, std::string_view portalId,
                 DeviceTopicsOwner& owner);
    ~DeviceTopics() override;
    DeviceTopics(const DeviceTopics&) = delete;
    DeviceTopics& operator=(const DeviceTopics&) = delete;

    const venus::PublishedDevice& device() const { return device_; }
    // "/Dc/0/Voltage" -> "N/<portal>/solarcharger/288/Dc/0/Voltage".
    std::string topicFor(std::string_view path) const;

    // Every leaf (full republish); returns how many topics.
    std::size_t publishAll();
    // A leaf, or every leaf under a node ("/Dc", "/Dc/0", "/" for the device) individually
    // (§4.4 "R/… republishes every leaf under that subtree"); 0 when the path names nothing.
    std::size_t publishPath(std::string_view path);
    // The batched changes, each with the value it has now; clears the batch.
    std::size_t publishPending();
    void dropPending() { pending_.clear(); }
    // A zero-length payload on every leaf topic (§4.3: the service disappeared).
    std::size_t clearAll();

  private:
    void onItemChanged(const std::string& path, const venus::Item& item) override;
    void onItemRemoved(const std::string& path) override;
    void publishLeaf(std::string_view path, const venus::Item& item);

    venus::PublishedDevice device_;
    DeviceTopicsOwner& owner_;
    std::string prefix_;  // "N/<portal>/<type>/<instance>", no trailing '/'
    std::set<std::string, std::less<>> pending_;
};

}  // namespace vreglink::mqttgw
