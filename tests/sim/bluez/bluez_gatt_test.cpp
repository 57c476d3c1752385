// GATT traffic through the simulated radio: write commands reach the peripheral, its
// notifications come back as PropertiesChanged of Value (gatt-client.c notify_cb), and the
// knobs of issue 4 — MTU, connection-event pacing, a lost notification, link loss, a dead peer.
#include "bluez_fixture.h"

namespace vreglink::testing {
namespace {

using namespace std::chrono_literals;

class BluezGattTest : public BluezSimTest {
  protected:
    void SetUp() override {
        BluezSimTest::SetUp();
        if (HasFatalFailure()) return;
        addShunt(/*discoverable=*/false);
        ASSERT_FALSE(callVoid(kShuntPath, "org.bluez.Device1", "Connect"));
        ASSERT_FALSE(callVoid(kLastPath, "org.bluez.GattCharacteristic1", "StartNotify"));
        watchValues(kLastPath);
    }
};

TEST_F(BluezGattTest, WriteCommandReachesThePeripheralAndItsNotificationComesBack) {
    const Bytes getDevices{0x01};  // §3.1 step 4
    ASSERT_FALSE(writeValue(kLastPath, getDevices));
    ASSERT_TRUE(runUntil([&] { return !values_.empty(); }));
    ASSERT_EQ(echo_->writes.size(), 1U);
    EXPECT_EQ(echo_->writes[0].uuid, sim::bluez::kVictronLast);
    EXPECT_EQ(echo_->writes[0].value, getDevices);
    EXPECT_EQ(values_[0], getDevices);
    EXPECT_EQ(property(kLastPath, "org.bluez.GattCharacteristic1", "Value").get<Bytes>(),
              getDevices);

    // After StopNotify the notification is not sent (no CCCD), the write still arrives.
    ASSERT_FALSE(callVoid(kLastPath, "org.bluez.GattCharacteristic1", "StopNotify"));
    ASSERT_FALSE(writeValue(kLastPath, Bytes{0x03, 0x00}));
    ASSERT_TRUE(runUntil([&] { return echo_->writes.size() == 2; }));
    runFor(60ms);
    EXPECT_EQ(values_.size(), 1U);
    const auto none = callVoid(kLastPath, "org.bluez.GattCharacteristic1", "StopNotify");
    ASSERT_TRUE(none);
    EXPECT_EQ(none->getName(), "org.bluez.Error.Failed");
}

TEST_F(BluezGattTest, WriteCommandsLongerThanMtuMinusThreeAreRefused) {
    const auto tooLong = writeValue(kLastPath, Bytes(21, 0x05));
    ASSERT_TRUE(tooLong);
    EXPECT_EQ(tooLong->getName(), "org.bluez.Error.Failed");
    EXPECT_EQ(tooLong->getMessage(), "Failed to initiate write");
    EXPECT_FALSE(writeValue(kLastPath, Bytes(20, 0x05)));

    sim_->knobs().mtu = 153;  // CBOR2SCRIPT's 150-byte chunks (§1.3)
    EXPECT_EQ(property(kLastPath, "org.bluez.GattCharacteristic1", "MTU").get<std::uint16_t>(),
              153);
    EXPECT_FALSE(writeValue(kLastPath, Bytes(150, 0x05)));
    ASSERT_TRUE(runUntil([&] { return echo_->writes.size() == 2; }));
    EXPECT_EQ(echo_->writes[1].value.size(), 150U);

    // A write request on a write-without-response characteristic: ATT "write not permitted".
    const auto request = writeValue(kLastPath, Bytes{0x01}, "request");
    ASSERT_TRUE(request);
    EXPECT_EQ(request->getName(), "org.bluez.Error.NotPermitted");
}

TEST_F(BluezGattTest, WritesArePacedByConnectionEvents) {
    constexpr int kWrites = 10;
    sim_->knobs().connectionInterval = 15ms;
    sim_->knobs().packetsPerEvent = 1;
    std::vector<std::shared_ptr<CallReply<>>> replies;
    for (int i = 0; i < kWrites; ++i) {
        auto reply = std::make_shared<CallReply<>>();
        Properties options{{"type", sdbus::Variant(std::string("command"))}};
        startCall<>(reply, "org.bluez", kShuntPath + "/service001f/char0026",
                    "org.bluez.GattCharacteristic1", "WriteValue",
                    Bytes{static_cast<std::uint8_t>(i)}, options);
        replies.push_back(reply);
    }
    ASSERT_TRUE(runUntil([&] { return echo_->writes.size() == kWrites; }, 10s));
    for (int i = 0; i < kWrites; ++i) {
        EXPECT_EQ(echo_->writes[static_cast<std::size_t>(i)].value,
                  Bytes{static_cast<std::uint8_t>(i)});
    }
    // One write per 15 ms event: ten writes span at least nine intervals (minus timer slack).
    const auto span = echo_->writes.back().at - echo_->writes.front().at;
    EXPECT_GE(span, 8 * 15ms) << std::chrono::duration<double, std::milli>(span).count() << " ms";
}

TEST_F(BluezGattTest, DropNextNotificationLosesExactlyOneChunk) {
    sim_->knobs().dropNotifications = 1;
    ASSERT_FALSE(writeValue(kLastPath, Bytes{0xAA}));
    ASSERT_FALSE(writeValue(kLastPath, Bytes{0xBB}));
    ASSERT_TRUE(runUntil([&] { return !values_.empty(); }));
    ASSERT_TRUE(runUntil([&] { return echo_->writes.size() == 2; }));
    runFor(60ms);
    ASSERT_EQ(values_.size(), 1U);
    EXPECT_EQ(values_[0], Bytes{0xBB});
    EXPECT_EQ(sim_->knobs().dropNotifications, 0U);
}

TEST_F(BluezGattTest, DisconnectNowRemovesTheGattObjectsAndTellsThePeripheral) {
    std::vector<std::string> removed;
    auto& root = signalProxy("org.bluez", "/");
    root.uponSignal("InterfacesRemoved")
        .onInterface("org.freedesktop.DBus.ObjectManager")
        .call([&](const sdbus::ObjectPath& path, const std::vector<std::string>&) {
            removed.push_back(path);
        });
    finishSignals(root);

    ASSERT_TRUE(sim_->disconnect(kShuntAddress));
    ASSERT_TRUE(runUntil([&] { return removed.size() >= 5; }));  // 2 services, 4 characteristics
    EXPECT_NE(std::find(removed.begin(), removed.end(), kLastPath), removed.end());
    EXPECT_FALSE(property(kShuntPath, "org.bluez.Device1", "Connected").get<bool>());
    EXPECT_FALSE(property(kShuntPath, "org.bluez.Device1", "ServicesResolved").get<bool>());
    EXPECT_EQ(echo_->disconnects, 1);
    const auto gone = writeValue(kLastPath, Bytes{0x01});
    ASSERT_TRUE(gone);
    EXPECT_EQ(gone->getName(), "org.freedesktop.DBus.Error.UnknownObject");
    EXPECT_FALSE(sim_->disconnect(kShuntAddress));

    // Reconnecting brings the objects back.
    ASSERT_FALSE(callVoid(kShuntPath, "org.bluez.Device1", "Connect"));
    EXPECT_EQ(echo_->connects, 2);
    EXPECT_TRUE(managedObjects().count(sdbus::ObjectPath(kLastPath)));
}

TEST_F(BluezGattTest, ThePeripheralCanDropTheLinkMidTransfer) {
    ASSERT_NE(echo_->link, nullptr);
    echo_->link->notify(sim::bluez::kVictronMore, Bytes{0x08, 0x03});  // first chunk of two
    echo_->link->disconnect();
    ASSERT_TRUE(runUntil([&] { return echo_->disconnects == 1; }));
    EXPECT_FALSE(property(kShuntPath, "org.bluez.Device1", "Connected").get<bool>());
}

TEST_F(BluezGattTest, StopAnsweringAcceptsWritesButThePeripheralNeverSeesThem) {
    sim_->knobs().stopAnswering = true;
    ASSERT_FALSE(writeValue(kLastPath, Bytes{0x01}));
    runFor(100ms);
    EXPECT_TRUE(echo_->writes.empty());
    EXPECT_TRUE(values_.empty());

    sim_->knobs().stopAnswering = false;
    ASSERT_FALSE(writeValue(kLastPath, Bytes{0x02}));
    ASSERT_TRUE(runUntil([&] { return !values_.empty(); }));
    EXPECT_EQ(values_[0], Bytes{0x02});
}

}  // namespace
}  // namespace vreglink::testing
