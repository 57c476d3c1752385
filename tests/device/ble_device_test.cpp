// BleDevice (issue 4 part 3) through the real BleLink and the BlueZ simulator on a private
// dbus-daemon, against a scripted peripheral: the §3.4 init bytes, Get answers and `09` codes
// (§4.4.8), pipelining, multi-chunk answers at MTU 23, the three ways a set succeeds (§4.4.5),
// pushes, keep-alive (§3.3), link loss and reconnect, and a wrong PIN.
#include "device/ble_device.h"
#include "bluez_rig.h"
#include "device/ble_vreg_error.h"
#include "run_loop.h"
#include "scripted_gatt_peripheral.h"
#include "sim/bluez/victron_gatt_layout.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace vreglink::testing {
namespace {

using namespace std::chrono_literals;
constexpr const char* kAddress = "C0:FF:EE:00:00:02";
constexpr std::uint32_t kPin = 123456;

struct Listener final : device::DeviceListener {
    void onVregUpdate(VregId id, ByteView data) override {
        updates.emplace_back(id, Bytes(data.begin(), data.end()));
    }
    void onLinkStateChanged(device::LinkState state, std::string_view reason) override {
        states.emplace_back(state, std::string(reason));
    }
    bool saw(device::LinkState state) const {
        for (const auto& s : states) {
            if (s.first == state) return true;
        }
        return false;
    }
    std::vector<std::pair<VregId, Bytes>> updates;
    std::vector<std::pair<device::LinkState, std::string>> states;
};

class BleDeviceTest : public ::testing::Test {
  protected:
    void SetUp() override {
        const auto started = rig_.start();
        ASSERT_FALSE(started) << *started;
        auto peripheral = std::make_unique<ScriptedGattPeripheral>(kAddress, kPin);
        peripheral_ = peripheral.get();
        peripheral_->values[0xED8D] = {0x6B, 0x05};  // 13.87 V
        const auto added = rig_.add(std::move(peripheral));
        ASSERT_FALSE(added) << *added;
    }
    device::BleDeviceOptions options(std::uint32_t pin = kPin) const {
        device::BleDeviceOptions o;
        o.address = *link::BleAddress::parse(kAddress);
        o.passkey = pin;
        o.bus = rig_.bus();
        o.searchTimeout = 2s;
        o.reconnectMin = 50ms;
        o.reconnectMax = 200ms;
        return o;
    }
    void startDevice(device::BleDeviceOptions o) {
        device_ = std::make_unique<device::BleDevice>(rig_.io(), std::move(o));
        device_->addListener(&listener_);
        device_->start();
    }
    bool connect(device::BleDeviceOptions o) {
        startDevice(std::move(o));
        return runUntil([&] { return device_->linkState() == device::LinkState::Connected; });
    }
    bool runUntil(const std::function<bool()>& done, std::chrono::milliseconds limit = 15s) {
        return rig_.runUntil(done, limit);
    }
    std::optional<device::VregReply> get(std::uint16_t id) {
        std::optional<device::VregReply> reply;
        device_->get(VregId{id}, [&](const device::VregReply& r) { reply = r; });
        if (!runUntil([&] { return reply.has_value(); })) return std::nullopt;
        return reply;
    }
    std::optional<device::VregReply> set(std::uint16_t id, Bytes value) {
        std::optional<device::VregReply> reply;
        device_->set(VregId{id}, std::move(value), [&](const device::VregReply& r) { reply = r; });
        if (!runUntil([&] { return reply.has_value(); })) return std::nullopt;
        return reply;
    }
    // The host's writes on one characteristic.
    std::vector<Bytes> writesOn(const std::string& uuid) const {
        std::vector<Bytes> out;
        for (const auto& [u, bytes] : peripheral_->writes) {
            if (u == uuid) out.push_back(bytes);
        }
        return out;
    }
    std::size_t countMessages(const std::function<bool(const ble::Message&)>& pred) const {
        std::size_t n = 0;
        for (const auto& transfer : peripheral_->transfers) {
            for (const auto& m : transfer) n += pred(m) ? 1U : 0U;
        }
        return n;
    }

