// BusSpec, BusConnection (clients) and ServiceBus (services): connect, names without queueing
// (venus-dbus-mqtt.md §2.1), and the asio loop integration (DESIGN.md "Runtime": idle costs
// nothing).
#include "bus/service_bus.h"
#include "dbus_fixture.h"

#include <cstdlib>

#include <sys/resource.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

namespace vreglink::testing {
namespace {

using bus::BusConnection;
using bus::BusSpec;
using bus::ServiceBus;

TEST(BusSpec, ParsesAndDescribes) {
    auto system = BusSpec::parse("system");
    ASSERT_TRUE(system);
    EXPECT_EQ(system->kind, BusSpec::Kind::System);
    EXPECT_EQ(system->describe(), "system bus");
    auto session = BusSpec::parse("session");
    ASSERT_TRUE(session);
    EXPECT_EQ(session->kind, BusSpec::Kind::Session);
    EXPECT_EQ(session->describe(), "session bus");
    auto address = BusSpec::parse("unix:path=/run/x/bus");
    ASSERT_TRUE(address);
    EXPECT_EQ(address->kind, BusSpec::Kind::Address);
    EXPECT_EQ(address->address, "unix:path=/run/x/bus");
    EXPECT_EQ(address->describe(), "bus unix:path=/run/x/bus");
    const auto bad = BusSpec::parse("sytem");
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().find("'sytem' is not a bus"), std::string::npos) << bad.error();
}

using BusConnectionTest = DbusTest;

TEST_F(BusConnectionTest, OpensWithAUniqueName) {
    EXPECT_EQ(client_->uniqueName().rfind(":1.", 0), 0U) << client_->uniqueName();
}

TEST_F(BusConnectionTest, UnreachableAddressIsAnError) {
#if defined(__SANITIZE_ADDRESS__)
    // sdbus-c++ 1.2.0 does not unref its sd_bus when sd_bus_start fails (1.8 KB per failed
    // open, inside the library): keep LeakSanitizer to leaks of our own.
    __lsan::ScopedDisabler libraryLeak;
#endif
    const auto bus = BusConnection::open(
        io_, BusSpec{BusSpec::Kind::Address, "unix:path=/nonexistent/vreglink/bus"});
    ASSERT_FALSE(bus);
    EXPECT_NE(bus.error().find("cannot connect to the bus unix:path=/nonexistent"),
              std::string::npos)
        << bus.error();
}

TEST_F(BusConnectionTest, SystemBusHonoursTheEnvironment) {
    ::setenv("DBUS_SYSTEM_BUS_ADDRESS", daemon_.address().c_str(), 1);
    auto client = BusConnection::open(io_, BusSpec{});
    auto service = ServiceBus::open(io_, BusSpec{});
    ::unsetenv("DBUS_SYSTEM_BUS_ADDRESS");
    ASSERT_TRUE(client) << client.error();
    ASSERT_TRUE(service) << service.error();
    EXPECT_EQ((*client)->uniqueName().rfind(":1.", 0), 0U);
    ASSERT_TRUE((*service)->requestName("com.victronenergy.test.system"));
    EXPECT_TRUE(nameHasOwner("com.victronenergy.test.system"));
}

TEST_F(BusConnectionTest, ServiceBusUnreachableAddressIsAnError) {
    const auto bus = ServiceBus::open(
        io_, BusSpec{BusSpec::Kind::Address, "unix:path=/nonexistent/vreglink/bus"});
    ASSERT_FALSE(bus);
    EXPECT_NE(bus.error().find("cannot connect to the bus unix:path=/nonexistent"),
              std::string::npos)
        << bus.error();
}

TEST_F(BusConnectionTest, OwnedNameFailsAtOnceAndFreesOnRelease) {
    auto first = ServiceBus::open(io_, bus_);
    auto second = ServiceBus::open(io_, bus_);
    ASSERT_TRUE(first && second);
    ASSERT_TRUE((*first)->requestName("com.victronenergy.battery.ttyTest"));
    EXPECT_TRUE((*first)->requestName("com.victronenergy.battery.ttyTest"));  // ours already
    const auto taken = (*second)->requestName("com.victronenergy.battery.ttyTest");
    ASSERT_FALSE(taken);  // no queueing: velib's do_not_queue
    EXPECT_NE(taken.error().find("already owned"), std::string::npos) << taken.error();
    (*first)->releaseName("com.victronenergy.battery.ttyTest");
    EXPECT_TRUE((*second)->requestName("com.victronenergy.battery.ttyTest"));
}

TEST_F(BusConnectionTest, ClosingTheConnectionLeavesTheBus) {
    auto bus = ServiceBus::open(io_, bus_);
    ASSERT_TRUE(bus);
    ASSERT_TRUE((*bus)->requestName("com.victronenergy.test.leaving"));
    EXPECT_TRUE(nameHasOwner("com.victronenergy.test.leaving"));
    bus->reset();
    EXPECT_TRUE(runUntil([&] { return !nameHasOwner("com.victronenergy.test.leaving"); }));
}

double cpuSeconds() {
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

TEST_F(BusConnectionTest, IdleConnectionsCostNoCpu) {
    auto bus = BusConnection::open(io_, bus_);
    auto service = ServiceBus::open(io_, bus_);
    ASSERT_TRUE(bus && service);
    runFor(100ms);
    const double before = cpuSeconds();
    runFor(1000ms);
    // Only the test's own 5 ms pump wake-ups: nothing spins on the bus fd.
    EXPECT_LT(cpuSeconds() - before, 0.1);
}

}  // namespace
}  // namespace vreglink::testing
