// BleDevice end to end against the simulated VictronConnect peripherals (issue 4 "the full
// session against the simulated peripherals over the test BlueZ"): the real session, the real
// BlueZ client, the BlueZ simulator and the codec-built SmartShunt / Orion on a private bus.
#include "bluez_rig.h"
#include "device/ble_device.h"
#include "run_loop.h"
#include "sim/bluez/bluez_simulator.h"
#include "sim/bluez/victron_peripheral.h"

#include <gtest/gtest.h>
#include <asio/io_context.hpp>

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <vector>

namespace vreglink::testing {
namespace {

using namespace std::chrono_literals;
constexpr const char* kAddress = "C0:FF:EE:00:01:01";
constexpr std::uint32_t kPin = 123456;

class BleDeviceVictronTest : public ::testing::Test {
  protected:
    void host(const char* model,
              const std::function<void(device::BleDeviceOptions&)>& tune = nullptr) {
        const auto started = rig_.start();
        ASSERT_FALSE(started) << *started;
        auto peripheral = sim::bluez::makeVictronPeripheral(rig_.io(), model, kAddress, kPin);
        ASSERT_NE(peripheral, nullptr);
        ASSERT_FALSE(rig_.add(std::move(peripheral), false));
        connectDevice(tune);
    }
    // A (new) session with the hosted peripheral, connected.
    void connectDevice(const std::function<void(device::BleDeviceOptions&)>& tune = nullptr) {
        device::BleDeviceOptions options;
        options.address = *link::BleAddress::parse(kAddress);
        options.passkey = kPin;
        options.bus = rig_.bus();
        options.timeout = 800ms;  // a lost chunk costs one try: keep the tests short
        options.reconnectMin = 100ms;
        if (tune) tune(options);
        device_ = std::make_unique<device::BleDevice>(rig_.io(), options);
        device_->addListener(&listener_);
        device_->start();
        ASSERT_TRUE(runUntil([&] { return device_->linkState() == device::LinkState::Connected; }));
    }
    bool runUntil(const std::function<bool()>& done, std::chrono::milliseconds limit = 15s) {
        return rig_.runUntil(done, limit);
    }
    device::VregReply request(const std::function<void(device::ReplyHandler)>& start) {
        std::optional<device::VregReply> reply;
        start([&](const device::VregReply& r) { reply = r; });
        EXPECT_TRUE(runUntil([&] { return reply.has_value(); }));
        return reply.value_or(device::VregReply{VregStatus::timeout(), {}, "no reply"});
    }
    // All at once (pipelined into transfers), answers in `ids` order.
    std::vector<device::VregReply> getAll(const std::vector<std::uint16_t>& ids) {
        std::vector<std::optional<device::VregReply>> replies(ids.size());
        for (std::size_t i = 0; i < ids.size(); ++i) {
            device_->get(VregId(ids[i]),
                         [&replies, i](const device::VregReply& r) { replies[i] = r; });
        }
        EXPECT_TRUE(runUntil([&] {
            return std::all_of(replies.begin(), replies.end(), [](const auto& r) { return r; });
        }));
        std::vector<device::VregReply> out;
        for (auto& r : replies) {
            out.push_back(r.value_or(device::VregReply{VregStatus::timeout(), {}, "no reply"}));
        }
        return out;
    }
    device::VregReply get(std::uint16_t id) {
        return request([&](device::ReplyHandler done) { device_->get(VregId(id), done); });
    }
    device::VregReply set(std::uint16_t id, Bytes value) {
        return request(
            [&](device::ReplyHandler done) { device_->set(VregId(id), std::move(value), done); });
    }

    struct Listener final : device::DeviceListener {
        void onVregUpdate(VregId id, ByteView) override { ++updates[id.value]; }
        void onLinkStateChanged(device::LinkState state, std::string_view) override {
            if (state == device::LinkState::Disconnected) ++disconnects;
        }
        std::map<std::uint16_t, int> updates;
        int disconnects = 0;
    };