    BluezRig rig_;
    ScriptedGattPeripheral* peripheral_ = nullptr;
    Listener listener_;
    std::unique_ptr<device::BleDevice> device_;
};

bool isKeepAlive(const ble::Message& m) {
    const auto* set = std::get_if<ble::SetValue>(&m);
    return set != nullptr && set->instance == ble::Instance{0} && set->vreg == VregId{0x0093} &&
           set->value == Bytes{0x10, 0x27};
}

TEST_F(BleDeviceTest, InitSequenceIsExactlySection34) {
    ASSERT_TRUE(connect(options()));
    EXPECT_EQ(device_->productInstance(), 3U);  // the entry flagged 1 (§4.3)
    // CTRL FA 80 FF, F9 80; LAST 01; LAST 03 00 03 01 03 03 + keep-alive set; CTRL F9 41.
    using sim::bluez::kVictronCtrl;
    using sim::bluez::kVictronLast;
    const auto& w = peripheral_->writes;
    // Connected as soon as the writes are queued; they reach the peripheral one event each.
    ASSERT_TRUE(runUntil([&] { return w.size() >= 5; }));
    EXPECT_EQ(w[0], std::make_pair(kVictronCtrl, Bytes{0xFA, 0x80, 0xFF}));
    EXPECT_EQ(w[1], std::make_pair(kVictronCtrl, Bytes{0xF9, 0x80}));
    EXPECT_EQ(w[2], std::make_pair(kVictronLast, Bytes{0x01}));
    EXPECT_EQ(w[3], std::make_pair(kVictronLast, Bytes{0x03, 0x00, 0x03, 0x01, 0x03, 0x03, 0x06,
                                                       0x00, 0x82, 0x18, 0x93, 0x42, 0x10, 0x27}));
    EXPECT_EQ(w[4], std::make_pair(kVictronCtrl, Bytes{0xF9, 0x41}));
    // The keep-alive's `09 00 18 93 01` (§3.3) did not stop anything.
    ASSERT_TRUE(listener_.saw(device::LinkState::Connected));
    EXPECT_EQ(device_->linkState(), device::LinkState::Connected);
}

TEST_F(BleDeviceTest, AGetIsAnsweredWithTheValueBytes) {
    ASSERT_TRUE(connect(options()));
    const auto reply = get(0xED8D);
    ASSERT_TRUE(reply);
    EXPECT_TRUE(reply->status.isOk()) << reply->message;
    EXPECT_EQ(reply->data, (Bytes{0x6B, 0x05}));
    // Addressed to the product instance, one register per GetValues (§3.1 step 9).
    EXPECT_EQ(countMessages([](const ble::Message& m) {
                  const auto* g = std::get_if<ble::GetValues>(&m);
                  return g != nullptr && g->instance == ble::Instance{3} &&
                         g->vregs == std::vector<VregId>{VregId{0xED8D}};
              }),
              1U);
}

TEST_F(BleDeviceTest, VregErrorCodesMapToStatuses) {
    peripheral_->errors = {{0x0018, 1}, {0x1060, 2}, {0x0004, 3}, {0x0042, 7}};
    ASSERT_TRUE(connect(options()));
    const auto unknown = get(0x0018);
    const auto noData = get(0x1060);
    const auto writeOnly = get(0x0004);
    const auto other = get(0x0042);
    ASSERT_TRUE(unknown && noData && writeOnly && other);
    EXPECT_EQ(unknown->status, VregStatus::notSupported());
    EXPECT_EQ(noData->status, VregStatus::notSupported());
    EXPECT_NE(noData->message.find("no data yet"), std::string::npos) << noData->message;
    EXPECT_EQ(writeOnly->status, VregStatus::notSupported());
    EXPECT_NE(writeOnly->message.find("write-only register"), std::string::npos);
    EXPECT_EQ(other->status, VregStatus::notSupported());
    EXPECT_NE(other->message.find("7"), std::string::npos) << other->message;
    EXPECT_EQ(device::replyForVregError(9).message, "device error 9");
}

TEST_F(BleDeviceTest, GetsArePipelinedIntoFewTransfers) {
    for (std::uint16_t i = 0; i < 20; ++i) {
        peripheral_->values[static_cast<std::uint16_t>(0xED00 + i)] = {static_cast<std::uint8_t>(i),
                                                                       0x00};
    }
    ASSERT_TRUE(connect(options()));
    const std::size_t before = peripheral_->transfers.size();
    std::vector<std::optional<device::VregReply>> replies(20);
    for (std::uint16_t i = 0; i < 20; ++i) {
        device_->get(VregId{static_cast<std::uint16_t>(0xED00 + i)},
                     [&replies, i](const device::VregReply& r) { replies[i] = r; });
    }
    ASSERT_TRUE(runUntil([&] {
        for (const auto& r : replies) {
            if (!r) return false;
        }
        return true;
    }));
    for (std::uint16_t i = 0; i < 20; ++i) {
        EXPECT_TRUE(replies[i]->status.isOk()) << i << ": " << replies[i]->message;
        EXPECT_EQ(replies[i]->data, (Bytes{static_cast<std::uint8_t>(i), 0x00}));
    }
    std::size_t getTransfers = 0;
    for (std::size_t t = before; t < peripheral_->transfers.size(); ++t) {
        for (const auto& m : peripheral_->transfers[t]) {
            if (std::holds_alternative<ble::GetValues>(m)) {
                ++getTransfers;
                break;
            }
        }
    }
    EXPECT_LT(getTransfers, 20U);
    EXPECT_GE(getTransfers, 1U);
    // 120 request bytes at 20 per chunk: the request itself was cut into MORE + LAST chunks.
    EXPECT_FALSE(writesOn(sim::bluez::kVictronMore).empty());
}

TEST_F(BleDeviceTest, TwoRequestTransfersAreInFlightAndNoMore) {
    // The second transfer goes out while the first is unanswered (the radio stays busy), the
    // third waits for an answer; each request transfer is followed by CTRL `F9 41` (§3.1 step 9).
    ASSERT_TRUE(connect(options()));
    peripheral_->answerGets = false;
    const std::size_t before = peripheral_->transfers.size();
    const std::size_t creditsBefore = writesOn(sim::bluez::kVictronCtrl).size();
    std::size_t answered = 0;
    for (std::uint16_t i = 0; i < 60; ++i) {
        device_->get(VregId{static_cast<std::uint16_t>(0xED00 + i)},
                     [&answered](const device::VregReply&) { ++answered; });
    }
    auto getTransfers = [&] {
        std::vector<std::size_t> sizes;
        for (std::size_t t = before; t < peripheral_->transfers.size(); ++t) {
            std::size_t gets = 0;
            for (const auto& m : peripheral_->transfers[t]) {
                gets += std::holds_alternative<ble::GetValues>(m) ? 1U : 0U;
            }
            if (gets > 0) sizes.push_back(gets);
        }
        return sizes;
    };
    // Well within the 2 s per-try timeout: a retry of the first would also be a second transfer.
    ASSERT_TRUE(runUntil([&] { return getTransfers().size() >= 2; }, 1000ms));
    vreglink::testing::runFor(rig_.io(), 300ms);  // room for a wrong third transfer to show up
    EXPECT_EQ(getTransfers(), (std::vector<std::size_t>{20, 20}));
    EXPECT_EQ(answered, 0U);
    std::size_t credits = 0;
    const auto ctrl = writesOn(sim::bluez::kVictronCtrl);
    for (std::size_t i = creditsBefore; i < ctrl.size(); ++i) {
        credits += ctrl[i] == Bytes{0xF9, 0x41} ? 1U : 0U;
    }
    EXPECT_GE(credits, 2U);
}

TEST_F(BleDeviceTest, AMultiChunkAnswerIsReassembled) {
    Bytes history(34);
    for (std::size_t i = 0; i < history.size(); ++i) history[i] = static_cast<std::uint8_t>(i * 7);
    peripheral_->values[0x1051] = history;  // 41-byte `08` = 3 chunks at MTU 23 (§6.2)
    ASSERT_TRUE(connect(options()));
    const auto reply = get(0x1051);
    ASSERT_TRUE(reply);
    EXPECT_TRUE(reply->status.isOk()) << reply->message;
    EXPECT_EQ(reply->data, history);
}

TEST_F(BleDeviceTest, ASetIsConfirmedByAnEcho) {
    peripheral_->setAnswer = ScriptedGattPeripheral::SetAnswer::Echo;
    ASSERT_TRUE(connect(options()));
    const auto reply = set(0x1000, {0x63, 0x00});
    ASSERT_TRUE(reply);
    EXPECT_TRUE(reply->status.isOk()) << reply->message;
    EXPECT_EQ(reply->data, (Bytes{0x63, 0x00}));
    EXPECT_EQ(device_->stats().readBacks, 0U);
    // `06 03 82 19 10 00 42 63 00` (§4.4.5)
    EXPECT_EQ(countMessages([](const ble::Message& m) {
                  return m == ble::Message{ble::SetValue{ble::Instance{3}, VregId{0x1000},
                                                         Bytes{0x63, 0x00}}};
              }),
              1U);
}

TEST_F(BleDeviceTest, ASetIsConfirmedByErrorZero) {
    peripheral_->setAnswer = ScriptedGattPeripheral::SetAnswer::ErrorZero;
    ASSERT_TRUE(connect(options()));
    const auto reply = set(0x1000, {0x64, 0x00});
    ASSERT_TRUE(reply);
    EXPECT_TRUE(reply->status.isOk()) << reply->message;
    EXPECT_EQ(reply->data, (Bytes{0x64, 0x00}));
    EXPECT_EQ(device_->stats().readBacks, 0U);
}

TEST_F(BleDeviceTest, ATransferThatDoesNotDecodeToItsEndAnswersNothing) {
    // The tail of a transfer whose LAST was lost, glued to the next one (§5.3): it decodes into
    // a Value for 0xED8D (bytes that are not its value), then a cut-off message. None of it may
    // answer the request: it is retried and then times out.
    peripheral_->answerGets = false;
    auto o = options();
    o.timeout = 300ms;
    o.retries = 1;
    ASSERT_TRUE(connect(o));
    std::optional<device::VregReply> reply;
    device_->get(VregId{0xED8D}, [&](const device::VregReply& r) { reply = r; });
    ASSERT_TRUE(runUntil([&] { return peripheral_->transfers.size() >= 3; }));
    ASSERT_TRUE(peripheral_->notifyRaw(sim::bluez::kVictronMore,
                                       {0x08, 0x03, 0x19, 0xED, 0x8D, 0x42, 0x6B}));
    ASSERT_TRUE(peripheral_->notifyRaw(sim::bluez::kVictronLast, {0x05, 0x03}));
    ASSERT_TRUE(runUntil([&] { return reply.has_value(); }));
    EXPECT_EQ(reply->status, VregStatus::timeout()) << toHexSpaced(reply->data);
    EXPECT_EQ(device_->stats().rejectedTransfers, 1U);
}

TEST_F(BleDeviceTest, ASilentSetIsConfirmedByReadingBack) {
    peripheral_->setAnswer = ScriptedGattPeripheral::SetAnswer::Silent;
    auto o = options();
    o.setConfirmWindow = 200ms;
    ASSERT_TRUE(connect(o));
    const auto reply = set(0x1000, {0x65, 0x00});
    ASSERT_TRUE(reply);
    EXPECT_TRUE(reply->status.isOk()) << reply->message;
    EXPECT_EQ(reply->data, (Bytes{0x65, 0x00}));
    EXPECT_EQ(device_->stats().readBacks, 1U);
}

TEST_F(BleDeviceTest, AReadBackThatDiffersIsAnError) {
    peripheral_->setAnswer = ScriptedGattPeripheral::SetAnswer::SilentIgnore;
    peripheral_->values[0x1000] = {0x01, 0x00};
    auto o = options();
    o.setConfirmWindow = 200ms;
    ASSERT_TRUE(connect(o));
    const auto reply = set(0x1000, {0x65, 0x00});
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, VregStatus::invalid()) << reply->message;
    EXPECT_EQ(reply->data, (Bytes{0x01, 0x00}));
}

