// Full `vreg dump`s against the simulators, compared with the time the link needs for the bytes
// they moved. Target for both: within 1.2x, i.e. no idle gaps.
//  - VE.Direct: the simulated SmartSolar MPPT at real 19200-baud pacing. Wire time: every byte on
//    the wire (both directions, TEXT blocks included — they occupy the line and a modern device
//    answers only after a block, vedirect.md §3.4) at 10 bits per byte, plus the simulator's reply
//    delay per request.
//  - Bluetooth: the simulated SmartShunt behind the BlueZ simulator at ATT MTU 23 and one packet
//    per direction per 15 ms connection event (ble-gatt.md §1.3). Link time: the connection
//    events needed for the ATT packets of the dump, in the busier direction (the radio carries
//    both directions in one event), counted by vreg itself (--stats "batch").
#include "dbus_daemon.h"
#include "process.h"

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace {

using vreglink::testing::BackgroundProcess;
using vreglink::testing::binaryPath;
using vreglink::testing::DbusDaemon;
using vreglink::testing::runCommand;
using vreglink::testing::TempDir;

constexpr double kReplyDelaySeconds = 0.020;  // what the simulator is started with below
constexpr double kSecondsPerByte = 10.0 / 19200.0;

struct DumpRun {
    nlohmann::json stats;       // vreg --stats: one JSON line on stderr at the end
    double elapsed = 0;         // the whole vreg process
    std::size_t registers = 0;  // output lines (--json: one per register)
};

// Runs `vreg --stats --json ARGS…`; nullopt (and the benchmark skipped) when it fails.
std::optional<DumpRun> runDump(benchmark::State& state, const std::vector<std::string>& args) {
    std::vector<std::string> argv{binaryPath("apps/vreg/vreg"), "--stats", "--json"};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto start = std::chrono::steady_clock::now();
    const auto r = runCommand(argv, std::chrono::minutes(3));
    DumpRun run;
    run.elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (r.exitCode != 0) {
        state.SkipWithError(("vreg dump failed: " + r.err).c_str());
        return std::nullopt;
    }
    std::istringstream err(r.err);
    for (std::string line; std::getline(err, line);) {
        auto j = nlohmann::json::parse(line, nullptr, false);
        if (!j.is_discarded() && j.contains("stats")) run.stats = j["stats"];
    }
    if (run.stats.is_null()) {
        state.SkipWithError("no --stats line from vreg");
        return std::nullopt;
    }
    std::istringstream out(r.out);
    for (std::string line; std::getline(out, line);) ++run.registers;
    return run;
}

void BM_DumpMpptAtWirePace(benchmark::State& state) {
    TempDir dir;
    const std::string port = dir.file("mppt");
    BackgroundProcess sim(
        {binaryPath("apps/vreg-sim/vreg-sim"), "mppt", "--pty", port, "--reply-delay", "20"});
    if (!sim.waitForOutput("vreg-sim:", std::chrono::seconds(10))) {
        state.SkipWithError("vreg-sim did not start");
        return;
    }
    for (auto _ : state) {
        const auto dump = runDump(state, {"dump", port});
        if (!dump) return;
        const auto& stats = dump->stats;
        const double elapsed = dump->elapsed;
        const std::size_t registers = dump->registers;

        const double bytes =
            stats["bytes_sent"].get<double>() + stats["bytes_received"].get<double>();
        const double requests = stats["requests"].get<double>();
        const double wire = bytes * kSecondsPerByte + requests * kReplyDelaySeconds;
        state.SetIterationTime(elapsed);
        state.counters["registers"] = static_cast<double>(registers);
        state.counters["requests"] = requests;
        state.counters["wire_bytes"] = bytes;
        state.counters["wire_s"] = wire;
        state.counters["elapsed_s"] = elapsed;
        state.counters["ratio"] = elapsed / wire;
        state.counters["retries"] = stats["retries"].get<double>();
        std::printf(
            "vreg dump (simulated MPPT, 19200 baud, %.0f ms reply delay): %zu registers, %.0f "
            "requests, %.0f bytes on the wire -> wire time %.2f s; took %.2f s = %.2fx wire time "
            "(target <= 1.2x)\n",
            kReplyDelaySeconds * 1000, registers, requests, bytes, wire, elapsed, elapsed / wire);
    }
}
BENCHMARK(BM_DumpMpptAtWirePace)->Iterations(1)->UseManualTime()->Unit(benchmark::kSecond);

constexpr double kConnectionInterval = 0.015;  // vreg-sim ble --interval 15
constexpr const char* kShuntAddress = "C0:FF:EE:00:00:01";

void BM_DumpSmartShuntOverBluetooth(benchmark::State& state) {
    DbusDaemon bus;
    if (!bus.ok()) {
        state.SkipWithError("no dbus-daemon");
        return;
    }
    // BlueZ's bus: vreg-sim serves org.bluez there and vreg looks for it there.
    ::setenv("DBUS_SYSTEM_BUS_ADDRESS", bus.address().c_str(), 1);
    BackgroundProcess sim({binaryPath("apps/vreg-sim/vreg-sim"), "ble", "smartshunt", "--address",
                           kShuntAddress, "--pin", "123456", "--mtu", "23", "--interval", "15",
                           "--packets-per-event", "1"});
    if (!sim.waitForOutput("vreg-sim: ble", std::chrono::seconds(10))) {
        state.SkipWithError("vreg-sim ble did not start");
        return;
    }
    for (auto _ : state) {
        const auto run =
            runDump(state, {"--pin", "123456", "dump", std::string("ble:") + kShuntAddress});
        if (!run) return;
        const auto& stats = run->stats;
        const double elapsed = run->elapsed;
        const std::size_t registers = run->registers;
        if (!stats.contains("batch")) {
            state.SkipWithError("no batch in vreg's --stats line");
            return;
        }

        const auto& batch = stats["batch"];
        const double up = batch["chunks_sent"].get<double>();
        const double down = batch["chunks_received"].get<double>();
        const double dump = batch["seconds"].get<double>();
        const double link = std::max(up, down) * kConnectionInterval;
        state.SetIterationTime(dump);
        state.counters["registers"] = static_cast<double>(registers);
        state.counters["packets_up"] = up;
        state.counters["packets_down"] = down;
        state.counters["link_s"] = link;
        state.counters["dump_s"] = dump;
        state.counters["ratio"] = dump / link;
        state.counters["vreg_s"] = elapsed;
        state.counters["retries"] = stats["retries"].get<double>();
        std::printf(
            "vreg dump ble: (simulated SmartShunt, MTU 23, 15 ms events, 1 packet per direction "
            "per event): %zu registers, %.0f packets up, %.0f down -> link time %.2f s; the dump "
            "took %.2f s = %.2fx link time (target <= 1.2x); the whole vreg run with discovery, "
            "pairing and init %.2f s\n",
            registers, up, down, link, dump, dump / link, elapsed);
    }
    ::unsetenv("DBUS_SYSTEM_BUS_ADDRESS");
}
BENCHMARK(BM_DumpSmartShuntOverBluetooth)->Iterations(1)->UseManualTime()->Unit(benchmark::kSecond);

}  // namespace

BENCHMARK_MAIN();
