// The MQTT benchmark's own clients (mqtt_bench.cpp), all in-process on the benchmark's single
// io_context: RPC callers (mqtt::Client + mqttgw::RpcClient each) making sequential calls, the
// broker's floor (a publish → subscribe → republish → subscribe echo between two clients, the
// same two broker hops and QoS 1 as an RPC), and the Venus keep-alive's full republish timed from
// the keep-alive to its full_publish_completed echo.
#pragma once

#include "bench_util.h"
#include "core/ids.h"
#include "mqtt/client.h"
#include "mqttgw/rpc_client.h"

#include <asio/io_context.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace vreglink::bench {

// An mqtt::Client on the benchmark's loop that hands every message to `onMessage`.
class BenchClient final : public mqtt::TransportListener {
  public:
    // Started, subscribed to `filters`, not yet connected (see waitConnected).
    static std::unique_ptr<BenchClient> start(asio::io_context& io, std::uint16_t port,
                                              const std::string& clientId,
                                              const std::vector<std::string>& filters = {});
    ~BenchClient() override;
    BenchClient(const BenchClient&) = delete;
    BenchClient& operator=(const BenchClient&) = delete;

    mqtt::Client& client() { return *client_; }
    void onMessage(const mqtt::Message& message) override {
        if (handler) handler(message);
    }
    std::function<void(const mqtt::Message&)> handler;

  private:
    BenchClient() = default;
    std::unique_ptr<mqtt::Client> client_;
};

// Runs the loop until every client is connected (false after `limit`).
bool waitConnected(asio::io_context& io, const std::vector<BenchClient*>& clients,
                   std::chrono::milliseconds limit);

// One RPC caller: its own connection and RpcClient, asking one device.
struct RpcCaller {
    std::unique_ptr<BenchClient> connection;
    std::unique_ptr<mqttgw::RpcClient> rpc;
    std::string device;  // "solarcharger/288"
};

// `count` callers "<name>-<i>" (client ids must be unique: the broker drops the older session
// of a duplicate), connected; caller i asks devices[i % size].
std::vector<RpcCaller> startCallers(asio::io_context& io, std::uint16_t port,
                                    const std::string& name, int count,
                                    const std::vector<std::string>& devices);

// Every caller makes `perCaller` sequential gets of `vreg` at once (a call is sent when the
// previous one is answered); latency per call, total rate over the whole run. Failures: statuses
// other than ok.
Figures measureGets(asio::io_context& io, std::vector<RpcCaller>& callers,
                    const std::string& portal, VregId vreg, int perCaller);

// One synchronous call through `rpc` (the loop runs until it is answered).
std::optional<mqttgw::RpcReply> callOnce(asio::io_context& io, mqttgw::RpcClient& rpc,
                                         const std::string& portal, mqttgw::RpcRequest request);

// The broker's floor: `count` sequential QoS 1 echoes between two clients.
Figures measureEcho(asio::io_context& io, std::uint16_t port, int count);

struct RepublishRound {
    double millis = 0;         // keep-alive sent → full_publish_completed with the token
    std::size_t messages = 0;  // N/<portal>/… messages received in that window
    std::size_t distinctTopics = 0;
    bool completed = false;
};

// `rounds` keep-alives with a full-publish-completed-echo, `gap` apart (the daemon allows 3 full
// republishes per second; more are deferred, which is not what is measured here).
std::vector<RepublishRound> measureRepublish(asio::io_context& io, std::uint16_t port,
                                             const std::string& portal, int rounds,
                                             std::chrono::milliseconds gap);

}  // namespace vreglink::bench
