#include "dbus_fixture.h"

#include "run_loop.h"

#include <future>
#include <thread>

namespace vreglink::testing {

void DbusTest::SetUp() {
    ASSERT_TRUE(daemon_.ok()) << "dbus-daemon did not start";
    bus_ = bus::BusSpec{bus::BusSpec::Kind::Address, daemon_.address()};
    auto client = bus::BusConnection::open(io_, bus_);
    ASSERT_TRUE(client) << client.error();
    client_ = std::move(*client);
}

void DbusTest::TearDown() {
    // sdbus-c++ objects keep raw pointers into their connection: proxies go first.
    signalProxies_.clear();
    proxies_.clear();
    client_.reset();
    runFor(10ms);  // let posted completions of the closed connections drain
}

bool DbusTest::runUntil(const std::function<bool()>& done, std::chrono::milliseconds limit) {
    return vreglink::testing::runUntil(io_, done, limit);
}

void DbusTest::runFor(std::chrono::milliseconds time) {
    const auto until = std::chrono::steady_clock::now() + time;
    runUntil([&] { return std::chrono::steady_clock::now() >= until; }, time + 1s);
}

CommandResult DbusTest::runCli(const std::vector<std::string>& argv) {
    auto result = std::async(std::launch::async, [argv] { return runCommand(argv, 20s); });
    EXPECT_TRUE(runUntil([&] { return result.wait_for(0s) == std::future_status::ready; }, 25s));
    return result.get();
}

sdbus::IProxy& DbusTest::proxy(const std::string& service, const std::string& path) {
    auto& slot = proxies_[{service, path}];
    if (!slot) {
        slot = sdbus::createProxy(client_->sdbus(), service, path);
        slot->finishRegistration();
    }
    return *slot;
}

sdbus::IProxy& DbusTest::signalProxy(const std::string& service, const std::string& path) {
    signalProxies_.push_back(sdbus::createProxy(client_->sdbus(), service, path));
    return *signalProxies_.back();
}

void DbusTest::finishSignals(sdbus::IProxy& proxy) {
    proxy.finishRegistration();  // AddMatch is a synchronous call: let the loop catch up
    client_->wake();
    runFor(20ms);
}

bool DbusTest::nameHasOwner(const std::string& name) {
    const auto reply = call<bool>("org.freedesktop.DBus", "/org/freedesktop/DBus",
                                  "org.freedesktop.DBus", "NameHasOwner", name);
    return !reply.error && reply.get<0>();
}

}  // namespace vreglink::testing
