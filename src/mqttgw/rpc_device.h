// A device::Device that is a device of a remote vreglinkd, reached through VregLink RPC over MQTT
// (rpc_client.h): get and set become RPC requests, so every `vreg` command that works on a serial
// port works on a device at any site behind one broker. The gateway applies its own rules (range
// checks, read-only, writes enabled) and answers with VregLink statuses, which pass through.
#pragma once

#include "device/device.h"
#include "mqttgw/rpc_client.h"

#include <asio/io_context.hpp>

#include <string>
#include <vector>

namespace vreglink::mqttgw {

class RpcDevice final : public device::Device {
  public:
    // `client` must outlive the device. `deviceKey`: "solarcharger/288".
    RpcDevice(RpcClient& client, std::string portal, std::string deviceKey);

    void get(VregId id, device::ReplyHandler done) override;
    void set(VregId id, Bytes value, device::ReplyHandler done) override;
    // The gateway keeps its own queue per device; a few requests in flight hide the broker's
    // round trip.
    std::size_t pipelineDepth() const override { return 8; }
    device::LinkState linkState() const override { return device::LinkState::Connected; }
    // No pushes travel over RPC; listeners are kept but never called.
    void addListener(device::DeviceListener* listener) override;
    void removeListener(device::DeviceListener* listener) override;

    const std::string& portal() const { return portal_; }
    const std::string& deviceKey() const { return deviceKey_; }

  private:
    void send(RpcRequest request, device::ReplyHandler done);

    RpcClient& client_;
    std::string portal_;
    std::string deviceKey_;
    std::vector<device::DeviceListener*> listeners_;
};

// What one RPC reply means for one register.
device::VregReply toVregReply(const RpcReply& reply);

}  // namespace vreglink::mqttgw
