// Pairing as BlueZ does it for a passkey device (ble-gatt.md §1.3; device-api.txt Pair,
// agent-api.txt RequestPasskey): the simulator calls the client's agent, compares the passkey,
// and refuses notifications with NotPermitted "Not paired" until bonded (gatt-client.c).
#include "bluez_fixture.h"

namespace vreglink::testing {
namespace {

constexpr std::uint32_t kPin = 123456;

TEST_F(BluezSimTest, PairWithTheRightPasskeyBondsAndUnlocksNotifications) {
    addShunt(/*discoverable=*/false, kPin);
    registerAgent(kPin);
    ASSERT_FALSE(callVoid(kShuntPath, "org.bluez.Device1", "Connect"));

    const auto refused = callVoid(kLastPath, "org.bluez.GattCharacteristic1", "StartNotify");
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->getName(), "org.bluez.Error.NotPermitted");
    EXPECT_EQ(refused->getMessage(), "Not paired");

    ASSERT_FALSE(callVoid(kShuntPath, "org.bluez.Device1", "Pair"));
    EXPECT_EQ(passkeyRequests_, 1);
    EXPECT_TRUE(property(kShuntPath, "org.bluez.Device1", "Paired").get<bool>());
    EXPECT_TRUE(property(kShuntPath, "org.bluez.Device1", "Bonded").get<bool>());
    EXPECT_FALSE(callVoid(kLastPath, "org.bluez.GattCharacteristic1", "StartNotify"));
    EXPECT_TRUE(property(kLastPath, "org.bluez.GattCharacteristic1", "Notifying").get<bool>());

    const auto twice = callVoid(kShuntPath, "org.bluez.Device1", "Pair");
    ASSERT_TRUE(twice);
    EXPECT_EQ(twice->getName(), "org.bluez.Error.AlreadyExists");
}

TEST_F(BluezSimTest, PairWithAWrongPasskeyFailsAuthentication) {
    addShunt(/*discoverable=*/false, kPin);
    registerAgent(654321);
    // Pair connects a disconnected device first, as BlueZ does.
    const auto error = callVoid(kShuntPath, "org.bluez.Device1", "Pair");
    ASSERT_TRUE(error);
    EXPECT_EQ(error->getName(), "org.bluez.Error.AuthenticationFailed");
    EXPECT_EQ(passkeyRequests_, 1);
    EXPECT_FALSE(property(kShuntPath, "org.bluez.Device1", "Paired").get<bool>());
    EXPECT_TRUE(property(kShuntPath, "org.bluez.Device1", "Connected").get<bool>());
}

TEST_F(BluezSimTest, PairWithoutAnAgentFailsAuthentication) {
    addShunt(/*discoverable=*/false, kPin);
    const auto error = callVoid(kShuntPath, "org.bluez.Device1", "Pair");
    ASSERT_TRUE(error);
    EXPECT_EQ(error->getName(), "org.bluez.Error.AuthenticationFailed");
}

TEST_F(BluezSimTest, AnAgentThatCannotTypeFailsPasskeyEntry) {
    addShunt(/*discoverable=*/false, kPin);
    registerAgent(kPin, "NoInputNoOutput");
    const auto error = callVoid(kShuntPath, "org.bluez.Device1", "Pair");
    ASSERT_TRUE(error);
    EXPECT_EQ(error->getName(), "org.bluez.Error.AuthenticationFailed");
    EXPECT_EQ(passkeyRequests_, 0);
}

TEST_F(BluezSimTest, AgentManagerRejectsBadAndDuplicateRegistrations) {
    const auto bad = call<>("org.bluez", "/org/bluez", "org.bluez.AgentManager1", "RegisterAgent",
                            sdbus::ObjectPath("/test/agent"), std::string("Telepathy"));
    ASSERT_TRUE(bad.error);
    EXPECT_EQ(bad.error->getName(), "org.bluez.Error.InvalidArguments");
    registerAgent(kPin);
    const auto twice = call<>("org.bluez", "/org/bluez", "org.bluez.AgentManager1", "RegisterAgent",
                              sdbus::ObjectPath("/test/agent"), std::string("KeyboardDisplay"));
    ASSERT_TRUE(twice.error);
    EXPECT_EQ(twice.error->getName(), "org.bluez.Error.AlreadyExists");
    EXPECT_FALSE(call<>("org.bluez", "/org/bluez", "org.bluez.AgentManager1", "RequestDefaultAgent",
                        sdbus::ObjectPath("/test/agent"))
                     .error);
    EXPECT_FALSE(call<>("org.bluez", "/org/bluez", "org.bluez.AgentManager1", "UnregisterAgent",
                        sdbus::ObjectPath("/test/agent"))
                     .error);
    const auto gone = call<>("org.bluez", "/org/bluez", "org.bluez.AgentManager1",
                             "UnregisterAgent", sdbus::ObjectPath("/test/agent"));
    ASSERT_TRUE(gone.error);
    EXPECT_EQ(gone.error->getName(), "org.bluez.Error.DoesNotExist");
}

}  // namespace
}  // namespace vreglink::testing
