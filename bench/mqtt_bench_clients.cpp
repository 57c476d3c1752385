#include "mqtt_bench_clients.h"

#include "run_loop.h"

#include <asio/post.hpp>
#include <asio/steady_timer.hpp>

#include <cstdio>
#include <set>
#include <utility>

namespace vreglink::bench {

namespace {

using namespace std::chrono_literals;

// Runs the loop until something calls io.stop() or `limit` passes.
void runUntilStopped(asio::io_context& io, std::chrono::milliseconds limit) {
    asio::steady_timer guard(io, limit);
    guard.async_wait([&io](const std::error_code& ec) {
        if (!ec) io.stop();
    });
    io.restart();
    io.run();
    guard.cancel();
    io.restart();
    io.poll();  // the guard's cancellation
}

mqtt::Message qos1(std::string topic, std::string payload) {
    mqtt::Message message;
    message.topic = std::move(topic);
    message.payload = std::move(payload);
    message.qos = mqtt::Qos::AtLeastOnce;
    return message;
}

}  // namespace

std::unique_ptr<BenchClient> BenchClient::start(asio::io_context& io, std::uint16_t port,
                                                const std::string& clientId,
                                                const std::vector<std::string>& filters) {
    mqtt::ClientOptions options;
    options.host = "127.0.0.1";
    options.port = port;
    options.clientId = clientId;
    options.connectTimeout = 5s;
    auto client = mqtt::Client::start(io, std::move(options));
    if (!client) {
        std::fprintf(stderr, "mqtt bench: client %s: %s\n", clientId.c_str(),
                     client.error().c_str());
        return nullptr;
    }
    std::unique_ptr<BenchClient> self(new BenchClient);
    self->client_ = std::move(client).value();
    self->client_->addListener(*self);
    for (const auto& filter : filters) self->client_->subscribe(filter, mqtt::Qos::AtLeastOnce);
    return self;
}

BenchClient::~BenchClient() {
    if (client_) client_->removeListener(*this);
}

bool waitConnected(asio::io_context& io, const std::vector<BenchClient*>& clients,
                   std::chrono::milliseconds limit) {
    return testing::runUntil(
        io,
        [&] {
            for (auto* c : clients) {
                if (!c->client().connected()) return false;
            }
            return true;
        },
        limit);
}

std::vector<RpcCaller> startCallers(asio::io_context& io, std::uint16_t port,
                                    const std::string& name, int count,
                                    const std::vector<std::string>& devices) {
    std::vector<RpcCaller> callers;
    std::vector<BenchClient*> clients;
    for (int i = 0; i < count; ++i) {
        RpcCaller caller;
        caller.connection = BenchClient::start(io, port, name + "-" + std::to_string(i));
        if (!caller.connection) return {};
        caller.rpc = std::make_unique<mqttgw::RpcClient>(io, caller.connection->client());
        caller.device = devices[static_cast<std::size_t>(i) % devices.size()];
        clients.push_back(caller.connection.get());
        callers.push_back(std::move(caller));
    }
    if (!waitConnected(io, clients, 10s)) return {};
    return callers;
}

std::optional<mqttgw::RpcReply> callOnce(asio::io_context& io, mqttgw::RpcClient& rpc,
                                         const std::string& portal, mqttgw::RpcRequest request) {
    auto result = std::make_shared<std::optional<mqttgw::RpcReply>>();
    rpc.call(portal, std::move(request), [result](const mqttgw::RpcReply& r) { *result = r; });
    testing::runUntil(
        io, [&] { return result->has_value(); }, 10s);
    return *result;
}

namespace {

// measureGets' bookkeeping; shared with the callbacks so that a late answer after the guard
// fired finds it alive.
struct GetRun : std::enable_shared_from_this<GetRun> {
    struct Progress {
        std::vector<double> latencies;
        std::size_t failures = 0;
        int left = 0;
        Clock::time_point t0;
    };

    GetRun(asio::io_context& context, std::vector<RpcCaller>& all, std::string p, VregId v)
        : io(context), callers(all), portal(std::move(p)), vreg(v), progress(all.size()) {}

    void next(std::size_t i) {
        auto& p = progress[i];
        if (p.left == 0) {
            if (++finished == callers.size()) io.stop();
            return;
        }
        --p.left;
        mqttgw::RpcRequest request;
        request.op = mqttgw::RpcOp::Get;
        request.device = callers[i].device;
        request.vregs = {vreg};
        p.t0 = Clock::now();
        callers[i].rpc->call(portal, std::move(request),
                             [self = shared_from_this(), i](const mqttgw::RpcReply& reply) {
                                 self->answered(i, reply);
                             });
    }