TEST_F(BleDeviceTest, AnUnansweredGetIsRetriedThenTimesOut) {
    auto o = options();
    o.timeout = 300ms;
    o.retries = 1;
    ASSERT_TRUE(connect(o));
    peripheral_->answerGets = false;
    const auto reply = get(0xED8D);
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, VregStatus::timeout());
    EXPECT_NE(reply->message.find("after 2 tries"), std::string::npos) << reply->message;
    EXPECT_EQ(countMessages(
                  [](const ble::Message& m) { return std::holds_alternative<ble::GetValues>(m); }),
              2U);
    EXPECT_EQ(device_->stats().retries, 1U);
}

TEST_F(BleDeviceTest, AFullQueueAnswersBusy) {
    auto o = options();
    o.queueLimit = 2;
    startDevice(o);  // still connecting: requests wait in the queue
    std::vector<device::VregReply> replies;
    for (int i = 0; i < 3; ++i) {
        device_->get(VregId{0xED8D}, [&](const device::VregReply& r) { replies.push_back(r); });
    }
    ASSERT_TRUE(runUntil([&] { return replies.size() == 3; }));
    // The third was refused at once; the two queued ones flowed once the link came up.
    EXPECT_EQ(replies[0].status, VregStatus::busy()) << replies[0].message;
    EXPECT_TRUE(replies[1].status.isOk()) << replies[1].message;
    EXPECT_TRUE(replies[2].status.isOk()) << replies[2].message;
}

