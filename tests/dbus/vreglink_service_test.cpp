// com.victronenergy.VregLink on /Devices/0/VregLink (venus-dbus-mqtt.md §3), the service's life
// on the bus (§2.1), and many calls in flight across several services.
#include "dbus/venus_service.h"
#include "dbus_fixture.h"
#include "scripted_device.h"
#include "test_items.h"
#include "venus/vreglink_backend.h"

#include <gmock/gmock.h>

#include <fmt/format.h>

namespace vreglink::testing {
namespace {

using ::testing::HasSubstr;
namespace names = dbus::names;
using Data = std::vector<std::uint8_t>;
using VregReply = CallReply<std::uint16_t, Data>;

constexpr const char* kService = "com.victronenergy.battery.ttyVreg";
constexpr const char* kLink = "/Devices/0/VregLink";

class VregLinkServiceTest : public DbusTest {
  protected:
    void SetUp() override {
        DbusTest::SetUp();
        device_.script(VregId(0x0100), {VregStatus::ok(), Data{0x00, 0x89, 0xA3, 0xFE}});
        device_.script(VregId(0x1004), {});  // echoes what was set
        backend_ = std::make_unique<venus::VregLinkBackend>(io_, device_,
                                                            venus::VregLinkPolicy{false, 300ms});
        service_ = startService(kService, items_.tree, *backend_);
    }
    void TearDown() override {
        service_.reset();
        backend_.reset();
        DbusTest::TearDown();
    }
    std::unique_ptr<dbus::VenusService> startService(const std::string& name, venus::ItemTree& tree,
                                                     venus::VregLinkBackend& backend) {
        auto service = dbus::VenusService::start(io_, bus_, name, tree);
        EXPECT_TRUE(service) << service.error();
        if (!service) return nullptr;
        (*service)->addVregLink(kLink, backend);
        return std::move(*service);
    }
    VregReply getVreg(std::uint16_t id, const std::string& service = kService) {
        return call<std::uint16_t, Data>(service, kLink, names::kVregLink, names::kGetVreg, id);
    }
    VregReply setVreg(std::uint16_t id, const Data& data) {
        return call<std::uint16_t, Data>(kService, kLink, names::kVregLink, names::kSetVreg, id,
                                         data);
    }
    CommandResult busctl(std::vector<std::string> args) {
        args.insert(args.begin(), {"/usr/bin/busctl", "--address=" + daemon_.address()});
        return runCli(args);
    }

