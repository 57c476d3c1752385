// VregLink RPC over MQTT, the server (README "VregLink RPC over MQTT"): requests on
// vreglink/<portal>/rpc are carried out on the devices of the DeviceDirectory through their
// VregLinkBackend (the gateway's rules, §3.4 budget) and answered on the MQTT 5 response topic
// with the correlation data copied, or, for MQTT 3.1.1 clients, on
// vreglink/<portal>/rpc/reply/<client>. The N/R/W topics cannot reach VregLink (§4.7), hence this.
// Every request that can be addressed is answered exactly once — also when its device goes away
// or the broker restarts meanwhile (replies are queued while offline).
#pragma once

#include "mqtt/transport.h"
#include "venus/device_directory.h"

#include <asio/io_context.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace vreglink::mqttgw {

struct VregRpcOptions {
    std::string portalId;
    bool allowWrites = false;         // config [mqtt] rpc_writes; off: set answers 0x8100
    std::size_t maxOutstanding = 64;  // requests waiting for devices; beyond: 0x8200 busy
};

struct VregRpcCounters {
    std::uint64_t requests = 0;      // messages on the request topic
    std::uint64_t replies = 0;       // replies published (or queued while offline)
    std::uint64_t errors = 0;        // replies whose status is an error
    std::uint64_t unanswerable = 0;  // requests with neither response topic nor "client"
};

class VregRpcService final : public mqtt::TransportListener, public venus::DeviceDirectoryListener {
  public:
    // Both `transport` and `directory` must outlive the service.
    VregRpcService(asio::io_context& io, mqtt::Transport& transport,
                   venus::DeviceDirectory& directory, VregRpcOptions options);
    // Requests still waiting for a device are answered 0x8400 (queued if offline).
    ~VregRpcService() override;
    VregRpcService(const VregRpcService&) = delete;
    VregRpcService& operator=(const VregRpcService&) = delete;

    // "vreglink/<portal>/rpc"
    const std::string& requestTopic() const;
    // "vreglink/<portal>/rpc/reply/<client>": where an MQTT 3.1.1 client hears its replies.
    std::string replyTopicFor(std::string_view client) const;

    const VregRpcCounters& counters() const;
    std::size_t outstanding() const;  // requests waiting for devices
    void setAllowWrites(bool allow);  // config reload

    // mqtt::TransportListener
    void onMessage(const mqtt::Message& message) override;
    // venus::DeviceDirectoryListener
    void onDeviceAdded(const venus::PublishedDevice& device) override;
    void onDeviceRemoved(const venus::PublishedDevice& device) override;

  private:
    struct State;
    // Shared with the backends' callbacks (weakly): an answer arriving after the service is gone
    // finds nothing to touch.
    std::shared_ptr<State> state_;
};

}  // namespace vreglink::mqttgw
