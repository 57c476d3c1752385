// vreglinkd through a real dbus-daemon: GetVreg latency and throughput with 1 and 16 concurrent
// callers against unpaced simulators, compared with org.freedesktop.DBus.Peer.Ping answered by
// the same daemon connection (the bus's own floor); daemon RSS with 16 devices; CPU used while
// no device traffic flows (must be ~0: no polling loops). Prints figures; asserts nothing.
#include "bench_util.h"
#include "dbus_daemon.h"
#include "process.h"

#include <sdbus-c++/sdbus-c++.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace vreglink::testing;
using namespace vreglink::bench;

constexpr int kDevices = 16;
constexpr const char* kVregLink = "com.victronenergy.VregLink";

// `callers` threads, each with its own bus connection, each making `perCaller` synchronous calls
// of `call(proxy)`; caller i talks to service i % services.size().
template <typename Call>
Figures measure(const std::string& address, const std::vector<std::string>& services,
                const std::string& path, int callers, int perCaller, Call call) {
    std::vector<std::vector<double>> latencies(static_cast<std::size_t>(callers));
    std::atomic<std::size_t> failures{0};
    std::vector<std::thread> threads;
    const auto start = Clock::now();
    for (int c = 0; c < callers; ++c) {
        threads.emplace_back([&, c] {
            auto connection = sdbus::createSessionBusConnectionWithAddress(address);
            auto proxy = sdbus::createProxy(
                *connection, services[static_cast<std::size_t>(c) % services.size()], path);
            auto& mine = latencies[static_cast<std::size_t>(c)];
            mine.reserve(static_cast<std::size_t>(perCaller));
            for (int i = 0; i < perCaller; ++i) {
                const auto t0 = Clock::now();
                try {
                    if (!call(*proxy)) ++failures;
                } catch (const sdbus::Error&) {
                    ++failures;
                }
                mine.push_back(microsSince(t0));
            }
        });
    }
    for (auto& t : threads) t.join();
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::vector<double> all;
    for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
    return summarise(std::move(all), seconds, failures.load());
}

}  // namespace

int main() {
    DbusDaemon bus;
    if (!bus.ok()) {
        std::fprintf(stderr, "dbus bench: could not start dbus-daemon\n");
        return 1;
    }
    TempDir dir;
    const auto fleet = SimulatorFleet::start(dir, kDevices);
    if (fleet.sims.empty()) return 1;
    std::vector<std::string> daemonArgs{binaryPath("apps/vreglinkd/vreglinkd"), "--bus",
                                        bus.address()};
    fleet.appendDeviceArgs(daemonArgs);
    std::vector<std::string> services;
    for (const auto& sim : fleet.sims) {
        services.push_back(std::string("com.victronenergy.") +
                           (sim.mppt ? "solarcharger." : "battery.") + sim.name);
    }
    BackgroundProcess daemon(daemonArgs);

    // Wait until every service is on the bus.
    auto connection = sdbus::createSessionBusConnectionWithAddress(bus.address());
    auto dbusProxy =
        sdbus::createProxy(*connection, "org.freedesktop.DBus", "/org/freedesktop/DBus");
    const auto deadline = Clock::now() + std::chrono::seconds(30);
    for (;;) {
        std::vector<std::string> names;
        dbusProxy->callMethod("ListNames")
            .onInterface("org.freedesktop.DBus")
            .storeResultsTo(names);
        const auto present = std::count_if(services.begin(), services.end(), [&](const auto& s) {
            return std::find(names.begin(), names.end(), s) != names.end();
        });
        if (present == kDevices) break;
        if (Clock::now() > deadline) {
            std::fprintf(stderr, "dbus bench: only %ld of %d services appeared\n", present,
                         kDevices);
            return 1;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }

    auto getVreg = [](sdbus::IProxy& p) {
        std::uint16_t status = 0xFFFF;
        std::vector<std::uint8_t> data;
        p.callMethod("GetVreg")
            .onInterface(kVregLink)
            .withArguments(std::uint16_t{0x0100})
            .storeResultsTo(status, data);
        return status == 0;
    };
    auto ping = [](sdbus::IProxy& p) {
        p.callMethod("Ping").onInterface("org.freedesktop.DBus.Peer");
        return true;
    };

    // Warm-up, then the measurements.
    measure(bus.address(), services, "/Devices/0/VregLink", 4, 50, getVreg);
    std::printf(
        "vreglinkd D-Bus benchmark: %d simulated VE.Direct devices (unpaced, 0 ms reply "
        "delay), private dbus-daemon\n",
        kDevices);
    const auto ping1 = measure(bus.address(), services, "/", 1, 2000, ping);
    const auto get1 = measure(bus.address(), services, "/Devices/0/VregLink", 1, 2000, getVreg);
    const auto ping16 = measure(bus.address(), services, "/", 16, 500, ping);
    const auto get16 = measure(bus.address(), services, "/Devices/0/VregLink", 16, 500, getVreg);
    print("Peer.Ping to the daemon, 1 caller (floor)", ping1);
    print("GetVreg 0x0100, 1 caller", get1);
    print("Peer.Ping to the daemon, 16 callers (floor)", ping16);
    print("GetVreg 0x0100, 16 callers on 16 devices", get16);
    std::printf(
        "  GetVreg p50 / Ping p50: %.2fx with 1 caller, %.2fx with 16 callers (target <= 2x)\n",
        get1.p50us / ping1.p50us, get16.p50us / ping16.p50us);

    // busctl, as a user types it: a whole process per call, so only for reference.
    const auto t0 = Clock::now();
    constexpr int kBusctlRuns = 20;
    for (int i = 0; i < kBusctlRuns; ++i) {
        runCommand({"/usr/bin/busctl", "--address=" + bus.address(), "call", services[0], "/",
                    "org.freedesktop.DBus.Peer", "Ping"});
    }
    std::printf("  busctl call … Peer.Ping (whole process): %.1f ms per call\n",
                std::chrono::duration<double, std::milli>(Clock::now() - t0).count() / kBusctlRuns);

    std::printf("  vreglinkd RSS with %d devices: %.1f MB (VmHWM %.1f MB) (target <= 10 MB)\n",
                kDevices, statusMb(daemon.pid(), "VmRSS"), statusMb(daemon.pid(), "VmHWM"));
    const double cpuBefore = cpuSeconds(daemon.pid());
    std::this_thread::sleep_for(std::chrono::seconds(5));
    std::printf("  vreglinkd CPU while idle (no device traffic, 5 s): %.2f s\n",
                cpuSeconds(daemon.pid()) - cpuBefore);
    return get1.failures + get16.failures == 0 ? 0 : 1;
}
