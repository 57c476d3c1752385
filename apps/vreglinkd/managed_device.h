// One configured device and the Venus service that stands for it (issue 3 part 2, issue 4 part 4;
// venus-dbus-mqtt.md §2.1): the VE.Direct or Bluetooth session keeps (re)connecting by itself; each
// time the link comes up the device is identified, its DeviceInstance settled, and only then is the
// service registered. When the link goes down the service leaves the bus; when it returns, all of
// it happens again.
#pragma once

#include "bus/bus_connection.h"
#include "config.h"
#include "device/device.h"
#include "device/device_identity.h"
#include "instance_registry.h"
#include "venus/device_directory.h"

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace vreglink::daemon {

struct DevicePolicy {
    bool readOnly = false;
    std::chrono::milliseconds budget{3000};
};

// What every device of the daemon shares.
struct DeviceEnvironment {
    bus::BusSpec bus;                             // where the services register
    bus::BusConnection* client = nullptr;         // com.victronenergy.settings (may be null)
    InstanceRegistry* instances = nullptr;        // DeviceInstances held by the daemon's devices
    venus::DeviceDirectory* directory = nullptr;  // followed by the MQTT front ends (may be null)
};

class ManagedDevice final : public device::DeviceListener {
  public:
    enum class Phase : std::uint8_t {
        Waiting,      // link not up
        Identifying,  // reading product id, firmware, serial (retried with backoff)
        Negotiating,  // DeviceInstance through com.victronenergy.settings
        Published,    // the service is on the bus
        Unsupported,  // a product family vreglinkd does not publish
    };

    // Everything `environment` points to outlives the device. While the service is on the bus
    // the device is in the directory too. `onPhaseChanged` lets the daemon update its systemd
    // STATUS.
    ManagedDevice(asio::io_context& io, const DeviceEnvironment& environment, DeviceConfig config,
                  DevicePolicy policy, std::function<void()> onPhaseChanged);
    ~ManagedDevice() override;
    ManagedDevice(const ManagedDevice&) = delete;
    ManagedDevice& operator=(const ManagedDevice&) = delete;

    const DeviceConfig& config() const { return config_; }
    Phase phase() const { return phase_; }
    const std::string& publishedName() const;  // empty unless Published

    // Reload: policy changes apply to the running service at once; a new name or
    // device_instance re-registers it (a service is never renamed, §2.1).
    void setPolicy(DevicePolicy policy);
    void setNaming(const DeviceConfig& config);

    void onLinkStateChanged(device::LinkState state, std::string_view reason) override;

  private:
    struct Published;

    void setPhase(Phase phase);
    void identify();
    void onIdentity(std::uint64_t generation, std::optional<device::DeviceIdentity> identity,
                    const device::VregReply& failure);
    void settleInstance();
    void publish(std::int32_t instance);
    void updateInstance(std::int32_t instance);
    void unpublish();
    void listInDirectory(std::int32_t instance);
    void retryLater(std::chrono::milliseconds delay, void (ManagedDevice::*step)());

    asio::io_context& io_;
    bus::BusSpec bus_;
    bus::BusConnection* client_;
    venus::DeviceDirectory* directory_;
    InstanceRegistry& instances_;
    DeviceConfig config_;
    std::string key_;  // config_.key(): the tty path or "ble:<address>", in every log line
    DevicePolicy policy_;
    std::function<void()> onPhaseChanged_;
    Phase phase_ = Phase::Waiting;

    std::unique_ptr<device::Device> device_;  // VE.Direct or Bluetooth (device_factory.h)
    asio::steady_timer retryTimer_;
    std::chrono::milliseconds identifyBackoff_{};
    std::uint64_t generation_ = 0;  // bumped on every link change: stale callbacks are ignored
    std::optional<device::DeviceIdentity> identity_;
    std::string type_;  // Venus service type of the identified family
    std::unique_ptr<class InstanceNegotiator> negotiator_;
    std::unique_ptr<Published> published_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

const char* phaseName(ManagedDevice::Phase phase);

}  // namespace vreglink::daemon