TEST_F(BleDeviceTest, PushesReachListeners) {
    ASSERT_TRUE(connect(options()));
    ASSERT_TRUE(peripheral_->push(VregId{0xED8F}, {0x10, 0x00, 0x00, 0x00}));
    ASSERT_TRUE(runUntil([&] { return !listener_.updates.empty(); }));
    EXPECT_EQ(listener_.updates[0].first, VregId{0xED8F});
    EXPECT_EQ(listener_.updates[0].second, (Bytes{0x10, 0x00, 0x00, 0x00}));
    EXPECT_EQ(device_->stats().pushes, 1U);
}

TEST_F(BleDeviceTest, AnswersReachListenersToo) {
    // device.h: onVregUpdate carries values "seen in any response" — a publisher relies on it.
    ASSERT_TRUE(connect(options()));
    const auto pushesBefore = device_->stats().pushes;
    std::optional<device::VregReply> reply;
    device_->get(VregId{0xED8D}, [&](const device::VregReply& r) { reply = r; });
    ASSERT_TRUE(runUntil([&] { return reply.has_value(); }));
    ASSERT_TRUE(reply->status.isOk()) << reply->message;
    const auto seen = std::find_if(listener_.updates.begin(), listener_.updates.end(),
                                   [](const auto& u) { return u.first == VregId{0xED8D}; });
    ASSERT_NE(seen, listener_.updates.end());
    EXPECT_EQ(seen->second, reply->data);
    EXPECT_EQ(device_->stats().pushes, pushesBefore);  // an answer is not a push
}