    BluezRig rig_;
    Listener listener_;  // outlives device_
    std::unique_ptr<device::BleDevice> device_;
};

TEST_F(BleDeviceVictronTest, SmartShuntGetSetAndErrorsThroughTheWholeStack) {
    host("smartshunt");
    EXPECT_EQ(device_->productInstance(), 3U);  // two-chip: the flagged entry of the list
    const auto product = get(0x0100);
    ASSERT_TRUE(product.status.isOk()) << product.message;
    ASSERT_EQ(product.data.size(), 4U);
    EXPECT_EQ(product.data[1] | (product.data[2] << 8), 0xA389);  // SmartShunt 500A/50mV
    const auto voltage = get(0xED8D);
    ASSERT_TRUE(voltage.status.isOk()) << voltage.message;
    EXPECT_EQ(voltage.data.size(), 2U);

    const auto stored = set(0x1000, Bytes{0x63, 0x00});  // battery capacity 99 Ah
    ASSERT_TRUE(stored.status.isOk()) << stored.message;
    const auto capacity = get(0x1000);
    ASSERT_TRUE(capacity.status.isOk());
    EXPECT_EQ(capacity.data, (Bytes{0x63, 0x00}));

    const auto unknown = get(0xBEEF);
    EXPECT_EQ(unknown.status, VregStatus::notSupported()) << unknown.message;
}

// Settings that do not change by themselves (bmv_registers.cpp), plus identity registers.
std::vector<std::uint16_t> steadyRegisters() {
    std::vector<std::uint16_t> ids{0x0100, 0x0102, 0x010A};
    for (std::uint16_t id = 0x1000; id <= 0x100B; ++id) ids.push_back(id);
    return ids;
}

TEST_F(BleDeviceVictronTest, LostChunksAreRetriedNeverDecodedIntoAWrongValue) {
    // Issue 4 knob "dropped chunk": answers lose chunks on the air; every request still ends
    // with the right value (a broken transfer is dropped and its requests retried).
    host("smartshunt");
    const auto ids = steadyRegisters();
    const auto baseline = getAll(ids);
    for (std::size_t i = 0; i < ids.size(); ++i) {
        ASSERT_TRUE(baseline[i].status.isOk()) << std::hex << ids[i] << baseline[i].message;
    }
    for (unsigned drop = 1; drop <= 4; ++drop) {
        rig_.sim().knobs().dropNotifications = drop;
        const auto again = getAll(ids);
        for (std::size_t i = 0; i < ids.size(); ++i) {
            ASSERT_TRUE(again[i].status.isOk()) << std::hex << ids[i] << again[i].message;
            EXPECT_EQ(again[i].data, baseline[i].data) << std::hex << ids[i];
        }
    }
    const auto& stats = device_->stats();
    EXPECT_GT(stats.retries, 0U);
    EXPECT_GT(stats.rejectedTransfers + stats.dropped, 0U);  // broken transfers were seen
}

TEST_F(BleDeviceVictronTest, ALinkLostMidTransferAnswersEveryRequestAndRecovers) {
    // Issue 4 knob "disconnect in the middle of a transfer": every pending request is answered
    // (0x8400, device disconnected) or was answered right before; after the reconnect the
    // session works again.
    host("smartshunt");
    const auto ids = steadyRegisters();
    const auto baseline = getAll(ids);
    std::vector<std::optional<device::VregReply>> replies(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
        device_->get(VregId{ids[i]}, [&replies, i](const device::VregReply& r) { replies[i] = r; });
    }
    const auto received = device_->stats().chunksReceived;
    ASSERT_TRUE(runUntil([&] { return device_->stats().chunksReceived >= received + 2; }));
    ASSERT_TRUE(rig_.sim().disconnect(kAddress));
    ASSERT_TRUE(runUntil([&] {
        return std::all_of(replies.begin(), replies.end(), [](const auto& r) { return r; });
    }));
    std::size_t lost = 0;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (replies[i]->status.isOk()) {
            EXPECT_EQ(replies[i]->data, baseline[i].data) << std::hex << ids[i];
            continue;
        }
        ++lost;
        EXPECT_EQ(replies[i]->status, VregStatus::timeout());
        EXPECT_NE(replies[i]->message.find("disconnected"), std::string::npos)
            << replies[i]->message;
    }
    EXPECT_GT(lost, 0U);
    ASSERT_TRUE(runUntil([&] { return device_->linkState() == device::LinkState::Connected; }));
    const auto product = get(0x0100);
    ASSERT_TRUE(product.status.isOk()) << product.message;
    EXPECT_EQ(product.data, baseline[0].data);
}

TEST_F(BleDeviceVictronTest, PushesAfterSubscribeReachListeners) {
    // §4.4.7: the SmartShunt pushes its live registers about once a second on instance 3.
    host("smartshunt");
    ASSERT_TRUE(runUntil([&] { return listener_.updates.count(0xED8D) != 0; }, 3s));
    EXPECT_GT(device_->stats().pushes, 0U);
}

TEST_F(BleDeviceVictronTest, TheKeepAliveHoldsTheLinkAndWithoutItTheDeviceDropsIt) {
    // §3.3 with short times: refreshed at a third of its value, the link stays up; refreshed too
    // late, the peripheral drops the link and the session reconnects.
    host("smartshunt", [](device::BleDeviceOptions& o) {
        o.keepAliveValueMs = 600;
        o.keepAlivePeriod = 200ms;
    });
    vreglink::testing::runFor(rig_.io(), 1500ms);
    EXPECT_EQ(listener_.disconnects, 0);
    EXPECT_EQ(device_->stats().initRuns, 1U);
    EXPECT_GT(device_->stats().keepAlives, 4U);

    device_.reset();
    ASSERT_TRUE(runUntil([&] { return !rig_.sim().connected(kAddress); }, 3s));
    connectDevice([](device::BleDeviceOptions& o) {
        o.keepAliveValueMs = 400;
        o.keepAlivePeriod = 5s;
    });
    ASSERT_TRUE(runUntil([&] { return listener_.disconnects > 0; }, 3s));
    ASSERT_TRUE(runUntil([&] { return device_->stats().initRuns >= 2; }, 5s));
}

TEST_F(BleDeviceVictronTest, ADeviceThatStopsAnsweringGivesTimeoutInBoundedTime) {
    host("smartshunt");
    rig_.sim().knobs().stopAnswering = true;
    const auto start = std::chrono::steady_clock::now();
    const auto reply = get(0xED8D);
    const auto took = std::chrono::steady_clock::now() - start;
    EXPECT_EQ(reply.status, VregStatus::timeout()) << reply.message;
    EXPECT_NE(reply.message.find("no answer after 3 tries"), std::string::npos) << reply.message;
    EXPECT_LT(took, 3 * 800ms + 500ms);  // three tries of 800 ms
}

TEST_F(BleDeviceVictronTest, OrionIsASingleChipProductOnInstanceZero) {
    host("orion");
    EXPECT_EQ(device_->productInstance(), 0U);
    const auto function = get(0x0206);
    EXPECT_TRUE(function.status.isOk()) << function.message;
}

}  // namespace
}  // namespace vreglink::testing
