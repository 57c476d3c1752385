// One device's discovery configs, state and availability for Home Assistant (see ha_device.h).
#include "mqttgw/ha_device.h"

#include "venus/item_text.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace vreglink::mqttgw {
namespace {

// Paths the device block is made of (§2.5): a change (the CustomName read from the device a
// little after start, a rename) re-publishes the configs that changed.
constexpr std::array<std::string_view, 5> kInfoPaths{"/CustomName", "/ProductName", "/ProductId",
                                                     "/FirmwareVersion", "/Serial"};
constexpr std::string_view kConnected = "/Connected";

}  // namespace

HaDevice::HaDevice(asio::io_context& io, const venus::PublishedDevice& device,
                   const HaDeviceSettings& settings, HaPublisher& publisher)
    : settings_(settings),
      publisher_(publisher),
      serviceName_(device.serviceName),
      type_(device.type),
      instance_(device.instance),
      topics_(haTopics(settings.portalId, device.type, device.instance)),
      flushTimer_(io) {
    attach(device);
}

HaDevice::~HaDevice() {
    self_.reset();
    if (tree_ != nullptr) tree_->removeObserver(*this);
}

bool HaDevice::online() const {
    if (tree_ == nullptr) return false;
    // A device whose link is down is still in the directory with /Connected 0 (DESIGN.md
    // "Runtime": hot-plug); its values are stale, so HA should show it unavailable.
    const auto* connected = tree_->find(kConnected);
    if (connected == nullptr) return true;
    const auto value = venus::numberOf(connected->value);
    return !value || *value != 0;
}

void HaDevice::attach(const venus::PublishedDevice& device) {
    if (tree_ != nullptr) tree_->removeObserver(*this);
    tree_ = device.tree;
    serviceName_ = device.serviceName;
    rebuild();
    tree_->addObserver(*this);
    lastState_.clear();
}

void HaDevice::detach() {
    if (tree_ == nullptr) return;
    tree_->removeObserver(*this);
    tree_ = nullptr;
    flushTimer_.cancel();
    flushArmed_ = false;
    stateDirty_ = false;
    configsDirty_ = false;
    publishAvailability();
}

void HaDevice::rebuild() {
    const venus::PublishedDevice device{serviceName_, type_, instance_, tree_, nullptr};
    entities_ = haEntitiesFor(type_, *tree_, settings_.controls);
    entityPaths_.clear();
    for (const auto& e : entities_) entityPaths_.push_back(e.path);
    std::sort(entityPaths_.begin(), entityPaths_.end());
    const HaDeviceInfo info = haDeviceInfo(device, settings_.portalId);
    std::vector<std::pair<std::string, std::string>> configs;
    for (const auto& e : entities_) {
        configs.emplace_back(haConfigTopic(settings_.discoveryPrefix, topics_, e),
                             encodeHaConfig(e, info, topics_));
    }
    // Configs of entities the device no longer has stay published (HA keeps them unavailable
    // rather than losing their history); they are only no longer refreshed.
    configs_ = std::move(configs);
}

void HaDevice::publishConfigs(bool onlyChanged) {
    const auto previous = onlyChanged ? configs_ : decltype(configs_){};
    if (onlyChanged) rebuild();
    for (const auto& [topic, payload] : configs_) {
        if (onlyChanged && std::find(previous.begin(), previous.end(), std::pair(topic, payload)) !=
                               previous.end()) {
            continue;
        }
        publisher_.publishRetained(topic, payload, HaMessageKind::Config);
    }
}

void HaDevice::publishState() {
    stateDirty_ = false;
    lastStateAt_ = Clock::now();
    lastState_ = encodeHaState(entities_, *tree_);
    publisher_.publishRetained(topics_.state, lastState_, HaMessageKind::State);
}

void HaDevice::publishAvailability() {
    lastOnline_ = online();
    publisher_.publishRetained(topics_.availability, lastOnline_ ? "online" : "offline",
                               HaMessageKind::Availability);
}

void HaDevice::publishAll() {
    // Configs first: HA creates the entities, then reads the retained state and availability.
    publishConfigs(false);
    if (tree_ != nullptr) publishState();
    publishAvailability();
}

void HaDevice::onItemChanged(const std::string& path, const venus::Item& /*item*/) {
    pathChanged(path);
}

void HaDevice::onItemRemoved(const std::string& path) {
    pathChanged(path);
}

void HaDevice::pathChanged(const std::string& path) {
    if (path == kConnected) {
        if (online() != lastOnline_) publishAvailability();
        return;
    }
    if (std::find(kInfoPaths.begin(), kInfoPaths.end(), path) != kInfoPaths.end()) {
        configsDirty_ = true;
        stateDirty_ = true;  // /FirmwareVersion is also an entity
        scheduleFlush();
        return;
    }
    if (std::binary_search(entityPaths_.begin(), entityPaths_.end(), path)) {
        stateDirty_ = true;
        scheduleFlush();
    }
}

void HaDevice::scheduleFlush() {
    if (flushArmed_ || tree_ == nullptr) return;
    flushArmed_ = true;
    // At most one state message per interval; a change after a quiet interval goes out on the
    // next loop turn (which still gathers the other paths of the same TEXT block).
    flushTimer_.expires_at(std::max(Clock::now(), lastStateAt_ + settings_.stateInterval));
    flushTimer_.async_wait([weak = std::weak_ptr<HaDevice*>(self_)](const asio::error_code& ec) {
        if (ec) return;
        if (const auto self = weak.lock()) (*self)->flush();
    });
}

void HaDevice::flush() {
    flushArmed_ = false;
    if (tree_ == nullptr) return;
    if (configsDirty_) {
        configsDirty_ = false;
        publishConfigs(true);
    }
    if (!stateDirty_) return;
    // Values that changed and changed back within the interval give the same state: not resent.
    if (encodeHaState(entities_, *tree_) == lastState_) {
        stateDirty_ = false;
        return;
    }
    publishState();
}

}  // namespace vreglink::mqttgw
