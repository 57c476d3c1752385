// VregLinkBackend without a bus (venus-dbus-mqtt.md §3.4, §9.7): the gateway's rules, the budget,
// exactly one answer per call and never a synchronous one.
#include "venus/vreglink_backend.h"
#include "scripted_device.h"

#include <gtest/gtest.h>

#include <optional>

namespace vreglink::testing {
namespace {

using namespace std::chrono_literals;
using venus::VregLinkBackend;
using venus::VregLinkPolicy;

struct Answer {
    int count = 0;
    VregStatus status;
    Bytes data;
};

class VregLinkBackendTest : public ::testing::Test {
  protected:
    VregLinkBackend::Done recorder(Answer& answer) {
        return [&answer](VregStatus status, Bytes data) {
            ++answer.count;
            answer.status = status;
            answer.data = std::move(data);
        };
    }
    void runFor(std::chrono::milliseconds time) {
        io_.restart();
        io_.run_for(time);
    }

    asio::io_context io_;
    ScriptedDevice device_{io_};
};

TEST_F(VregLinkBackendTest, GetAnswersWithTheDeviceReplyNeverSynchronously) {
    device_.script(VregId(0x0100), {VregStatus::ok(), Bytes{0x00, 0x56, 0xA0, 0xFF}});
    VregLinkBackend backend(io_, device_, {});
    Answer answer;
    backend.getVreg(VregId(0x0100), recorder(answer));
    EXPECT_EQ(answer.count, 0);
    runFor(50ms);
    EXPECT_EQ(answer.count, 1);
    EXPECT_EQ(answer.status, VregStatus::ok());
    EXPECT_EQ(answer.data, (Bytes{0x00, 0x56, 0xA0, 0xFF}));
}

TEST_F(VregLinkBackendTest, DeviceErrorsCarryNoData) {
    device_.script(VregId(0xEDF0), {VregStatus::busy(), Bytes{1, 2}});
    VregLinkBackend backend(io_, device_, {});
    Answer answer;
    backend.getVreg(VregId(0xEDF0), recorder(answer));
    runFor(50ms);
    EXPECT_EQ(answer.status, VregStatus::busy());
    EXPECT_TRUE(answer.data.empty());
}

TEST_F(VregLinkBackendTest, SetRulesStopBadWritesBeforeTheDevice) {
    VregLinkBackend backend(io_, device_, {});
    Answer shortData, tooHigh, fine, unknown;
    backend.setVreg(VregId(0x1004), Bytes{90}, recorder(shortData));    // un16 needs 2 bytes
    backend.setVreg(VregId(0x1004), Bytes{101, 0}, recorder(tooHigh));  // charge efficiency > 100
    device_.script(VregId(0x1004), {});
    device_.script(VregId(0x7777), {});
    backend.setVreg(VregId(0x1004), Bytes{90, 0}, recorder(fine));
    backend.setVreg(VregId(0x7777), Bytes{1, 2, 3}, recorder(unknown));  // transparent
    EXPECT_EQ(shortData.count + tooHigh.count, 0);                       // not synchronously either
    runFor(50ms);
    EXPECT_EQ(shortData.status, VregStatus::invalid());
    EXPECT_EQ(tooHigh.status, VregStatus::invalid());
    EXPECT_EQ(fine.status, VregStatus::ok());
    EXPECT_EQ(fine.data, (Bytes{90, 0}));
    EXPECT_EQ(unknown.status, VregStatus::ok());
    ASSERT_EQ(device_.sets(), 2U);
    EXPECT_EQ(device_.requests()[0].id, VregId(0x1004));
    EXPECT_EQ(device_.requests()[1].data, (Bytes{1, 2, 3}));
}

TEST_F(VregLinkBackendTest, ReadOnlyRefusesEveryWrite) {
    device_.script(VregId(0x7777), {});
    VregLinkBackend backend(io_, device_, VregLinkPolicy{true, 3s});
    Answer answer;
    backend.setVreg(VregId(0x7777), Bytes{1}, recorder(answer));
    EXPECT_EQ(answer.count, 0);
    runFor(50ms);
    EXPECT_EQ(answer.status, VregStatus::notSupported());
    EXPECT_EQ(device_.sets(), 0U);
    backend.setPolicy(VregLinkPolicy{false, 3s});  // reload
    Answer after;
    backend.setVreg(VregId(0x7777), Bytes{1}, recorder(after));
    runFor(50ms);
    EXPECT_EQ(after.status, VregStatus::ok());
}

TEST_F(VregLinkBackendTest, BudgetAnswersAndTheLateReplyIsDropped) {
    device_.script(VregId(0x0100), {VregStatus::ok(), Bytes{1}, 300ms});
    VregLinkBackend backend(io_, device_, VregLinkPolicy{false, 100ms});
    Answer answer;
    const auto start = std::chrono::steady_clock::now();
    backend.getVreg(VregId(0x0100), [&](VregStatus status, Bytes data) {
        recorder(answer)(status, std::move(data));
        EXPECT_LT(std::chrono::steady_clock::now() - start, 250ms);
    });
    runFor(500ms);
    EXPECT_EQ(answer.count, 1);
    EXPECT_EQ(answer.status, VregStatus::timeout());
    EXPECT_TRUE(answer.data.empty());
}

TEST_F(VregLinkBackendTest, DestroyedWithCallsPendingAnswersThemOnce) {
    device_.script(VregId(0x0100), {VregStatus::ok(), Bytes{1}, 100ms});
    device_.script(VregId(0x0101), ScriptedDevice::silence());
    Answer slow, silent;
    {
        VregLinkBackend backend(io_, device_, {});
        backend.getVreg(VregId(0x0100), recorder(slow));
        backend.getVreg(VregId(0x0101), recorder(silent));
    }
    EXPECT_EQ(slow.count + silent.count, 0);
    runFor(300ms);  // the device's late reply for 0x0100 arrives after the backend is gone
    EXPECT_EQ(slow.count, 1);
    EXPECT_EQ(slow.status, VregStatus::timeout());
    EXPECT_EQ(silent.count, 1);
    EXPECT_EQ(silent.status, VregStatus::timeout());
}

}  // namespace
}  // namespace vreglink::testing
