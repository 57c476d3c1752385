// vreglinkd with MQTT through a real mosquitto (issue 6 "Targets"): VregLink RPC get round trip
// to unpaced simulators with 1 and 16 concurrent clients, beside the broker's own floor (a QoS 1
// echo between two clients: the same two hops as an RPC); the Venus keep-alive's full republish
// of 16 devices (keep-alive → full_publish_completed with our echo token); daemon RSS with MQTT
// and 16 devices; CPU used while idle. The benchmark's clients all run on one io_context in this
// thread; the CPU shares printed for the 16-client run show which process is the limit.
// Prints figures like vreglink-dbus-bench; asserts nothing.
#include "bench_util.h"
#include "dbus_daemon.h"
#include "mosquitto_broker.h"
#include "mqtt_bench_clients.h"
#include "process.h"
#include "run_loop.h"

#include <asio/io_context.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

namespace {

using namespace vreglink;
using namespace vreglink::bench;
using namespace vreglink::testing;
using namespace std::chrono_literals;

constexpr int kDevices = 16;
constexpr const char* kPortal = "bench";
constexpr VregId kVreg{0x0100};  // product id: every model has it; dbus_bench reads the same
// Sequential calls per client: 1 client, then each of 16.
constexpr int kOneClientCalls = 2000;
constexpr int kPerClientOf16 = 500;

// RPC list until all `count` devices are listed with their product name (published and
// identified); their keys ("solarcharger/288"), in listing order, or empty after `limit`.
std::vector<std::string> waitForDevices(asio::io_context& io, mqttgw::RpcClient& rpc, int count,
                                        std::chrono::seconds limit) {
    const auto deadline = Clock::now() + limit;
    std::size_t seen = 0;
    while (Clock::now() < deadline) {
        mqttgw::RpcRequest list;
        list.op = mqttgw::RpcOp::List;
        const auto reply = callOnce(io, rpc, kPortal, list);
        if (reply && reply->status.isOk()) {
            std::vector<std::string> keys;
            for (const auto& d : reply->devices) {
                if (d.product) keys.push_back(d.device);
            }
            seen = keys.size();
            if (keys.size() == static_cast<std::size_t>(count)) return keys;
        }
        runFor(io, 100ms);
    }
    std::fprintf(stderr, "mqtt bench: only %zu of %d devices listed over RPC\n", seen, count);
    return {};
}

// CPU time of each process over a stretch of work, as a share of one core.
struct CpuShares {
    explicit CpuShares(std::vector<pid_t> processes) : pids(std::move(processes)) {
        for (auto pid : pids) before.push_back(cpuSeconds(pid));
    }
    std::vector<double> percent(double wallSeconds) const {
        std::vector<double> out;
        for (std::size_t i = 0; i < pids.size(); ++i) {
            out.push_back(100.0 * (cpuSeconds(pids[i]) - before[i]) / wallSeconds);
        }
        return out;
    }
    std::vector<pid_t> pids;
    std::vector<double> before;
};

void printRepublish(const std::vector<RepublishRound>& rounds) {
    std::vector<double> millis;
    std::size_t incomplete = 0;
    for (const auto& r : rounds) {
        if (r.completed)
            millis.push_back(r.millis);
        else
            ++incomplete;
    }
    if (millis.empty()) {
        std::printf("  full republish: no full_publish_completed with our token arrived\n");
        return;
    }
    std::sort(millis.begin(), millis.end());
    const auto& last = rounds.back();
    std::printf(
        "  full republish of %d devices (keep-alive -> full_publish_completed echo): min %.1f ms, "
        "median %.1f ms, max %.1f ms over %zu rounds%s (target < 100 ms)\n",
        kDevices, millis.front(), millis[millis.size() / 2], millis.back(), millis.size(),
        incomplete ? ", some never completed" : "");
    std::printf("    %zu N/ messages per republish (%zu distinct topics)\n", last.messages,
                last.distinctTopics);
}

}  // namespace