    void answered(std::size_t i, const mqttgw::RpcReply& reply) {
        auto& p = progress[i];
        p.latencies.push_back(microsSince(p.t0));
        if (!reply.status.isOk()) {
            if (p.failures++ == 0) {
                std::fprintf(stderr, "mqtt bench: get on %s failed: %s\n",
                             callers[i].device.c_str(), reply.error.c_str());
            }
        }
        next(i);
    }

    asio::io_context& io;
    std::vector<RpcCaller>& callers;
    std::string portal;
    VregId vreg;
    std::vector<Progress> progress;
    std::size_t finished = 0;
};

}  // namespace

Figures measureGets(asio::io_context& io, std::vector<RpcCaller>& callers,
                    const std::string& portal, VregId vreg, int perCaller) {
    auto run = std::make_shared<GetRun>(io, callers, portal, vreg);
    const auto start = Clock::now();
    for (std::size_t i = 0; i < callers.size(); ++i) {
        run->progress[i].left = perCaller;
        run->next(i);
    }
    runUntilStopped(io, 30s);
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::vector<double> all;
    std::size_t failures = 0;
    for (auto& p : run->progress) {
        all.insert(all.end(), p.latencies.begin(), p.latencies.end());
        failures += p.failures + static_cast<std::size_t>(p.left);  // left: never answered
    }
    return summarise(std::move(all), seconds, failures);
}

Figures measureEcho(asio::io_context& io, std::uint16_t port, int count) {
    auto requester = BenchClient::start(io, port, "bench-echo-a", {"bench/echo/reply"});
    auto echoer = BenchClient::start(io, port, "bench-echo-b", {"bench/echo/request"});
    if (!requester || !echoer || !waitConnected(io, {requester.get(), echoer.get()}, 5s)) {
        return {};
    }
    echoer->handler = [&echoer](const mqtt::Message& m) {
        echoer->client().publish(qos1("bench/echo/reply", m.payload));
    };
    struct State {
        std::vector<double> latencies;
        int left = 0;
        Clock::time_point t0;
    };
    auto state = std::make_shared<State>();
    state->left = count;
    auto send = [&requester, &state] {
        --state->left;
        state->t0 = Clock::now();
        requester->client().publish(qos1("bench/echo/request", std::to_string(state->left)));
    };
    requester->handler = [&](const mqtt::Message&) {
        state->latencies.push_back(microsSince(state->t0));
        if (state->left == 0) {
            io.stop();
            return;
        }
        // Posted, as RpcClient answers its caller: the same loop turns as an RPC.
        asio::post(io, [weak = std::weak_ptr<State>(state), &send] {
            if (weak.lock()) send();
        });
    };
    const auto start = Clock::now();
    send();
    runUntilStopped(io, 30s);
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    requester->handler = nullptr;
    echoer->handler = nullptr;
    const auto unanswered = static_cast<std::size_t>(count) - state->latencies.size();
    return summarise(std::move(state->latencies), seconds, unanswered);
}

std::vector<RepublishRound> measureRepublish(asio::io_context& io, std::uint16_t port,
                                             const std::string& portal, int rounds,
                                             std::chrono::milliseconds gap) {
    const std::string prefix = "N/" + portal + "/";
    const std::string completed = prefix + "full_publish_completed";
    auto watcher = BenchClient::start(io, port, "bench-venus-app", {prefix + "#"});
    if (!watcher || !waitConnected(io, {watcher.get()}, 5s)) return {};
    testing::runFor(io, 200ms);  // the retained Serial, before counting

    RepublishRound round;
    std::set<std::string> topics;
    std::string token;
    bool counting = false;
    Clock::time_point t0;
    watcher->handler = [&](const mqtt::Message& m) {
        if (!counting) return;
        if (m.topic == completed) {
            if (m.payload.find("\"" + token + "\"") == std::string::npos) return;
            round.millis = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
            round.completed = true;
            counting = false;
            return;
        }
        ++round.messages;
        topics.insert(m.topic);
    };

    std::vector<RepublishRound> results;
    for (int r = 0; r < rounds; ++r) {
        round = {};
        topics.clear();
        token = "bench-" + std::to_string(r);
        counting = true;
        t0 = Clock::now();
        mqtt::Message keepAlive;
        keepAlive.topic = "R/" + portal + "/keepalive";
        keepAlive.payload =
            R"({"keepalive-options": [{"full-publish-completed-echo": ")" + token + "\"}]}";
        watcher->client().publish(std::move(keepAlive));
        testing::runUntil(
            io, [&] { return round.completed; }, 5s);
        counting = false;
        round.distinctTopics = topics.size();
        results.push_back(round);
        testing::runFor(io, gap);
    }
    watcher->handler = nullptr;
    return results;
}

}  // namespace vreglink::bench
