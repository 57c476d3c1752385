// BleLink against the BlueZ simulator on a private dbus-daemon (issue 4 "Link over BlueZ's D-Bus
// API"): discovery, connect, passkey pairing through the link's own agent, characteristics by
// UUID, notifications, writes without response, chunk size from the MTU, reconnect after a
// disconnect, a wrong PIN as a final error, and clear errors when BlueZ or the device is absent.
#include "link/ble_link.h"
#include "bluez_rig.h"
#include "link/bluez_names.h"
#include "run_loop.h"
#include "sim/bluez/bluez_simulator.h"
#include "sim/bluez/victron_gatt_layout.h"

#include <gtest/gtest.h>
#include <asio/io_context.hpp>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace vreglink::testing {
namespace {

using namespace std::chrono_literals;
constexpr const char* kAddress = "C0:FF:EE:00:00:01";
constexpr std::uint32_t kPin = 123456;

// Echoes every LAST write back as a LAST notification, like a device answering a transfer.
struct EchoPeripheral final : sim::bluez::GattPeripheral {
    std::string name() const override { return "SmartShunt HQ2041ECHO"; }
    std::string address() const override { return kAddress; }
    std::optional<std::uint32_t> passkey() const override { return kPin; }
    std::vector<sim::bluez::GattServiceSpec> services() const override {
        return sim::bluez::victronGattLayout();
    }
    void connected(sim::bluez::PeripheralLink& l) override { link = &l; }
    void disconnected() override { link = nullptr; }
    void written(const std::string& uuid, const sim::bluez::Bytes& value) override {
        writes.emplace_back(uuid, value);
        if (uuid == sim::bluez::kVictronLast && link != nullptr) {
            link->notify(sim::bluez::kVictronLast, value);
        }
    }
    sim::bluez::PeripheralLink* link = nullptr;
    std::vector<std::pair<std::string, sim::bluez::Bytes>> writes;
};

struct Recorder final : link::BleLinkListener {
    void onBleReady(std::size_t chunkSize) override {
        ++ready;
        chunk = chunkSize;
    }
    void onBleNotification(link::GattChannel channel, ByteView data) override {
        notifications.emplace_back(channel, Bytes(data.begin(), data.end()));
    }
    void onBleLost(std::string_view reason, bool fatal) override {
        losses.emplace_back(reason);
        lastFatal = fatal;
    }
    int ready = 0;
    std::size_t chunk = 0;
    std::vector<std::pair<link::GattChannel, Bytes>> notifications;
    std::vector<std::string> losses;
    bool lastFatal = false;
};

class BleLinkTest : public ::testing::Test {
  protected:
    void SetUp() override { ASSERT_TRUE(rig_.ok()); }
    void hostEcho(bool discoverable) {
        const auto started = rig_.start();
        ASSERT_FALSE(started) << *started;
        auto peripheral = std::make_unique<EchoPeripheral>();
        peripheral_ = peripheral.get();
        ASSERT_FALSE(rig_.add(std::move(peripheral), discoverable));
    }
    link::BleLinkOptions options(std::optional<std::uint32_t> pin = kPin) const {
        return rig_.linkOptions(pin);
    }
    bool runUntil(const std::function<bool()>& done, std::chrono::milliseconds limit = 10s) {
        return rig_.runUntil(done, limit);
    }