int main() {
    std::setvbuf(stdout, nullptr, _IOLBF, 0);  // figures show up as they come, also in a pipe
    const auto runStart = Clock::now();
    BrokerOptions brokerOptions;
    brokerOptions.logEverything = false;  // a log line per message would be the broker's work
    MosquittoBroker broker(brokerOptions);
    if (!broker.ok()) {
        std::fprintf(stderr, "mqtt bench: could not start mosquitto: %s\n", broker.error().c_str());
        return 1;
    }
    DbusDaemon bus;
    if (!bus.ok()) {
        std::fprintf(stderr, "mqtt bench: could not start dbus-daemon\n");
        return 1;
    }
    TempDir dir;
    const auto fleet = SimulatorFleet::start(dir, kDevices);
    if (fleet.sims.empty()) return 1;
    std::vector<std::string> daemonArgs{
        binaryPath("apps/vreglinkd/vreglinkd"),       "--bus",    bus.address(), "--mqtt",
        "127.0.0.1:" + std::to_string(broker.port()), "--portal", kPortal};
    fleet.appendDeviceArgs(daemonArgs);
    BackgroundProcess daemon(daemonArgs);

    asio::io_context io;
    auto probe = BenchClient::start(io, broker.port(), "bench-probe");
    if (!probe || !waitConnected(io, {probe.get()}, 5s)) return 1;
    mqttgw::RpcClient probeRpc(io, probe->client());
    const auto devices = waitForDevices(io, probeRpc, kDevices, 30s);
    if (devices.empty()) return 1;
    const double startupSeconds = std::chrono::duration<double>(Clock::now() - runStart).count();
    const double rssStartMb = statusMb(daemon.pid(), "VmRSS");

    auto one = startCallers(io, broker.port(), "bench-single", 1, devices);
    auto sixteen = startCallers(io, broker.port(), "bench-multi", 16, devices);
    if (one.empty() || sixteen.empty()) return 1;
    // Warm-up: the reply subscriptions, the daemon's first requests to each device.
    measureGets(io, sixteen, kPortal, kVreg, 20);
    measureGets(io, one, kPortal, kVreg, 20);

    std::printf(
        "vreglinkd MQTT benchmark: %d simulated VE.Direct devices (unpaced, 0 ms reply delay), "
        "private mosquitto and dbus-daemon; up in %.1f s\n",
        kDevices, startupSeconds);
    const auto echo1 = measureEcho(io, broker.port(), kOneClientCalls);
    const auto get1 = measureGets(io, one, kPortal, kVreg, kOneClientCalls);
    CpuShares shares({daemon.pid(), broker.pid(), ::getpid()});
    const auto t16 = Clock::now();
    const auto get16 = measureGets(io, sixteen, kPortal, kVreg, kPerClientOf16);
    const auto cpu16 = shares.percent(std::chrono::duration<double>(Clock::now() - t16).count());
    print("QoS 1 echo via the broker, 1 client (floor)", echo1);
    print("RPC get 0x0100, 1 client", get1);
    print("RPC get 0x0100, 16 clients on 16 devices", get16);
    std::printf("  RPC get p50 / broker echo p50: %.2fx with 1 client\n", get1.p50us / echo1.p50us);
    std::printf(
        "  CPU during the 16-client run (%% of one core, %u cores): vreglinkd %.0f%%, mosquitto "
        "%.0f%%, benchmark clients (one io_context, one thread) %.0f%%\n",
        std::thread::hardware_concurrency(), cpu16[0], cpu16[1], cpu16[2]);

    // Idle before any keep-alive: no value topics are published, nothing may poll.
    const double cpuBefore = cpuSeconds(daemon.pid());
    std::this_thread::sleep_for(5s);
    const double idleCpu = cpuSeconds(daemon.pid()) - cpuBefore;

    printRepublish(measureRepublish(io, broker.port(), kPortal, 5, 450ms));

    std::printf(
        "  vreglinkd RSS with MQTT and %d devices: %.1f MB after the runs (VmHWM %.1f MB; %.1f MB "
        "once up) (target <= 12 MB)\n",
        kDevices, statusMb(daemon.pid(), "VmRSS"), statusMb(daemon.pid(), "VmHWM"), rssStartMb);
    std::printf("  vreglinkd CPU while idle (no keep-alive, no RPC, 5 s): %.2f s\n", idleCpu);
    std::printf("  whole run: %.1f s\n",
                std::chrono::duration<double>(Clock::now() - runStart).count());
    return get1.failures + get16.failures == 0 ? 0 : 1;
}
