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

#include <chrono>
#include <functional>
#include <optional>

namespace vreglink::testing {
namespace {

using namespace std::chrono_literals;
constexpr const char* kAddress = "C0:FF:EE:00:01:01";
constexpr std::uint32_t kPin = 123456;

class BleDeviceVictronTest : public ::testing::Test {
  protected:
    void host(const char* model) {
        const auto started = rig_.start();
        ASSERT_FALSE(started) << *started;
        auto peripheral = sim::bluez::makeVictronPeripheral(rig_.io(), model, kAddress, kPin);
        ASSERT_NE(peripheral, nullptr);
        ASSERT_FALSE(rig_.add(std::move(peripheral), false));
        device::BleDeviceOptions options;
        options.address = *link::BleAddress::parse(kAddress);
        options.passkey = kPin;
        options.bus = rig_.bus();
        device_ = std::make_unique<device::BleDevice>(rig_.io(), options);
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
    device::VregReply get(std::uint16_t id) {
        return request([&](device::ReplyHandler done) { device_->get(VregId(id), done); });
    }
    device::VregReply set(std::uint16_t id, Bytes value) {
        return request(
            [&](device::ReplyHandler done) { device_->set(VregId(id), std::move(value), done); });
    }

    BluezRig rig_;
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

TEST_F(BleDeviceVictronTest, OrionIsASingleChipProductOnInstanceZero) {
    host("orion");
    EXPECT_EQ(device_->productInstance(), 0U);
    const auto function = get(0x0206);
    EXPECT_TRUE(function.status.isOk()) << function.message;
}

}  // namespace
}  // namespace vreglink::testing
