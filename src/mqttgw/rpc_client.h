// The client side of VregLink RPC over MQTT (README "VregLink RPC over MQTT"): requests go to
// vreglink/<portal>/rpc carrying this client's id, replies come back on
// vreglink/<portal>/rpc/reply/<client id> (the MQTT 5 response topic names the same topic, so
// one subscription serves both protocol versions) and are matched by the request's "id". A
// request without a reply within the timeout is answered 0x8400 here, so every call gets exactly
// one answer. Used by `vreg --mqtt` and the MQTT benchmark.
#pragma once

#include "mqtt/transport.h"
#include "mqttgw/rpc_codec.h"

#include <asio/io_context.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace vreglink::mqttgw {

struct RpcClientOptions {
    // The gateway answers within its own budget (3 s by default); this only guards against a
    // gateway that is gone or a broker that lost the request.
    std::chrono::milliseconds timeout{5000};
};

class RpcClient final : public mqtt::TransportListener {
  public:
    using Done = std::function<void(const RpcReply& reply)>;

    // `transport` must outlive the client.
    RpcClient(asio::io_context& io, mqtt::Transport& transport, RpcClientOptions options = {});
    // Calls still waiting are dropped unanswered: their owner is going away too.
    ~RpcClient() override;
    RpcClient(const RpcClient&) = delete;
    RpcClient& operator=(const RpcClient&) = delete;

    // Sends `request` (its id and client are filled in here) to the gateway of `portal`; `done`
    // runs once, never from inside call(). Sent when the transport is connected (queued before).
    void call(const std::string& portal, RpcRequest request, Done done);

    std::string replyTopic(const std::string& portal) const;
    std::size_t pending() const;

    void onMessage(const mqtt::Message& message) override;

  private:
    struct State;
    std::shared_ptr<State> state_;  // timers hold it weakly
};

}  // namespace vreglink::mqttgw
