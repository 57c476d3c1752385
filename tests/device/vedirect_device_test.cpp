// VeDirectDevice against a scripted device on a real pty: round trips, flag mapping, FIFO and
// one request in flight, timeouts and retries, matching (vedirect.md §3.2–3.4).
#include "device/vedirect_device.h"

#include "device_test_support.h"
#include "pty_peer.h"
#include "vedirect/hex_message.h"

#include <gtest/gtest.h>

#include <asio/io_context.hpp>

#include <chrono>

namespace vreglink::device {
namespace {

using namespace std::chrono_literals;
using testing::PtyPeer;
using testing::runFor;
using testing::runUntil;
using vedirect::HexCommand;
using vedirect::HexResponse;

class VeDirectDeviceTest : public ::testing::Test {
  protected:
    void open(VeDirectOptions options = fastOptions()) {
        ASSERT_TRUE(peer.ok());
        device = std::make_unique<VeDirectDevice>(io, peer.slavePath(), options);
        device->addListener(&listener);
        const auto error = device->open();
        ASSERT_FALSE(error.has_value()) << *error;
        ASSERT_EQ(device->linkState(), LinkState::Connected);
    }
    static VeDirectOptions fastOptions() {
        VeDirectOptions o;
        o.timeout = 100ms;
        o.reopenMin = 20ms;
        o.reopenMax = 80ms;
        return o;
    }
    bool waitReplies(std::size_t n, std::chrono::milliseconds limit = 2s) {
        return runUntil(
            io, [&] { return replies.size() >= n; }, limit);
    }

