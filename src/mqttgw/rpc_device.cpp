#include "mqttgw/rpc_device.h"

#include <algorithm>

namespace vreglink::mqttgw {

device::VregReply toVregReply(const RpcReply& reply) {
    device::VregReply out;
    out.status = reply.status;
    out.message = reply.error;
    if (reply.kind == RpcReplyKind::Register) {
        if (reply.status.isOk()) out.data = reply.data;
    } else if (reply.kind != RpcReplyKind::Status) {
        out.status = VregStatus::invalid();
        out.message = "the gateway answered with a reply of another kind";
    }
    return out;
}

RpcDevice::RpcDevice(RpcClient& client, std::string portal, std::string deviceKey)
    : client_(client), portal_(std::move(portal)), deviceKey_(std::move(deviceKey)) {}

void RpcDevice::get(VregId id, device::ReplyHandler done) {
    RpcRequest request;
    request.op = RpcOp::Get;
    request.vregs = {id};
    send(std::move(request), std::move(done));
}

void RpcDevice::set(VregId id, Bytes value, device::ReplyHandler done) {
    RpcRequest request;
    request.op = RpcOp::Set;
    request.vregs = {id};
    request.data = std::move(value);
    send(std::move(request), std::move(done));
}

void RpcDevice::send(RpcRequest request, device::ReplyHandler done) {
    request.device = deviceKey_;
    client_.call(portal_, std::move(request),
                 [done = std::move(done)](const RpcReply& reply) { done(toVregReply(reply)); });
}

void RpcDevice::addListener(device::DeviceListener* listener) {
    listeners_.push_back(listener);
}

void RpcDevice::removeListener(device::DeviceListener* listener) {
    listeners_.erase(std::remove(listeners_.begin(), listeners_.end(), listener), listeners_.end());
}

}  // namespace vreglink::mqttgw
