#include "bluez_fixture.h"

namespace vreglink::testing {

void BluezSimTest::SetUp() {
    DbusTest::SetUp();
    auto sim = sim::bluez::BluezSimulator::start(io_, bus_);
    ASSERT_TRUE(sim) << sim.error();
    sim_ = std::move(*sim);
}

void BluezSimTest::TearDown() {
    agent_.reset();  // sdbus-c++ objects before their connection
    DbusTest::TearDown();
    sim_.reset();
    runFor(10ms);
}

void BluezSimTest::addShunt(bool discoverable, std::optional<std::uint32_t> passkey) {
    auto path = sim_->addPeripheral(std::make_unique<EchoPeripheral>(echo_, kShuntAddress, passkey),
                                    discoverable);
    ASSERT_TRUE(path) << path.error();
    EXPECT_EQ(*path, kShuntPath);
}

ManagedObjects BluezSimTest::managedObjects() {
    auto reply = call<ManagedObjects>("org.bluez", "/", "org.freedesktop.DBus.ObjectManager",
                                      "GetManagedObjects");
    EXPECT_FALSE(reply.error) << reply.error->getMessage();
    return reply.get<0>();
}

sdbus::Variant BluezSimTest::property(const std::string& path, const std::string& iface,
                                      const std::string& name) {
    auto reply = call<sdbus::Variant>("org.bluez", path, "org.freedesktop.DBus.Properties", "Get",
                                      iface, name);
    EXPECT_FALSE(reply.error) << path << " " << name << ": " << reply.error->getMessage();
    return reply.get<0>();
}

std::optional<sdbus::Error> BluezSimTest::callVoid(const std::string& path,
                                                   const std::string& iface,
                                                   const std::string& method) {
    return call<>("org.bluez", path, iface, method).error;
}

std::optional<sdbus::Error> BluezSimTest::writeValue(const std::string& path, const Bytes& value,
                                                     const std::string& type) {
    Properties options{{"type", sdbus::Variant(type)}};
    return call<>("org.bluez", path, "org.bluez.GattCharacteristic1", "WriteValue", value, options)
        .error;
}

void BluezSimTest::registerAgent(std::uint32_t passkey, const std::string& capability) {
    agent_ = sdbus::createObject(client_->sdbus(), "/test/agent");
    agent_->registerMethod("RequestPasskey")
        .onInterface("org.bluez.Agent1")
        .implementedAs([this, passkey](const sdbus::ObjectPath&) {
            ++passkeyRequests_;
            return passkey;
        });
    agent_->finishRegistration();
    const auto reply = call<>("org.bluez", "/org/bluez", "org.bluez.AgentManager1", "RegisterAgent",
                              sdbus::ObjectPath("/test/agent"), capability);
    ASSERT_FALSE(reply.error) << reply.error->getMessage();
}

void BluezSimTest::watchValues(const std::string& path) {
    auto& proxy = signalProxy("org.bluez", path);
    proxy.uponSignal("PropertiesChanged")
        .onInterface("org.freedesktop.DBus.Properties")
        .call([this](const std::string& iface, const Properties& changed,
                     const std::vector<std::string>&) {
            if (iface != "org.bluez.GattCharacteristic1") return;
            const auto it = changed.find("Value");
            if (it != changed.end()) values_.push_back(it->second.get<Bytes>());
        });
    finishSignals(proxy);
}

}  // namespace vreglink::testing
