// vreg --mqtt HOST list — the devices of every vreglinkd behind one broker (one laptop, many
// sites): the portals announce themselves with the retained N/<portal>/system/0/Serial
// (venus-dbus-mqtt.md §4.2), then each is asked over VregLink RPC ("list"). With --portal only
// that one is asked. A marker message published to ourselves after subscribing tells when the
// broker has handed over every retained announcement, so nothing waits blindly.
#include "commands.h"
#include "mqtt/broker_address.h"
#include "mqtt_connect.h"
#include "mqttgw/rpc_client.h"
#include "output.h"

#include <fmt/format.h>

#include <map>
#include <set>

namespace vreglink::cli {
namespace {

using namespace std::chrono_literals;

class PortalCollector final : public mqtt::TransportListener {
  public:
    explicit PortalCollector(std::string marker) : marker_(std::move(marker)) {}

    void onMessage(const mqtt::Message& m) override {
        if (m.topic == marker_) {
            complete = true;
            return;
        }
        // N/<portal>/system/0/Serial; an empty payload is a portal that went away.
        constexpr std::string_view kTail = "/system/0/Serial";
        const std::string_view topic = m.topic;
        if (topic.size() <= 2 + kTail.size() || topic.substr(0, 2) != "N/" ||
            topic.substr(topic.size() - kTail.size()) != kTail || m.payload.empty()) {
            return;
        }
        const auto portal = topic.substr(2, topic.size() - 2 - kTail.size());
        if (mqtt::isValidPortalId(portal)) portals.insert(std::string(portal));
    }

    std::set<std::string> portals;
    bool complete = false;  // the marker came back: every retained announcement is in

  private:
    std::string marker_;
};

std::string orDash(const std::optional<std::string>& s) {
    return s && !s->empty() ? *s : "-";
}

nlohmann::json toJson(const std::string& portal, const mqttgw::RpcDeviceEntry& d) {
    const auto opt = [](const std::optional<std::string>& s) {
        return s ? nlohmann::json(*s) : nlohmann::json();
    };
    return {{"portal", portal},
            {"device", d.device},
            {"port", portal + "/" + d.device},
            {"service", d.service},
            {"product_id", opt(d.productId)},
            {"product", opt(d.product)},
            {"serial", opt(d.serial)},
            {"name", opt(d.name)},
            {"connection", opt(d.connection)}};
}

// Runs the loop until `done` or the deadline; the client's timers keep it busy meanwhile.
void runUntil(asio::io_context& io, const std::function<bool()>& done,
              std::chrono::steady_clock::time_point deadline) {
    io.restart();
    while (!done() && std::chrono::steady_clock::now() < deadline) io.run_one_for(50ms);
}

// The portals that announced themselves on the broker.
std::set<std::string> discoverPortals(asio::io_context& io, mqtt::Client& client,
                                      std::chrono::milliseconds limit) {
    PortalCollector collector(fmt::format("vreglink/cli/{}/sync", client.clientId()));
    client.addListener(collector);
    client.subscribe("N/+/system/0/Serial", mqtt::Qos::AtMostOnce);
    client.subscribe(fmt::format("vreglink/cli/{}/sync", client.clientId()), mqtt::Qos::AtMostOnce);
    // Retained messages are queued with the SUBACK, so this comes back after all of them.
    mqtt::Message marker;
    marker.topic = fmt::format("vreglink/cli/{}/sync", client.clientId());
    marker.payload = "1";
    client.publish(std::move(marker));
    runUntil(
        io, [&] { return collector.complete; }, std::chrono::steady_clock::now() + limit);
    client.removeListener(collector);
    return collector.portals;
}

}  // namespace

int runMqttList(const GlobalOptions& g) {
    const auto& target = *g.connection.mqtt;
    const auto timeout = rpcTimeout(g.connection.timeout, g.connection.retries);
    asio::io_context io;
    auto client = connectBroker(io, target.client, connectLimit(timeout));
    if (!client) {
        fmt::print(stderr, "vreg: {}\n", client.error());
        return kExitDeviceError;
    }
    std::set<std::string> portals;
    if (!target.portal.empty()) {
        portals.insert(target.portal);
    } else {
        portals = discoverPortals(io, **client, timeout);
        if (portals.empty()) {
            fmt::print(stderr,
                       "vreg: no vreglinkd on the broker (no retained N/+/system/0/Serial); "
                       "is it running with --mqtt and venus topics on? --portal ID asks one "
                       "directly\n");
            return kExitDeviceError;
        }
    }

    mqttgw::RpcClient rpc(io, **client, {timeout});
    std::map<std::string, mqttgw::RpcReply> replies;
    for (const auto& portal : portals) {
        mqttgw::RpcRequest request;
        request.op = mqttgw::RpcOp::List;
        rpc.call(portal, request,
                 [&replies, portal](const mqttgw::RpcReply& r) { replies[portal] = r; });
    }
    // Every call is answered, by the gateway or by the client's timeout.
    runUntil(
        io, [&] { return replies.size() == portals.size(); },
        std::chrono::steady_clock::now() + timeout + 1s);

    std::size_t answered = 0;
    for (const auto& portal : portals) {
        const auto it = replies.find(portal);
        if (it == replies.end()) {
            fmt::print(stderr, "vreg: portal {}: no reply\n", portal);
            continue;
        }
        const auto& reply = it->second;
        if (reply.status.isError() || reply.kind != mqttgw::RpcReplyKind::Devices) {
            fmt::print(stderr, "vreg: portal {}: {} ({})\n", portal,
                       reply.error.empty() ? describeStatus(reply.status) : reply.error,
                       formatStatus(reply.status));
            continue;
        }
        ++answered;
        for (const auto& d : reply.devices) {
            if (g.json) {
                printJsonLine(toJson(portal, d));
                continue;
            }
            fmt::print("{}/{}  {}{}  serial {}  name {}  {}\n", portal, d.device,
                       d.product.value_or("unknown product"),
                       d.productId ? fmt::format(" ({})", *d.productId) : "", orDash(d.serial),
                       orDash(d.name), orDash(d.connection));
        }
        if (!g.json && reply.devices.empty())
            fmt::print(stderr, "vreg: portal {}: no devices\n", portal);
    }
    return answered > 0 ? kExitOk : kExitDeviceError;
}

}  // namespace vreglink::cli
