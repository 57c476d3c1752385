// One device as Home Assistant sees it (issue 6 item 4): its discovery configs (kept after the
// device leaves, so HA keeps the entities and their history), its retained JSON state topic —
// published when the device comes and then at most once per state interval while its entity
// paths change (a burst of changes gives one message with the latest values) — and its retained
// availability: "online" while it is in the directory and /Connected is not 0, "offline" else.
// Watches the item tree while the device is present. Lives on the daemon's io_context.
#pragma once

#include "mqttgw/ha_discovery.h"
#include "mqttgw/ha_entities.h"
#include "venus/device_directory.h"
#include "venus/item_tree.h"

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace vreglink::mqttgw {

enum class HaMessageKind : std::uint8_t { Config, State, Availability };

// What an HaDevice needs from HomeAssistantDiscovery: retained publishing (QoS by kind).
class HaPublisher {
  public:
    virtual ~HaPublisher() = default;
    virtual void publishRetained(std::string topic, std::string payload, HaMessageKind kind) = 0;
};

struct HaDeviceSettings {
    std::string portalId;
    std::string discoveryPrefix;
    std::chrono::milliseconds stateInterval{1000};
    bool controls = true;
};

class HaDevice final : public venus::ItemObserver {
  public:
    // Starts present: observes device.tree (set, and valid until detach()). Publishes nothing
    // until publishAll().
    HaDevice(asio::io_context& io, const venus::PublishedDevice& device,
             const HaDeviceSettings& settings, HaPublisher& publisher);
    ~HaDevice() override;
    HaDevice(const HaDevice&) = delete;
    HaDevice& operator=(const HaDevice&) = delete;

    const std::string& serviceName() const { return serviceName_; }
    const HaTopics& topics() const { return topics_; }
    const std::vector<HaEntity>& entities() const { return entities_; }
    bool present() const { return tree_ != nullptr; }
    bool online() const;

    // The device is back (same service, type and instance): observe its new tree; publishAll()
    // announces it.
    void attach(const venus::PublishedDevice& device);
    // The device left the directory: stop observing, publish "offline"; configs are kept.
    void detach();
    // Configs, state (when present) and availability, whatever was published before (connect,
    // Home Assistant restarted).
    void publishAll();

  private:
    using Clock = std::chrono::steady_clock;

    void onItemChanged(const std::string& path, const venus::Item& item) override;
    void onItemRemoved(const std::string& path) override;
    void pathChanged(const std::string& path);

    void rebuild();  // entities, device info and configs from the tree
    void publishConfigs(bool onlyChanged);
    void publishState();
    void publishAvailability();
    void scheduleFlush();
    void flush();

    HaDeviceSettings settings_;
    HaPublisher& publisher_;
    std::string serviceName_;
    std::string type_;
    std::int32_t instance_ = 0;
    venus::ItemTree* tree_ = nullptr;
    HaTopics topics_;
    std::vector<HaEntity> entities_;
    std::vector<std::string> entityPaths_;  // sorted, for the observer
    // Config topic and payload per entity, as last built (and published when changed).
    std::vector<std::pair<std::string, std::string>> configs_;
    std::string lastState_;
    bool lastOnline_ = false;
    bool stateDirty_ = false;
    bool configsDirty_ = false;
    bool flushArmed_ = false;
    Clock::time_point lastStateAt_{};
    asio::steady_timer flushTimer_;
    // Timer handlers hold this weakly (a handler queued before destruction finds it empty).
    std::shared_ptr<HaDevice*> self_ = std::make_shared<HaDevice*>(this);
};

}  // namespace vreglink::mqttgw
