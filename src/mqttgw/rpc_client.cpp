#include "mqttgw/rpc_client.h"

#include "core/log.h"

#include <fmt/format.h>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>

#include <set>
#include <unordered_map>

namespace vreglink::mqttgw {

struct RpcClient::State : std::enable_shared_from_this<State> {
    State(asio::io_context& context, mqtt::Transport& mqtt, RpcClientOptions opts)
        : io(context), transport(mqtt), options(opts) {}

    struct Call {
        Done done;
        std::unique_ptr<asio::steady_timer> timer;
    };

    void finish(const std::string& id, const RpcReply& reply) {
        const auto it = calls.find(id);
        if (it == calls.end()) return;  // answered already (late reply after a timeout)
        Done done = std::move(it->second.done);
        calls.erase(it);
        done(reply);
    }

    asio::io_context& io;
    mqtt::Transport& transport;
    RpcClientOptions options;
    std::unordered_map<std::string, Call> calls;  // by request id
    std::set<std::string> subscribed;             // reply topics
    std::uint64_t nextId = 1;
};

RpcClient::RpcClient(asio::io_context& io, mqtt::Transport& transport, RpcClientOptions options)
    : state_(std::make_shared<State>(io, transport, options)) {
    transport.addListener(*this);
}

RpcClient::~RpcClient() {
    state_->transport.removeListener(*this);
    for (auto& [id, call] : state_->calls) call.timer->cancel();
}

std::string RpcClient::replyTopic(const std::string& portal) const {
    return fmt::format("vreglink/{}/rpc/reply/{}", portal, state_->transport.clientId());
}

std::size_t RpcClient::pending() const {
    return state_->calls.size();
}

void RpcClient::call(const std::string& portal, RpcRequest request, Done done) {
    State& s = *state_;
    const std::string id = fmt::format("{}-{}", s.transport.clientId(), s.nextId++);
    request.id = id;
    request.client = s.transport.clientId();
    const std::string reply = replyTopic(portal);
    if (s.subscribed.insert(reply).second) {
        // Sent before the request on the same connection, so the broker routes the reply to us.
        s.transport.subscribe(reply, mqtt::Qos::AtLeastOnce);
    }
    auto timer = std::make_unique<asio::steady_timer>(s.io, s.options.timeout);
    timer->async_wait([weak = std::weak_ptr<State>(state_), id, portal](std::error_code ec) {
        const auto state = weak.lock();
        if (ec || !state) return;
        RpcReply timeout;
        timeout.id = id;
        timeout.status = VregStatus::timeout();
        timeout.error = fmt::format("no reply from the gateway of portal {} within {} ms", portal,
                                    state->options.timeout.count());
        state->finish(id, timeout);
    });
    s.calls.emplace(id, State::Call{std::move(done), std::move(timer)});

    mqtt::Message message;
    message.topic = fmt::format("vreglink/{}/rpc", portal);
    message.payload = encodeRequest(request);
    message.qos = mqtt::Qos::AtLeastOnce;
    message.responseTopic = reply;  // MQTT 5; the gateway falls back to "client" on 3.1.1
    message.correlationData = id;
    s.transport.publish(std::move(message), mqtt::WhenOffline::Queue);
}

void RpcClient::onMessage(const mqtt::Message& message) {
    State& s = *state_;
    if (!s.subscribed.contains(message.topic)) return;
    auto reply = parseReply(message.payload);
    if (!reply) {
        logWarning("VregLink RPC: unreadable reply on {}: {}", message.topic, reply.error());
        return;
    }
    if (!reply->id.is_string()) return;  // not one of ours (or the gateway could not read it)
    const std::string id = reply->id.get<std::string>();
    if (!s.calls.contains(id)) return;
    // Answered from the loop, never from inside the transport's delivery.
    asio::post(s.io, [weak = std::weak_ptr<State>(state_), id, r = std::move(reply).value()] {
        if (const auto state = weak.lock()) state->finish(id, r);
    });
}

}  // namespace vreglink::mqttgw