    asio::io_context io;
    PtyPeer peer{io};
    RecordingListener listener;
    Replies replies;
    std::unique_ptr<VeDirectDevice> device;  // destroyed before peer and io
};

TEST_F(VeDirectDeviceTest, GetRoundTrip) {
    peer.registers[0xEDF0] = {0x96, 0x00};
    open();
    device->get(VregId(0xEDF0), replies.collect());
    ASSERT_TRUE(waitReplies(1));
    EXPECT_EQ(replies[0].status, VregStatus::ok());
    EXPECT_EQ(replies[0].data, (Bytes{0x96, 0x00}));
    ASSERT_EQ(peer.requests.size(), 1u);
    EXPECT_EQ(vedirect::encodeHexFrame(peer.requests[0]), ":7F0ED0071\n");  // §3.7
    ASSERT_NE(device->cache().vreg(VregId(0xEDF0)), nullptr);
    EXPECT_EQ(device->cache().vreg(VregId(0xEDF0))->value, (Bytes{0x96, 0x00}));
    ASSERT_EQ(listener.updates.size(), 1u);
    EXPECT_EQ(listener.updates[0].first, VregId(0xEDF0));
    EXPECT_EQ(device->stats().requests, 1u);
    EXPECT_EQ(device->stats().bytesSent, 11u);
    EXPECT_EQ(device->stats().bytesReceived, 15u);  // ":7F0ED009600DB\n"
}

TEST_F(VeDirectDeviceTest, SetRoundTripReturnsValueAsStored) {
    open();
    device->set(VregId(0x2015), Bytes{0x64, 0x00}, replies.collect());
    ASSERT_TRUE(waitReplies(1));
    EXPECT_EQ(replies[0].status, VregStatus::ok());
    EXPECT_EQ(replies[0].data, (Bytes{0x64, 0x00}));
    ASSERT_EQ(peer.requests.size(), 1u);
    EXPECT_EQ(vedirect::encodeHexFrame(peer.requests[0]), ":81520006400B4\n");  // §3.7
    EXPECT_EQ(peer.registers[0x2015], (Bytes{0x64, 0x00}));
    ASSERT_NE(device->cache().vreg(VregId(0x2015)), nullptr);
}

TEST_F(VeDirectDeviceTest, DeviceFlagsMapToVregLinkStatus) {
    peer.flags[0x7777] = 0x01;  // unknown id
    peer.flags[0x0100] = 0x02;  // not supported / read-only
    peer.flags[0xEDF0] = 0x04;  // parameter error
    open();
    device->get(VregId(0x7777), replies.collect(1));
    device->set(VregId(0x0100), Bytes{0x01}, replies.collect(2));
    device->set(VregId(0xEDF0), Bytes{0xFF, 0xFF}, replies.collect(4));
    ASSERT_TRUE(waitReplies(3));
    EXPECT_EQ(replies[0].status, VregStatus::notSupported());
    EXPECT_NE(replies[0].message.find("0x01"), std::string::npos) << replies[0].message;
    EXPECT_EQ(replies[1].status, VregStatus::notSupported());
    EXPECT_NE(replies[1].message.find("not supported"), std::string::npos) << replies[1].message;
    EXPECT_EQ(replies[2].status, VregStatus::invalid());
    EXPECT_NE(replies[2].message.find("parameter error"), std::string::npos) << replies[2].message;
    for (std::size_t i = 0; i < 3; ++i) EXPECT_TRUE(replies[i].data.empty());
    EXPECT_TRUE(listener.updates.empty());  // error answers carry no value
    EXPECT_TRUE(device->cache().vregs().empty());
}

TEST_F(VeDirectDeviceTest, PingAppVersionProductId) {
    open();
    device->command(HexCommand::Ping, replies.collect(1));
    device->command(HexCommand::AppVersion, replies.collect(3));
    device->command(HexCommand::ProductId, replies.collect(4));
    ASSERT_TRUE(waitReplies(3));
    for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(replies[i].status, VregStatus::ok());
    EXPECT_EQ(replies[0].data, (Bytes{0x61, 0x41}));
    EXPECT_EQ(replies[1].data, (Bytes{0x61, 0x41}));
    EXPECT_EQ(replies[2].data, (Bytes{0x56, 0xA0}));
    ASSERT_EQ(peer.requests.size(), 3u);
    EXPECT_EQ(vedirect::encodeHexFrame(peer.requests[0]), ":154\n");
    EXPECT_EQ(vedirect::encodeHexFrame(peer.requests[1]), ":352\n");
    EXPECT_EQ(vedirect::encodeHexFrame(peer.requests[2]), ":451\n");
}

TEST_F(VeDirectDeviceTest, RestartCompletesOnceWrittenThenQueueMovesOn) {
    peer.registers[0xEDF0] = {0x96, 0x00};
    open();
    device->command(HexCommand::Restart, replies.collect(6));
    device->get(VregId(0xEDF0), replies.collect(7));
    ASSERT_TRUE(waitReplies(2, 500ms));  // well under the 100 ms timeout x tries
    EXPECT_EQ(replies.tag(0), 6);
    EXPECT_EQ(replies[0].status, VregStatus::ok());
    EXPECT_EQ(replies[1].status, VregStatus::ok());
    ASSERT_EQ(peer.requests.size(), 2u);
    EXPECT_EQ(vedirect::encodeHexFrame(peer.requests[0]), ":64F\n");
}

TEST_F(VeDirectDeviceTest, UnknownResponseIsNotSupported) {
    peer.responder = [](const vedirect::HexFrame& request) -> std::optional<std::string> {
        const std::uint8_t cmd = request.command();
        return vedirect::encodeHexFrame(vedirect::HexFrame(0x3, ByteView(&cmd, 1)));
    };
    open();
    device->command(HexCommand::AppVersion, replies.collect());
    ASSERT_TRUE(waitReplies(1));
    EXPECT_EQ(replies[0].status, VregStatus::notSupported());
    EXPECT_EQ(peer.requests.size(), 1u);  // not retried
}

TEST_F(VeDirectDeviceTest, CommandsTheGatewayRefuses) {
    open();
    device->command(HexCommand::EnterBoot, replies.collect(0));
    device->set(VregId(0x010A), Bytes(100, 0x41), replies.collect(1));  // > kMaxHexPayload
    ASSERT_TRUE(waitReplies(2));
    EXPECT_EQ(replies[0].status, VregStatus::notSupported());
    EXPECT_EQ(replies[1].status, VregStatus::invalid());
    EXPECT_TRUE(peer.requests.empty());
}

TEST_F(VeDirectDeviceTest, FifoOrderAndOneRequestOnTheWire) {
    for (std::uint16_t i = 0; i < 20; ++i)
        peer.registers[0x1000 + i] = {static_cast<std::uint8_t>(i)};
    peer.script.delay = 3ms;
    open();
    for (std::uint16_t i = 0; i < 20; ++i) {
        device->get(VregId(static_cast<std::uint16_t>(0x1000 + i)), replies.collect(i));
    }
    ASSERT_TRUE(waitReplies(20));
    EXPECT_EQ(peer.overlaps, 0u);
    ASSERT_EQ(peer.requests.size(), 20u);
    for (int i = 0; i < 20; ++i) {
        EXPECT_EQ(replies.tag(static_cast<std::size_t>(i)), i);
        EXPECT_EQ(replies[static_cast<std::size_t>(i)].data, (Bytes{static_cast<std::uint8_t>(i)}));
        const auto frame = vedirect::parseVregFrame(peer.requests[static_cast<std::size_t>(i)]);
        ASSERT_TRUE(frame.has_value());
    }
}

TEST_F(VeDirectDeviceTest, NoIdleGapBetweenRequests) {
    // The next request leaves in the same loop turn as the previous answer: 50 round trips over
    // a pty (no baud-rate pacing) must take nowhere near 50 timer ticks.
    for (std::uint16_t i = 0; i < 50; ++i) peer.registers[0x2000 + i] = {0x01, 0x02};
    open();
    const auto start = std::chrono::steady_clock::now();
    for (std::uint16_t i = 0; i < 50; ++i) {
        device->get(VregId(static_cast<std::uint16_t>(0x2000 + i)), replies.collect());
    }
    ASSERT_TRUE(waitReplies(50));
    EXPECT_LT(std::chrono::steady_clock::now() - start, 500ms);
    EXPECT_EQ(peer.overlaps, 0u);
}

TEST_F(VeDirectDeviceTest, TimeoutAfterAllTries) {
    peer.script.answerNothing = true;
    open();  // timeout 100 ms, retries 2
    const auto start = std::chrono::steady_clock::now();
    device->get(VregId(0xEDF0), replies.collect());
    ASSERT_TRUE(waitReplies(1, 2s));
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_EQ(replies[0].status, VregStatus::timeout());
    EXPECT_NE(replies[0].message.find("no answer after 3 tries"), std::string::npos)
        << replies[0].message;
    EXPECT_EQ(peer.requests.size(), 3u);  // 1 + retries, each the same frame
    for (const auto& r : peer.requests) EXPECT_EQ(r, peer.requests[0]);
    EXPECT_GE(elapsed, 300ms);
    EXPECT_LT(elapsed, 600ms);
    EXPECT_EQ(device->stats().retries, 2u);
    EXPECT_EQ(device->stats().timeouts, 1u);

    // The device comes back to life: the queue is not stuck.
    peer.script.answerNothing = false;
    peer.registers[0xEDF0] = {0x96, 0x00};
    device->get(VregId(0xEDF0), replies.collect());
    ASSERT_TRUE(waitReplies(2));
    EXPECT_EQ(replies[1].status, VregStatus::ok());
}

TEST_F(VeDirectDeviceTest, RetriesCountIsConfigurable) {
    peer.script.answerNothing = true;
    auto options = fastOptions();
    options.timeout = 50ms;
    options.retries = 0;
    open(options);
    device->get(VregId(0xEDF0), replies.collect());
    ASSERT_TRUE(waitReplies(1));
    EXPECT_NE(replies[0].message.find("after 1 try"), std::string::npos) << replies[0].message;
    EXPECT_EQ(peer.requests.size(), 1u);
}

TEST_F(VeDirectDeviceTest, FrameErrorIsRetriedImmediately) {
    peer.registers[0xEDF0] = {0x96, 0x00};
    peer.script.frameErrorsNext = 1;  // ":4AAAAFD" once
    auto options = fastOptions();
    options.timeout = 1000ms;  // a retry after a timeout would take a second
    open(options);
    const auto start = std::chrono::steady_clock::now();
    device->get(VregId(0xEDF0), replies.collect());
    ASSERT_TRUE(waitReplies(1));
    EXPECT_LT(std::chrono::steady_clock::now() - start, 300ms);
    EXPECT_EQ(replies[0].status, VregStatus::ok());
    EXPECT_EQ(peer.requests.size(), 2u);
    EXPECT_EQ(device->stats().retries, 1u);
}

TEST_F(VeDirectDeviceTest, PersistentFrameErrorsFailAfterAllTries) {
    peer.script.frameErrorsNext = 10;
    open();
    device->get(VregId(0xEDF0), replies.collect());
    ASSERT_TRUE(waitReplies(1));
    EXPECT_EQ(replies[0].status, VregStatus::timeout());
    EXPECT_NE(replies[0].message.find("frame error"), std::string::npos) << replies[0].message;
    EXPECT_EQ(peer.requests.size(), 3u);
}

TEST_F(VeDirectDeviceTest, AsyncAndOtherRegisterFramesDoNotCompleteARequest) {
    // The device answers a GET of 0xEDF0 only with an answer for another register (stale) and
    // an async frame (§3.5): the request must keep waiting and finally time out, while both
    // values land in the cache and reach listeners.
    peer.responder = [](const vedirect::HexFrame&) -> std::optional<std::string> {
        return vedirect::encodeHexFrame(
                   *vedirect::makeVregResponse(HexResponse::Get, VregId(0xEDF1), 0, Bytes{0x01})) +
               vedirect::encodeHexFrame(*vedirect::makeVregResponse(
                   HexResponse::Async, VregId(0xEDD5), 0, Bytes{0xAF, 0x0A}));
    };
    open();
    device->get(VregId(0xEDF0), replies.collect());
    ASSERT_TRUE(waitReplies(1));
    EXPECT_EQ(replies[0].status, VregStatus::timeout());
    EXPECT_EQ(peer.requests.size(), 3u);
    ASSERT_NE(device->cache().vreg(VregId(0xEDF1)), nullptr);
    ASSERT_NE(device->cache().vreg(VregId(0xEDD5)), nullptr);
    EXPECT_EQ(device->cache().vreg(VregId(0xEDD5))->value, (Bytes{0xAF, 0x0A}));
    EXPECT_EQ(device->cache().vreg(VregId(0xEDF0)), nullptr);
    EXPECT_EQ(listener.updates.size(), 6u);  // two per try
}

TEST_F(VeDirectDeviceTest, AnswerAfterForeignFramesStillMatches) {
    peer.registers[0xEDF0] = {0x96, 0x00};
    peer.script.beforeAnswer =
        vedirect::encodeHexFrame(*vedirect::makeVregResponse(HexResponse::Get, VregId(0xEDF1), 0,
                                                             Bytes{0x33})) +  // wrong register
        vedirect::encodeHexFrame(*vedirect::makeVregResponse(HexResponse::Set, VregId(0xEDF0), 0,
                                                             Bytes{0x11, 0x11})) +  // wrong cmd
        vedirect::encodeHexFrame(
            *vedirect::makeVregResponse(HexResponse::Async, VregId(0xEDF0), 0, Bytes{0x22, 0x22}));
    open();
    device->get(VregId(0xEDF0), replies.collect());
    ASSERT_TRUE(waitReplies(1));
    EXPECT_EQ(replies[0].status, VregStatus::ok());
    EXPECT_EQ(replies[0].data, (Bytes{0x96, 0x00}));  // the GET answer, not the SET or async
    EXPECT_EQ(peer.requests.size(), 1u);
    EXPECT_EQ(listener.updates.size(), 4u);
    EXPECT_EQ(device->cache().vreg(VregId(0xEDF1))->value, (Bytes{0x33}));
    EXPECT_EQ(device->cache().vreg(VregId(0xEDF0))->value, (Bytes{0x96, 0x00}));  // latest
}

TEST_F(VeDirectDeviceTest, QueueFullAnswersBusyAtOnce) {
    peer.registers[0xEDF0] = {0x96, 0x00};
    peer.script.delay = 30ms;
    auto options = fastOptions();
    options.queueLimit = 3;
    open(options);
    for (int i = 0; i < 5; ++i) device->get(VregId(0xEDF0), replies.collect(i));
    ASSERT_TRUE(waitReplies(5));
    // The two beyond the limit come back first, without waiting for the device.
    EXPECT_EQ(replies.tag(0), 3);
    EXPECT_EQ(replies.tag(1), 4);
    EXPECT_EQ(replies[0].status, VregStatus::busy());
    EXPECT_EQ(replies[1].status, VregStatus::busy());
    for (std::size_t i = 2; i < 5; ++i) EXPECT_EQ(replies[i].status, VregStatus::ok());
    EXPECT_EQ(device->stats().requests, 3u);
}

TEST_F(VeDirectDeviceTest, RepliesAreNeverSynchronous) {
    peer.registers[0xEDF0] = {0x96, 0x00};
    auto options = fastOptions();
    options.queueLimit = 1;
    open(options);
    bool called = false;
    const auto mark = [&called](const VregReply&) { called = true; };
    device->get(VregId(0xEDF0), mark);
    device->get(VregId(0xEDF0), mark);                 // busy
    device->set(VregId(0xEDF0), Bytes(100, 0), mark);  // too long
    device->command(HexCommand::EnterBoot, mark);
    EXPECT_FALSE(called);
    ASSERT_TRUE(runUntil(
        io, [&] { return called; }, 1s));
}

}  // namespace
}  // namespace vreglink::device