TEST_F(BleDeviceTest, KeepAliveRepeatsAtThePeriod) {
    auto o = options();
    o.keepAlivePeriod = 200ms;
    ASSERT_TRUE(connect(o));
    ASSERT_TRUE(runUntil([&] { return countMessages(isKeepAlive) >= 4; }));
    // Each keep-alive set is followed by `F9 41` on CTRL (§3.1 step 11).
    const auto credits = [&] {
        std::size_t n = 0;
        for (const auto& bytes : writesOn(sim::bluez::kVictronCtrl)) {
            n += bytes == Bytes{0xF9, 0x41} ? 1U : 0U;
        }
        return n;
    };
    EXPECT_TRUE(runUntil([&] { return credits() >= 4; })) << credits();
    EXPECT_EQ(device_->linkState(), device::LinkState::Connected);
}

TEST_F(BleDeviceTest, LinkLossAnswersPendingRequestsAndReconnects) {
    auto o = options();
    o.timeout = 10s;  // the answer must come from the loss, not from a timeout
    ASSERT_TRUE(connect(o));
    peripheral_->answerGets = false;
    std::optional<device::VregReply> reply;
    device_->get(VregId{0xED8D}, [&](const device::VregReply& r) { reply = r; });
    ASSERT_TRUE(runUntil([&] {
        return countMessages([](const ble::Message& m) {
                   return std::holds_alternative<ble::GetValues>(m);
               }) == 1;
    }));
    const auto lostAt = std::chrono::steady_clock::now();
    ASSERT_TRUE(rig_.sim().disconnect(kAddress));
    ASSERT_TRUE(runUntil([&] { return reply.has_value(); }));
    EXPECT_LT(std::chrono::steady_clock::now() - lostAt, 5s);
    EXPECT_EQ(reply->status, VregStatus::timeout());
    EXPECT_NE(reply->message.find("disconnected"), std::string::npos) << reply->message;
    EXPECT_TRUE(listener_.saw(device::LinkState::Disconnected));

    // Back: the init sequence runs again (a second `01`), then requests flow.
    listener_.states.clear();
    ASSERT_TRUE(runUntil([&] { return device_->linkState() == device::LinkState::Connected; }));
    EXPECT_TRUE(listener_.saw(device::LinkState::Connecting));
    EXPECT_EQ(device_->stats().initRuns, 2U);
    EXPECT_EQ(countMessages(
                  [](const ble::Message& m) { return std::holds_alternative<ble::GetDevices>(m); }),
              2U);
    peripheral_->answerGets = true;
    const auto again = get(0xED8D);
    ASSERT_TRUE(again);
    EXPECT_TRUE(again->status.isOk()) << again->message;
}

TEST_F(BleDeviceTest, AWrongPinDisconnectsForGoodWithAClearMessage) {
    startDevice(options(111111));
    std::optional<device::VregReply> reply;
    device_->get(VregId{0xED8D}, [&](const device::VregReply& r) { reply = r; });
    ASSERT_TRUE(runUntil([&] { return device_->linkState() == device::LinkState::Disconnected; }));
    ASSERT_TRUE(runUntil([&] { return reply.has_value(); }));
    EXPECT_EQ(reply->status, VregStatus::timeout());
    ASSERT_FALSE(listener_.states.empty());
    EXPECT_EQ(listener_.states.back().first, device::LinkState::Disconnected);
    EXPECT_NE(listener_.states.back().second.find("wrong PIN"), std::string::npos)
        << listener_.states.back().second;
    // No retry (retrying a wrong PIN locks a real device out).
    EXPECT_FALSE(runUntil([&] { return peripheral_->connects > 1; }, 500ms));
    EXPECT_FALSE(
        runUntil([&] { return device_->linkState() != device::LinkState::Disconnected; }, 300ms));
}

}  // namespace
}  // namespace vreglink::testing
