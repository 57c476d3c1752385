// A full `vreg dump` of the simulated SmartSolar MPPT at real 19200-baud pacing, compared with
// the wire time: every byte on the wire (both directions, TEXT blocks included — they occupy the
// line and a modern device answers only after a block, vedirect.md §3.4) at 10 bits per byte,
// plus the simulator's reply delay per request. Target: within 1.2x, i.e. no idle gaps.
#include "process.h"

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <sstream>

namespace {

using vreglink::testing::BackgroundProcess;
using vreglink::testing::binaryPath;
using vreglink::testing::runCommand;
using vreglink::testing::TempDir;

constexpr double kReplyDelaySeconds = 0.020;  // what the simulator is started with below
constexpr double kSecondsPerByte = 10.0 / 19200.0;

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
        const auto start = std::chrono::steady_clock::now();
        const auto r = runCommand({binaryPath("apps/vreg/vreg"), "--stats", "--json", "dump", port},
                                  std::chrono::minutes(3));
        const double elapsed =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (r.exitCode != 0) {
            state.SkipWithError(("vreg dump failed: " + r.err).c_str());
            return;
        }
        // --stats prints one JSON line on stderr at the end.
        nlohmann::json stats;
        std::istringstream err(r.err);
        for (std::string line; std::getline(err, line);) {
            auto j = nlohmann::json::parse(line, nullptr, false);
            if (!j.is_discarded() && j.contains("stats")) stats = j["stats"];
        }
        if (stats.is_null()) {
            state.SkipWithError("no --stats line from vreg");
            return;
        }
        std::size_t registers = 0;
        std::istringstream out(r.out);
        for (std::string line; std::getline(out, line);) ++registers;

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

}  // namespace

BENCHMARK_MAIN();
