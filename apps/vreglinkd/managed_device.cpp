#include "managed_device.h"

#include "core/log.h"
#include "device_factory.h"
#include "instance_negotiator.h"
#include "naming.h"

#include "dbus/venus_service.h"
#include "venus/device_publisher.h"
#include "venus/item_tree.h"
#include "venus/vreglink_backend.h"

#include <algorithm>

namespace vreglink::daemon {
namespace {

using namespace std::chrono_literals;

constexpr auto kIdentifyBackoffMin = 1000ms;
constexpr auto kIdentifyBackoffMax = 30000ms;
constexpr auto kRegisterRetry = 5000ms;
constexpr auto kSettingsTimeout = 3000ms;
constexpr const char* kVregLinkPath = "/Devices/0/VregLink";
// How device::BleDevice marks a loss it will not retry (ble_device.h).
constexpr std::string_view kNotRetried = "(not retried)";

}  // namespace

// Destroyed in reverse: the service leaves the bus first, then what stood behind it.
struct ManagedDevice::Published {
    venus::ItemTree tree;
    std::unique_ptr<venus::DevicePublisher> publisher;
    std::unique_ptr<venus::VregLinkBackend> backend;
    std::unique_ptr<dbus::VenusService> service;
};

const char* phaseName(ManagedDevice::Phase phase) {
    switch (phase) {
        case ManagedDevice::Phase::Waiting:
            return "waiting";
        case ManagedDevice::Phase::Identifying:
            return "identifying";
        case ManagedDevice::Phase::Negotiating:
            return "negotiating";
        case ManagedDevice::Phase::Published:
            return "published";
        case ManagedDevice::Phase::Unsupported:
            return "unsupported";
    }
    return "?";
}

ManagedDevice::ManagedDevice(asio::io_context& io, const DeviceEnvironment& environment,
                             DeviceConfig config, DevicePolicy policy,
                             std::function<void()> onPhaseChanged)
    : io_(io),
      bus_(environment.bus),
      client_(environment.client),
      directory_(environment.directory),
      instances_(*environment.instances),
      config_(std::move(config)),
      key_(config_.key()),
      policy_(policy),
      onPhaseChanged_(std::move(onPhaseChanged)),
      retryTimer_(io) {
    startDevice(io_, config_, *this, device_);
}

ManagedDevice::~ManagedDevice() {
    *alive_ = false;
    unpublish();
    device_->removeListener(this);
}

const std::string& ManagedDevice::publishedName() const {
    static const std::string kNone;
    return published_ && published_->service ? published_->service->name() : kNone;
}

void ManagedDevice::setPhase(Phase phase) {
    if (phase == phase_) return;
    phase_ = phase;
    if (onPhaseChanged_) onPhaseChanged_();
}

void ManagedDevice::onLinkStateChanged(device::LinkState state, std::string_view reason) {
    ++generation_;
    retryTimer_.cancel();
    if (state == device::LinkState::Connected) {
        logInfo("{}: link up", key_);
        identifyBackoff_ = kIdentifyBackoffMin;
        identify();
        return;
    }
    if (state == device::LinkState::Disconnected && reason.find(kNotRetried) != reason.npos) {
        // A wrong Bluetooth PIN: the link gives up for good (retrying would lock the device).
        logError(
            "{}: {}; check `pin` in the config — not published until it is changed "
            "(reload) or vreglinkd restarts",
            key_, reason);
    } else if (state == device::LinkState::Disconnected) {
        logInfo("{}: link down{}{}", key_, reason.empty() ? "" : ": ", reason);
    }
    // §2.1: "when the driver loses its device, it disconnects from D-Bus".
    unpublish();
    identity_.reset();
    setPhase(Phase::Waiting);
}

void ManagedDevice::identify() {
    setPhase(Phase::Identifying);
    device::readIdentity(*device_, [this, alive = std::weak_ptr<bool>(alive_),
                                    generation = generation_](auto identity, const auto& failure) {
        if (alive.expired()) return;
        onIdentity(generation, std::move(identity), failure);
    });
}

void ManagedDevice::onIdentity(std::uint64_t generation,
                               std::optional<device::DeviceIdentity> identity,
                               const device::VregReply& failure) {
    if (generation != generation_ || device_->linkState() != device::LinkState::Connected) return;
    if (!identity) {
        logWarning("{}: cannot identify the device ({}{}{}), retrying in {} ms", key_,
                   formatStatus(failure.status), failure.message.empty() ? "" : ": ",
                   failure.message, identifyBackoff_.count());
        retryLater(identifyBackoff_, &ManagedDevice::identify);
        identifyBackoff_ = std::min(identifyBackoff_ * 2, kIdentifyBackoffMax);
        return;
    }
    identity_ = std::move(identity);
    const auto family = identity_->family();
    const auto type = family ? venus::serviceType(*family) : std::nullopt;
    logInfo("{}: {} ({}), firmware {}, serial {}", key_, identity_->productName(),
            formatProductId(identity_->productId),
            identity_->firmwareText().empty() ? "?" : identity_->firmwareText(),
            identity_->serial.empty() ? "?" : identity_->serial);
    if (!type) {
        // §2.1: register only once the product type is known — and only types Venus has.
        logWarning("{}: {} is not a product family vreglinkd publishes; not registering", key_,
                   family ? catalog::familyName(*family) : "unknown");
        setPhase(Phase::Unsupported);
        return;
    }
    type_ = *type;
    settleInstance();
}

void ManagedDevice::settleInstance() {
    if (!identity_) return;
    if (config_.deviceInstance) {  // the config wins over everything (documented)
        if (const auto other = instances_.holder(type_, *config_.deviceInstance, key_)) {
            logWarning("{}: device_instance {} is also used by {} ({} class)", key_,
                       *config_.deviceInstance, *other, type_);
        }
        publish(*config_.deviceInstance);
        return;
    }
    const std::int32_t derived =
        derivedDeviceInstance(type_, identity_->productId, identity_->serial);
    // Two devices of one class must not share an instance (§2.5); localsettings, when present,
    // gets the free proposal and resolves what it knows beyond this daemon.
    const std::int32_t proposed = instances_.freeInstance(type_, derived, key_);
    if (proposed != derived) {
        logInfo("{}: derived DeviceInstance {} is taken by {}; proposing {}", key_, derived,
                instances_.holder(type_, derived, key_).value_or("?"), proposed);
    }
    // Held from the proposal on: another device settling meanwhile must not pick it too.
    instances_.hold(key_, type_, proposed);
    if (client_ == nullptr) {
        publish(proposed);
        return;
    }
    setPhase(Phase::Negotiating);
    const auto generation = generation_;
    negotiator_ = std::make_unique<InstanceNegotiator>(
        io_, *client_, settingsUniqueId(identity_->productId, identity_->serial), type_, proposed,
        kSettingsTimeout,
        [this, generation](std::int32_t instance, bool fromSettings) {
            if (generation != generation_) return;
            if (fromSettings) {
                logInfo("{}: DeviceInstance {} from com.victronenergy.settings", key_, instance);
            }
            publish(instance);
        },
        [this](std::int32_t instance) { updateInstance(instance); });
}

void ManagedDevice::publish(std::int32_t instance) {
    if (!identity_) return;
    const std::string name = serviceName(
        type_, config_.type == DeviceType::Ble ? bleServiceSuffix(config_.name, config_.address)
                                               : serviceSuffix(config_.name, config_.path));
    auto p = std::make_unique<Published>();
    venus::PublisherOptions options;
    options.deviceInstance = instance;
    options.serviceName = name;
    options.processVersion = VREGLINKD_VERSION;
    options.readOnly = policy_.readOnly;
    if (config_.type == DeviceType::Ble) {
        options.connection = "Bluetooth";
        options.textBlocks = false;  // pushes and reads only (ble-gatt.md §4.4.7)
    }
    p->publisher =
        std::make_unique<venus::DevicePublisher>(io_, *device_, *identity_, p->tree, options);
    p->backend = std::make_unique<venus::VregLinkBackend>(
        io_, *device_, venus::VregLinkPolicy{policy_.readOnly, policy_.budget});
    if (!p->tree.isLeaf(kVregLinkPath)) p->tree.add(kVregLinkPath, venus::Invalid{});

    auto service = dbus::VenusService::start(io_, bus_, name, p->tree);
    if (!service) {
        logError("{}: cannot register {}: {} (retrying in {} s)", key_, name, service.error(),
                 kRegisterRetry.count() / 1000);
        retryLater(kRegisterRetry, &ManagedDevice::settleInstance);
        return;
    }
    p->service = std::move(service).value();
    p->service->addVregLink(kVregLinkPath, *p->backend);
    published_ = std::move(p);
    instances_.hold(key_, type_, instance);
    listInDirectory(instance);
    logInfo("{}: registered {} (DeviceInstance {}{})", key_, name, instance,
            policy_.readOnly ? ", read-only" : "");
    setPhase(Phase::Published);
}

void ManagedDevice::updateInstance(std::int32_t instance) {
    if (!published_) return;
    // §9.6 "honour changes": the service keeps its name, only /DeviceInstance moves.
    const std::string text = std::to_string(instance);
    published_->tree.update("/DeviceInstance", instance, text);
    published_->tree.update("/Devices/0/DeviceInstance", instance, text);
    instances_.hold(key_, type_, instance);
    listInDirectory(instance);  // MQTT topics are named by the instance: replaced
    logInfo("{}: DeviceInstance changed to {} in com.victronenergy.settings", key_, instance);
}

void ManagedDevice::unpublish() {
    negotiator_.reset();
    instances_.release(key_);
    if (published_) {
        logInfo("{}: {} leaves the bus", key_, publishedName());
        if (directory_) directory_->remove(publishedName());  // before the tree goes
        published_.reset();
    }
}

void ManagedDevice::listInDirectory(std::int32_t instance) {
    if (!directory_ || !published_) return;
    venus::PublishedDevice entry;
    entry.serviceName = publishedName();
    entry.type = type_;
    entry.instance = instance;
    entry.tree = &published_->tree;
    entry.vreglink = published_->backend.get();
    directory_->add(std::move(entry));
}

void ManagedDevice::retryLater(std::chrono::milliseconds delay, void (ManagedDevice::*step)()) {
    retryTimer_.expires_after(delay);
    retryTimer_.async_wait([this, step, alive = std::weak_ptr<bool>(alive_),
                            generation = generation_](const std::error_code& ec) {
        if (ec || alive.expired() || generation != generation_) return;
        (this->*step)();
    });
}

void ManagedDevice::setPolicy(DevicePolicy policy) {
    if (policy.readOnly == policy_.readOnly && policy.budget == policy_.budget) return;
    policy_ = policy;
    if (published_) {
        published_->backend->setPolicy(venus::VregLinkPolicy{policy_.readOnly, policy_.budget});
        published_->publisher->setReadOnly(policy_.readOnly);
        logInfo("{}: {}, budget {} ms", publishedName(),
                policy_.readOnly ? "read-only" : "read-write", policy_.budget.count());
    }
}

void ManagedDevice::setNaming(const DeviceConfig& config) {
    if (config.name == config_.name && config.deviceInstance == config_.deviceInstance) return;
    config_.name = config.name;
    config_.deviceInstance = config.deviceInstance;
    if (phase_ == Phase::Published || phase_ == Phase::Negotiating) {
        // §2.1: never rename a service; remove it and register a new one.
        ++generation_;
        retryTimer_.cancel();
        unpublish();
        settleInstance();
    }
}

}  // namespace vreglink::daemon
