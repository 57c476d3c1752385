// What the daemon benchmarks (dbus_bench.cpp, mqtt_bench.cpp) share: the fleet of unpaced
// simulators vreglinkd publishes, latency figures (p50/p99/rate) printed one line each, and the
// /proc readings of a process (RSS, CPU time). Header only: two small programs use it.
#pragma once

#include "process.h"

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <sys/types.h>
#include <unistd.h>

namespace vreglink::bench {

using Clock = std::chrono::steady_clock;

struct Figures {
    double p50us = 0, p99us = 0, perSecond = 0;
    std::size_t calls = 0, failures = 0;
};

inline Figures summarise(std::vector<double> latenciesUs, double seconds, std::size_t failures) {
    Figures f;
    f.calls = latenciesUs.size();
    f.failures = failures;
    if (latenciesUs.empty()) return f;
    std::sort(latenciesUs.begin(), latenciesUs.end());
    f.p50us = latenciesUs[latenciesUs.size() / 2];
    f.p99us = latenciesUs[std::min(latenciesUs.size() - 1, latenciesUs.size() * 99 / 100)];
    f.perSecond = static_cast<double>(latenciesUs.size()) / seconds;
    return f;
}

inline void print(const char* what, const Figures& f) {
    std::printf("  %-44s p50 %8.1f us   p99 %8.1f us   %9.0f calls/s   (%zu calls, %zu failed)\n",
                what, f.p50us, f.p99us, f.perSecond, f.calls, f.failures);
}

inline double microsSince(Clock::time_point t0) {
    return std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
}

// A field of /proc/<pid>/status in kB ("VmRSS", "VmHWM"); -1 if absent.
inline long statusKb(pid_t pid, const std::string& key) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(in, line);) {
        if (line.rfind(key + ":", 0) == 0) return std::stol(line.substr(key.size() + 1));
    }
    return -1;
}

inline double statusMb(pid_t pid, const std::string& key) {
    return static_cast<double>(statusKb(pid, key)) / 1024.0;
}

// User + system CPU time the process has used so far.
inline double cpuSeconds(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto paren = stat.rfind(')');
    if (paren == std::string::npos) return 0;
    std::istringstream fields(stat.substr(paren + 2));
    std::string f;
    unsigned long utime = 0, stime = 0;
    for (int i = 3; i <= 15 && fields >> f; ++i) {
        if (i == 14) utime = std::stoul(f);
        if (i == 15) stime = std::stoul(f);
    }
    return static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

// `count` unpaced simulators (no reply delay, no TEXT: the figures are the gateway's, not the
// serial line's), even ones MPPTs and odd ones BMVs, named mppt0, bmv1, … on ptys in `dir`.
struct SimulatorFleet {
    struct Sim {
        std::string name;  // "mppt0": also the daemon's service suffix
        std::string port;  // the pty vreglinkd opens
        bool mppt = false;
        std::unique_ptr<testing::BackgroundProcess> process;
    };
    std::vector<Sim> sims;

    // Empty when a simulator did not start.
    static SimulatorFleet start(const testing::TempDir& dir, int count) {
        SimulatorFleet fleet;
        for (int i = 0; i < count; ++i) {
            Sim sim;
            sim.mppt = i % 2 == 0;
            sim.name = std::string(sim.mppt ? "mppt" : "bmv") + std::to_string(i);
            sim.port = dir.file(sim.name);
            sim.process = std::make_unique<testing::BackgroundProcess>(std::vector<std::string>{
                testing::binaryPath("apps/vreg-sim/vreg-sim"), sim.mppt ? "mppt" : "bmv", "--pty",
                sim.port, "--no-pacing", "--reply-delay", "0", "--no-text"});
            if (!sim.process->waitForOutput("vreg-sim:", std::chrono::seconds(10))) return {};
            fleet.sims.push_back(std::move(sim));
        }
        return fleet;
    }

    // "--device <port>" for each simulator, appended to vreglinkd's arguments.
    void appendDeviceArgs(std::vector<std::string>& args) const {
        for (const auto& sim : sims) {
            args.push_back("--device");
            args.push_back(sim.port);
        }
    }
};

}  // namespace vreglink::bench
