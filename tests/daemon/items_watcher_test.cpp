// ServiceItemsWatcher against the real vreglinkd and a simulated MPPT (what `vreg --dbus monitor`
// stands on): the mandatory paths in the first GetItems (venus-dbus-mqtt.md §2.3, §2.5), a value
// changed in the device arriving as ItemsChanged, and the service leaving with its device and
// coming back (§2.1).
#include "dbus/items_watcher.h"
#include "bus/bus_connection.h"
#include "daemon_rig.h"
#include "run_loop.h"

#include <gtest/gtest.h>
#include <asio/io_context.hpp>

#include <csignal>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace vreglink::testing {
namespace {

using namespace std::chrono_literals;
using dbus::ItemSnapshots;
constexpr const char* kMppt = "com.victronenergy.solarcharger.mppt";

struct Recorder final : dbus::ItemsListener {
    void onItems(const ItemSnapshots& items) override {
        batches.push_back(items);
        for (const auto& [path, item] : items) latest[path] = item;
    }
    void onServicePresence(bool present, std::string_view reason) override {
        presence.emplace_back(present, std::string(reason));
    }
    void onWatchError(std::string_view message) override { errors.emplace_back(message); }

    std::vector<ItemSnapshots> batches;
    ItemSnapshots latest;
    std::vector<std::pair<bool, std::string>> presence;
    std::vector<std::string> errors;
};

class WatchVreglinkd : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(rig_.ok()) << "no dbus-daemon";
        ASSERT_TRUE(rig_.startSim("mppt", "mppt", {"--gone-seconds", "2"}));
        auto bus = bus::BusConnection::open(
            io_, bus::BusSpec{bus::BusSpec::Kind::Address, rig_.address()});
        ASSERT_TRUE(bus) << bus.error();
        bus_ = std::move(*bus);
    }
    void TearDown() override {
        watcher_.reset();
        bus_.reset();
        io_.restart();
        io_.poll();  // completions of the closed connection
    }

    void startDaemon() { rig_.startDaemon({"--device", rig_.ptyPath("mppt")}); }
    void watch() {
        auto watcher = dbus::ServiceItemsWatcher::start(io_, *bus_, kMppt, recorder_, 5s);
        ASSERT_TRUE(watcher) << watcher.error();
        watcher_ = std::move(*watcher);
    }
    // Serves the watcher's connection until `done` holds; generous limits, never a fixed wait.
    bool runUntil(const std::function<bool()>& done, std::chrono::milliseconds limit = 15s) {
        return vreglink::testing::runUntil(io_, done, limit);
    }
    bool presenceIs(std::size_t index, bool present) const {
        return recorder_.presence.size() > index && recorder_.presence[index].first == present;
    }

    DaemonRig rig_;
    asio::io_context io_;
    std::unique_ptr<bus::BusConnection> bus_;
    Recorder recorder_;
    std::unique_ptr<dbus::ServiceItemsWatcher> watcher_;
};

TEST_F(WatchVreglinkd, FirstTreeThenAValueChangedInTheDevice) {
    startDaemon();
    ASSERT_TRUE(rig_.waitForName(kMppt)) << "service never registered";
    watch();
    ASSERT_TRUE(runUntil([&] { return !recorder_.batches.empty(); }));
    ASSERT_TRUE(presenceIs(0, true));
    const ItemSnapshots tree = recorder_.batches[0];  // a copy: more batches are coming
    for (const char* path : {"/Mgmt/ProcessName", "/Mgmt/ProcessVersion", "/Mgmt/Connection",
                             "/DeviceInstance", "/ProductId", "/ProductName", "/FirmwareVersion",
                             "/Connected", "/Serial", "/Dc/0/Voltage", "/Devices/0/VregLink"}) {
        EXPECT_TRUE(tree.contains(path)) << "first tree lacks " << path;
    }
    ASSERT_TRUE(tree.contains("/Mgmt/ProcessName"));
    EXPECT_EQ(tree.at("/Mgmt/ProcessName").value, venus::ItemValue(std::string("vreglinkd")));
    EXPECT_EQ(tree.at("/ProductId").value, venus::ItemValue(std::int32_t{0xA056}));
    EXPECT_EQ(tree.at("/Serial").value, venus::ItemValue(std::string("HQ19499RHC5")));
    ASSERT_TRUE(tree.contains("/Devices/0/VregLink"));
    EXPECT_EQ(tree.at("/Devices/0/VregLink").value, venus::ItemValue(venus::Invalid{}));

    // The battery voltage (0xED8D, 0.01 V) pinned in the simulator reaches /Dc/0/Voltage through
    // the TEXT block, and the watcher through ItemsChanged.
    ASSERT_EQ(rig_.control("mppt", "set 0xED8D 4d05"), "ok");  // 1357 -> 13.57 V
    ASSERT_TRUE(runUntil([&] {
        const auto it = recorder_.latest.find("/Dc/0/Voltage");
        const auto* v =
            it == recorder_.latest.end() ? nullptr : std::get_if<double>(&it->second.value);
        return v != nullptr && *v > 13.565 && *v < 13.575;
    })) << "13.57 V never arrived";
    EXPECT_EQ(recorder_.latest.at("/Dc/0/Voltage").text, "13.57V");
    EXPECT_TRUE(recorder_.errors.empty());
}

TEST_F(WatchVreglinkd, ServiceLeavesWithTheDeviceAndComesBackWithIt) {
    startDaemon();
    ASSERT_TRUE(rig_.waitForName(kMppt));
    watch();
    ASSERT_TRUE(runUntil([&] { return !recorder_.batches.empty(); }));
    ASSERT_TRUE(presenceIs(0, true));

    rig_.sim("mppt").signal(SIGUSR2);  // the cable is pulled for 2 s
    ASSERT_TRUE(runUntil([&] { return presenceIs(1, false); })) << "never saw it leave";
    EXPECT_EQ(recorder_.presence[1].second, "left the bus");
    const auto before = recorder_.batches.size();
    ASSERT_TRUE(runUntil([&] { return presenceIs(2, true); }, 30s)) << "never saw it return";
    // Back: the whole tree is read again.
    ASSERT_TRUE(runUntil([&] {
        for (auto i = before; i < recorder_.batches.size(); ++i) {
            if (recorder_.batches[i].contains("/Mgmt/ProcessName")) return true;
        }
        return false;
    }));
}

TEST_F(WatchVreglinkd, WatchingBeforeTheDaemonRegistersTheService) {
    watch();
    ASSERT_TRUE(runUntil([&] { return !recorder_.presence.empty(); }));
    EXPECT_EQ(recorder_.presence[0], std::make_pair(false, std::string("not on the bus")));
    startDaemon();
    ASSERT_TRUE(runUntil([&] { return presenceIs(1, true); }, 30s));
    ASSERT_TRUE(runUntil([&] { return recorder_.latest.contains("/Mgmt/ProcessName"); }));
}

}  // namespace
}  // namespace vreglink::testing
