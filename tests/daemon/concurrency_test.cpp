// 100 concurrent GetVreg calls from several clients across several devices are all answered,
// none lost (issue 3 "Tests"; venus-dbus-mqtt.md §3.4: queue per device, always reply).
#include "daemon_rig.h"
#include "test_util.h"

#include <gtest/gtest.h>
#include <sdbus-c++/sdbus-c++.h>

#include <atomic>
#include <condition_variable>
#include <mutex>

namespace vreglink::testing {
namespace {

using namespace std::chrono_literals;

struct Outcome {
    std::mutex mutex;
    std::condition_variable cv;
    int answered = 0;
    int ok = 0;
    std::vector<std::string> problems;
};

TEST(DaemonConcurrency, HundredConcurrentGetVregAllAnswered) {
    DaemonRig rig;
    ASSERT_TRUE(rig.ok());
    const std::vector<std::pair<std::string, std::string>> devices{
        {"mppt", "com.victronenergy.solarcharger.mppt"},
        {"bmv", "com.victronenergy.battery.bmv"},
        {"shunt", "com.victronenergy.battery.shunt"}};
    const std::vector<std::string> models{"mppt", "bmv", "smartshunt"};
    std::vector<std::string> args;
    for (std::size_t i = 0; i < devices.size(); ++i) {
        ASSERT_TRUE(rig.startSim(models[i], devices[i].first));
        args.insert(args.end(), {"--device", rig.ptyPath(devices[i].first)});
    }
    rig.startDaemon(args);
    for (const auto& [name, service] : devices) ASSERT_TRUE(rig.waitForName(service)) << service;

    // The value every call must return: product id register 0x0100 of each simulator.
    std::vector<std::vector<std::uint8_t>> expected;
    for (const auto& [name, service] : devices) {
        const std::string hex = rig.control(name, "get 0x0100");
        std::vector<std::uint8_t> bytes;
        for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
            bytes.push_back(static_cast<std::uint8_t>(std::stoul(hex.substr(i, 2), nullptr, 16)));
        }
        ASSERT_FALSE(bytes.empty()) << name << ": " << hex;
        expected.push_back(bytes);
    }

    constexpr int kClients = 4;
    constexpr int kCalls = 100;
    Outcome outcome;
    std::vector<std::unique_ptr<sdbus::IConnection>> connections;
    std::vector<std::unique_ptr<sdbus::IProxy>> proxies;  // [client * devices + device]
    try {
        for (int c = 0; c < kClients; ++c) {
            connections.push_back(sdbus::createSessionBusConnectionWithAddress(rig.address()));
            for (const auto& [name, service] : devices) {
                proxies.push_back(
                    sdbus::createProxy(*connections.back(), service, "/Devices/0/VregLink"));
            }
        }
        // All 100 are sent before the first answer can arrive: each device queues ~33.
        for (int i = 0; i < kCalls; ++i) {
            const std::size_t client = static_cast<std::size_t>(i % kClients);
            const std::size_t device = static_cast<std::size_t>(i) % devices.size();
            auto& proxy = *proxies[client * devices.size() + device];
            proxy.callMethodAsync("GetVreg")
                .onInterface("com.victronenergy.VregLink")
                .withTimeout(25s)
                .withArguments(std::uint16_t{0x0100})
                .uponReplyInvoke([&outcome, &expected, device, i](const sdbus::Error* error,
                                                                  std::uint16_t status,
                                                                  std::vector<std::uint8_t> data) {
                    std::lock_guard lock(outcome.mutex);
                    ++outcome.answered;
                    if (error != nullptr) {
                        outcome.problems.push_back(std::to_string(i) + ": " + error->getMessage());
                    } else if (status != 0 || data != expected[device]) {
                        outcome.problems.push_back(std::to_string(i) + ": status " +
                                                   std::to_string(status));
                    } else {
                        ++outcome.ok;
                    }
                    outcome.cv.notify_all();
                });
        }
        // The loops start after every call is queued: 100 in flight at once, and no sd-bus
        // object is used from two threads.
        for (auto& connection : connections) connection->enterEventLoopAsync();
    } catch (const sdbus::Error& e) {
        FAIL() << e.getName() << ": " << e.getMessage();
    }
    {
        std::unique_lock lock(outcome.mutex);
        outcome.cv.wait_for(lock, 30s, [&] { return outcome.answered == kCalls; });
        EXPECT_EQ(outcome.answered, kCalls) << "calls lost";
        EXPECT_EQ(outcome.ok, kCalls);
        for (const auto& p : outcome.problems) ADD_FAILURE() << p;
    }
    for (auto& connection : connections) connection->leaveEventLoop();
    proxies.clear();
}

}  // namespace
}  // namespace vreglink::testing