    BluezRig rig_;
    EchoPeripheral* peripheral_ = nullptr;
    Recorder recorder_;
};

TEST_F(BleLinkTest, ConnectsPairsAndMovesChunks) {
    hostEcho(false);
    link::BleLink ble(rig_.io(), *link::BleAddress::parse(kAddress), options(), recorder_);
    ble.start();
    ASSERT_TRUE(runUntil([&] { return recorder_.ready == 1; })) << ble.counters().losses;
    EXPECT_EQ(ble.state(), link::BleLinkState::Ready);
    EXPECT_EQ(recorder_.chunk, 20U);  // ATT MTU 23 - 3 (§1.3)
    EXPECT_TRUE(rig_.sim().paired(kAddress));

    const Bytes request{0x05, 0x03, 0x81, 0x19, 0xED, 0x8D};
    EXPECT_TRUE(ble.write(link::GattChannel::Last, request));
    EXPECT_FALSE(ble.write(link::GattChannel::More, Bytes(21, 0x00)));  // over the chunk size
    ASSERT_TRUE(runUntil([&] { return !recorder_.notifications.empty(); }));
    EXPECT_EQ(recorder_.notifications[0].first, link::GattChannel::Last);
    EXPECT_EQ(recorder_.notifications[0].second, request);
    ASSERT_EQ(peripheral_->writes.size(), 1U);
    EXPECT_EQ(peripheral_->writes[0].first, sim::bluez::kVictronLast);
}

TEST_F(BleLinkTest, DiscoversADeviceBluezDoesNotKnowYet) {
    hostEcho(true);
    link::BleLink ble(rig_.io(), *link::BleAddress::parse(kAddress), options(), recorder_);
    ble.start();
    ASSERT_TRUE(runUntil([&] { return recorder_.ready == 1; }));
    EXPECT_TRUE(recorder_.losses.empty());
}

TEST_F(BleLinkTest, ChunkSizeFollowsTheMtu) {
    hostEcho(false);
    rig_.sim().knobs().mtu = 150;
    link::BleLink ble(rig_.io(), *link::BleAddress::parse(kAddress), options(), recorder_);
    ble.start();
    ASSERT_TRUE(runUntil([&] { return recorder_.ready == 1; }));
    EXPECT_EQ(recorder_.chunk, 147U);
    EXPECT_TRUE(ble.write(link::GattChannel::Last, Bytes(147, 0x01)));
}

TEST_F(BleLinkTest, ReconnectsAfterTheDeviceDropsTheLink) {
    hostEcho(false);
    link::BleLink ble(rig_.io(), *link::BleAddress::parse(kAddress), options(), recorder_);
    ble.start();
    ASSERT_TRUE(runUntil([&] { return recorder_.ready == 1; }));
    ASSERT_TRUE(rig_.sim().disconnect(kAddress));
    ASSERT_TRUE(runUntil([&] { return !recorder_.losses.empty(); }));
    EXPECT_FALSE(recorder_.lastFatal);
    EXPECT_EQ(recorder_.losses[0], "disconnected");
    ASSERT_TRUE(runUntil([&] { return recorder_.ready == 2; }));
    EXPECT_TRUE(ble.write(link::GattChannel::Last, Bytes{0x01}));
    ASSERT_TRUE(runUntil([&] { return !recorder_.notifications.empty(); }));
    EXPECT_EQ(ble.counters().connects, 2U);
}

TEST_F(BleLinkTest, AWrongPinIsFinalAndSaysSo) {
    hostEcho(false);
    link::BleLink ble(rig_.io(), *link::BleAddress::parse(kAddress), options(111111), recorder_);
    ble.start();
    ASSERT_TRUE(runUntil([&] { return !recorder_.losses.empty(); }));
    EXPECT_TRUE(recorder_.lastFatal);
    EXPECT_NE(recorder_.losses[0].find("wrong PIN"), std::string::npos) << recorder_.losses[0];
    EXPECT_EQ(ble.state(), link::BleLinkState::Failed);
    // No retry: a wrong PIN tried again and again locks a real device out.
    EXPECT_FALSE(runUntil([&] { return recorder_.losses.size() > 1; }, 500ms));
    EXPECT_FALSE(rig_.sim().paired(kAddress));
}

TEST_F(BleLinkTest, AnAbsentDeviceIsReportedAndRetried) {
    hostEcho(false);
    auto o = options();
    o.searchTimeout = 300ms;
    link::BleLink ble(rig_.io(), *link::BleAddress::parse("C0:FF:EE:00:00:99"), o, recorder_);
    ble.start();
    ASSERT_TRUE(runUntil([&] { return recorder_.losses.size() >= 2; }));
    EXPECT_FALSE(recorder_.lastFatal);
    EXPECT_NE(recorder_.losses[0].find("C0:FF:EE:00:00:99 not found"), std::string::npos)
        << recorder_.losses[0];
}

TEST_F(BleLinkTest, NoBluezOnTheBusIsAClearError) {
    link::BleLink ble(rig_.io(), *link::BleAddress::parse(kAddress), options(), recorder_);
    ble.start();
    ASSERT_TRUE(runUntil([&] { return !recorder_.losses.empty(); }));
    EXPECT_NE(recorder_.losses[0].find("BlueZ is not running"), std::string::npos)
        << recorder_.losses[0];
    EXPECT_FALSE(recorder_.lastFatal);
}

TEST_F(BleLinkTest, StopDisconnectsTheDevice) {
    hostEcho(false);
    link::BleLink ble(rig_.io(), *link::BleAddress::parse(kAddress), options(), recorder_);
    ble.start();
    ASSERT_TRUE(runUntil([&] { return recorder_.ready == 1; }));
    ble.stop();
    EXPECT_TRUE(runUntil([&] { return !rig_.sim().connected(kAddress); }));
    EXPECT_EQ(ble.state(), link::BleLinkState::Stopped);
    EXPECT_FALSE(ble.write(link::GattChannel::Last, Bytes{0x01}));
}

}  // namespace
}  // namespace vreglink::testing
