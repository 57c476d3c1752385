// A private dbus-daemon, one asio loop on the test thread, and a client connection on that same
// loop: services and clients run together, so every client call is asynchronous and the test
// pumps the loop until the answer is in. Command-line clients (busctl, dbus-send) run on a helper
// thread while the loop keeps serving.
#pragma once

#include "bus/bus_connection.h"
#include "dbus/dbus_names.h"
#include "dbus_daemon.h"
#include "process.h"

#include <gtest/gtest.h>
#include <sdbus-c++/sdbus-c++.h>
#include <asio/io_context.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace vreglink::testing {

using namespace std::chrono_literals;

template <typename... R>
struct CallReply {
    bool done = false;
    std::optional<sdbus::Error> error;
    std::tuple<R...> values;
    template <std::size_t I>
    const auto& get() const {
        return std::get<I>(values);
    }
};

class DbusTest : public ::testing::Test {
  protected:
    void SetUp() override;
    void TearDown() override;

    // Pumps the loop until `done()` or `limit`; false on timeout.
    bool runUntil(const std::function<bool()>& done, std::chrono::milliseconds limit = 5s);
    void runFor(std::chrono::milliseconds time);
    // Runs a command line (absolute path) while the loop serves.
    CommandResult runCli(const std::vector<std::string>& argv);

    sdbus::IProxy& proxy(const std::string& service, const std::string& path);
    // A proxy of its own for signal handlers (finishRegistration is once per proxy).
    sdbus::IProxy& signalProxy(const std::string& service, const std::string& path);
    void finishSignals(sdbus::IProxy& proxy);

    // Starts an asynchronous call with the client connection and pumps until it is answered.
    template <typename... R, typename... A>
    CallReply<R...> call(const std::string& service, const std::string& path,
                         const std::string& iface, const std::string& method, const A&... args) {
        auto reply = std::make_shared<CallReply<R...>>();
        startCall<R...>(reply, service, path, iface, method, args...);
        EXPECT_TRUE(runUntil([&] { return reply->done; })) << method << " on " << path;
        return *reply;
    }
    template <typename... R, typename... A>
    void startCall(const std::shared_ptr<CallReply<R...>>& reply, const std::string& service,
                   const std::string& path, const std::string& iface, const std::string& method,
                   const A&... args) {
        proxy(service, path)
            .callMethodAsync(method)
            .onInterface(iface)
            .withArguments(args...)
            .uponReplyInvoke([reply](const sdbus::Error* error, R... values) {
                if (error != nullptr) {
                    reply->error = *error;
                } else {
                    reply->values = std::tuple<R...>(std::move(values)...);
                }
                reply->done = true;
            });
    }

    bool nameHasOwner(const std::string& name);

    DbusDaemon daemon_;
    asio::io_context io_;
    bus::BusSpec bus_;
    std::unique_ptr<bus::BusConnection> client_;
    std::map<std::pair<std::string, std::string>, std::unique_ptr<sdbus::IProxy>> proxies_;
    std::vector<std::unique_ptr<sdbus::IProxy>> signalProxies_;
};

}  // namespace vreglink::testing