    TestItems items_{io_};
    ScriptedDevice device_{io_};
    std::unique_ptr<venus::VregLinkBackend> backend_;
    std::unique_ptr<dbus::VenusService> service_;
};

TEST_F(VregLinkServiceTest, GetVregMapsToTheDevice) {
    const auto reply = getVreg(0x0100);
    ASSERT_FALSE(reply.error) << reply.error->getMessage();
    EXPECT_EQ(reply.get<0>(), 0);
    EXPECT_EQ(reply.get<1>(), (Data{0x00, 0x89, 0xA3, 0xFE}));
    ASSERT_EQ(device_.requests().size(), 1U);
    EXPECT_EQ(device_.requests()[0].id, VregId(0x0100));
    // §3.2: what the device does not know is a status with no data, not a D-Bus error.
    const auto unknown = getVreg(0xEDD5);
    ASSERT_FALSE(unknown.error);
    EXPECT_EQ(unknown.get<0>(), 0x8100);
    EXPECT_TRUE(unknown.get<1>().empty());
}

TEST_F(VregLinkServiceTest, SetVregMapsToTheDeviceAndChecksFirst) {
    const auto ok = setVreg(0x1004, Data{90, 0});
    EXPECT_EQ(ok.get<0>(), 0);
    EXPECT_EQ(ok.get<1>(), (Data{90, 0}));
    EXPECT_EQ(device_.sets(), 1U);
    const auto shortData = setVreg(0x1004, Data{90});
    EXPECT_EQ(shortData.get<0>(), 0x8300);
    EXPECT_TRUE(shortData.get<1>().empty());
    const auto outOfRange = setVreg(0x1004, Data{101, 0});
    EXPECT_EQ(outOfRange.get<0>(), 0x8300);
    EXPECT_EQ(device_.sets(), 1U);  // nothing invalid reached the device
}

TEST_F(VregLinkServiceTest, ReadOnlyPolicyRefusesWrites) {
    backend_->setPolicy(venus::VregLinkPolicy{true, 300ms});
    const auto refused = setVreg(0x1004, Data{90, 0});
    EXPECT_EQ(refused.get<0>(), 0x8100);
    EXPECT_EQ(device_.sets(), 0U);
    EXPECT_EQ(getVreg(0x0100).get<0>(), 0);  // reads still work
}

TEST_F(VregLinkServiceTest, SilentDeviceIsAnsweredWithinTheBudget) {
    device_.script(VregId(0xEDD5), ScriptedDevice::silence());
    const auto start = std::chrono::steady_clock::now();
    const auto reply = getVreg(0xEDD5);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    ASSERT_FALSE(reply.error);
    EXPECT_EQ(reply.get<0>(), 0x8400);
    EXPECT_GE(elapsed, 300ms);
    EXPECT_LT(elapsed, 2s);  // the budget, not the 25 s D-Bus timeout (§3.4)
}

TEST_F(VregLinkServiceTest, TheVregLinkPathIsAlsoAnInvalidBusItem) {
    const auto value = call<sdbus::Variant>(kService, kLink, names::kBusItem, names::kGetValue);
    ASSERT_FALSE(value.error);
    EXPECT_EQ(value.get<0>().peekValueType(), "ai");
    const auto introspect = busctl({"introspect", kService, kLink});
    EXPECT_THAT(introspect.out, HasSubstr("com.victronenergy.VregLink"));
    EXPECT_THAT(introspect.out, HasSubstr(".GetVreg"));
    EXPECT_THAT(introspect.out, HasSubstr("com.victronenergy.BusItem"));
}

TEST_F(VregLinkServiceTest, CommandLineClients) {
    const auto get =
        busctl({"call", kService, kLink, "com.victronenergy.VregLink", "GetVreg", "q", "256"});
    EXPECT_EQ(get.out, "qay 0 4 0 137 163 254\n") << get.err;
    const auto set = busctl({"call", kService, kLink, "com.victronenergy.VregLink", "SetVreg",
                             "qay", "4100", "1", "90"});
    EXPECT_EQ(set.out, "qay 33536 0\n") << set.err;  // 0x8300: un16 needs two bytes
    const auto send =
        runCli({"/usr/bin/dbus-send", "--bus=" + daemon_.address(), "--print-reply",
                std::string("--dest=") + kService, kLink, "com.victronenergy.VregLink.SetVreg",
                "uint16:4100", "array:byte:90,0"});
    EXPECT_THAT(send.out, HasSubstr("uint16 0")) << send.err;
    EXPECT_EQ(device_.sets(), 1U);
}

TEST_F(VregLinkServiceTest, LeavingTheBusReleasesTheNameAndAnswersPendingCalls) {
    std::vector<std::string> newOwners;
    auto& bus = signalProxy("org.freedesktop.DBus", "/org/freedesktop/DBus");
    bus.uponSignal("NameOwnerChanged")
        .onInterface("org.freedesktop.DBus")
        .call([&](const std::string& name, const std::string&, const std::string& owner) {
            if (name == kService) newOwners.push_back(owner);
        });
    finishSignals(bus);
    device_.script(VregId(0xEDD5), ScriptedDevice::silence());
    auto pending = std::make_shared<VregReply>();
    startCall<std::uint16_t, Data>(pending, kService, kLink, names::kVregLink, names::kGetVreg,
                                   std::uint16_t{0xEDD5});
    ASSERT_TRUE(runUntil([&] { return device_.unanswered() == 1; }));
    service_.reset();
    ASSERT_TRUE(runUntil([&] { return !newOwners.empty() && pending->done; }));
    EXPECT_EQ(newOwners, std::vector<std::string>{""});
    ASSERT_FALSE(pending->error) << pending->error->getMessage();
    EXPECT_EQ(pending->get<0>(), 0x8400);
    EXPECT_FALSE(nameHasOwner(kService));
}

TEST_F(VregLinkServiceTest, ASecondServiceWithTheSameNameFails) {
    TestItems other{io_};
    auto second = dbus::VenusService::start(io_, bus_, kService, other.tree);
    ASSERT_FALSE(second);
    EXPECT_THAT(second.error(), HasSubstr("already owned"));
    EXPECT_EQ(getVreg(0x0100).get<0>(), 0);  // the first one is unaffected
}

TEST_F(VregLinkServiceTest, HundredConcurrentCallsAcrossServicesAllAnswered) {
    constexpr int kServices = 4;
    std::vector<std::unique_ptr<TestItems>> trees;
    std::vector<std::unique_ptr<ScriptedDevice>> devices;
    std::vector<std::unique_ptr<venus::VregLinkBackend>> backends;
    std::vector<std::unique_ptr<dbus::VenusService>> services;
    for (int s = 0; s < kServices; ++s) {
        trees.push_back(std::make_unique<TestItems>(io_));
        devices.push_back(std::make_unique<ScriptedDevice>(io_));
        for (std::uint16_t r = 0; r < 25; ++r) {
            devices.back()->script(
                VregId(static_cast<std::uint16_t>(0x2000 + r)),
                {VregStatus::ok(), Data{static_cast<std::uint8_t>(s), static_cast<std::uint8_t>(r)},
                 std::chrono::milliseconds((r * 7 + s * 3) % 40)});
        }
        backends.push_back(std::make_unique<venus::VregLinkBackend>(
            io_, *devices.back(), venus::VregLinkPolicy{false, 3s}));
        services.push_back(startService(fmt::format("com.victronenergy.battery.ttyMany{}", s),
                                        trees.back()->tree, *backends.back()));
        ASSERT_NE(services.back(), nullptr);
    }
    std::vector<std::shared_ptr<VregReply>> replies;
    for (int i = 0; i < 100; ++i) {
        const int s = i % kServices;
        const auto r = static_cast<std::uint16_t>(i / kServices);
        replies.push_back(std::make_shared<VregReply>());
        startCall<std::uint16_t, Data>(
            replies.back(), fmt::format("com.victronenergy.battery.ttyMany{}", s), kLink,
            names::kVregLink, names::kGetVreg, static_cast<std::uint16_t>(0x2000 + r));
    }
    ASSERT_TRUE(runUntil([&] {
        return std::all_of(replies.begin(), replies.end(), [](const auto& r) { return r->done; });
    }));
    for (int i = 0; i < 100; ++i) {
        const auto& reply = *replies[static_cast<std::size_t>(i)];
        ASSERT_FALSE(reply.error) << reply.error->getMessage();
        EXPECT_EQ(reply.get<0>(), 0);
        EXPECT_EQ(reply.get<1>(), (Data{static_cast<std::uint8_t>(i % kServices),
                                        static_cast<std::uint8_t>(i / kServices)}));
    }
    proxies_.clear();
    services.clear();
}

}  // namespace
}  // namespace vreglink::testing
