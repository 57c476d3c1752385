// device::readIdentity against the real simulator (vedirect.md §3.2, §3.3).
#include "sim_device.h"

namespace vreglink::testing {
namespace {

class IdentityTest : public SimDeviceTest {};

TEST_F(IdentityTest, MpptIdentity) {
    startSim("mppt");
    const auto id = identify();
    ASSERT_TRUE(id);
    EXPECT_EQ(id->productId, ProductId(0xA056));
    ASSERT_NE(id->product, nullptr);
    EXPECT_EQ(id->family(), catalog::Family::Mppt);
    EXPECT_EQ(id->firmware, std::uint16_t{0x4161});
    EXPECT_EQ(id->firmwareText(), "1.61");
    EXPECT_EQ(id->serial, "HQ19499RHC5");  // 16 bytes NUL-padded on the wire
    EXPECT_EQ(id->model, "SmartSolar Charger MPPT 100/30");
}

TEST_F(IdentityTest, SmartShuntSerialWithoutPadding) {
    startSim("smartshunt");
    const auto id = identify();
    ASSERT_TRUE(id);
    EXPECT_EQ(id->productId, ProductId(0xA389));
    EXPECT_EQ(id->family(), catalog::Family::SmartShunt);
    EXPECT_EQ(id->serial, "HQ2032PQRST");  // 24 bytes on the wire
    EXPECT_EQ(id->firmwareText(), "4.14");
}

TEST_F(IdentityTest, SilentDeviceFailsWithTheProductIdReply) {
    startSim("mppt", {"--silent", "--no-text"});
    bool answered = false;
    std::optional<device::DeviceIdentity> result;
    device::VregReply failure;
    device::readIdentity(*device_, [&](std::optional<device::DeviceIdentity> identity,
                                       const device::VregReply& why) {
        answered = true;
        result = std::move(identity);
        failure = why;
    });
    ASSERT_TRUE(runUntil([&] { return answered; }, std::chrono::seconds(15)));
    EXPECT_FALSE(result);
    EXPECT_EQ(failure.status, VregStatus::timeout());
}

}  // namespace
}  // namespace vreglink::testing
