// VeDirectDevice and its link: TEXT blocks, silence reset, cable pulled and the device coming
// back behind the same path, requests while disconnected, destruction with requests pending.
#include "device/vedirect_device.h"

#include "device_test_support.h"
#include "pty_peer.h"
#include "vedirect/hex_message.h"
#include "vedirect/text_block.h"

#include <gtest/gtest.h>

#include <asio/io_context.hpp>

#include <chrono>

namespace vreglink::device {
namespace {

using namespace std::chrono_literals;
using testing::PtyPeer;
using testing::runFor;
using testing::runUntil;
using testing::SymlinkPath;

VeDirectOptions fastOptions() {
    VeDirectOptions o;
    o.timeout = 100ms;
    o.reopenMin = 20ms;
    o.reopenMax = 80ms;
    o.textIdleReset = 50ms;
    return o;
}

const vedirect::OwnedFields kMpptBlock{{"PID", "0xA056"}, {"FW", "161"}, {"V", "12800"},
                                       {"I", "-3250"},    {"CS", "3"},   {"LOAD", "ON"}};

TEST(VeDirectDeviceLink, TextBlocksReachListenersAndCache) {
    asio::io_context io;
    PtyPeer peer(io);
    ASSERT_TRUE(peer.ok());
    RecordingListener listener;
    VeDirectDevice device(io, peer.slavePath(), fastOptions());
    device.addListener(&listener);
    ASSERT_FALSE(device.open().has_value());

    const auto before = Clock::now();
    peer.send(vedirect::encodeTextBlock(kMpptBlock));
    ASSERT_TRUE(runUntil(
        io, [&] { return listener.blocks.size() == 1; }, 2s));
    EXPECT_EQ(listener.blocks[0], (TextFields(kMpptBlock.begin(), kMpptBlock.end())));
    const auto* v = device.cache().text("V");
    ASSERT_NE(v, nullptr);
    EXPECT_EQ(v->value, "12800");
    EXPECT_GE(v->updated, before);
    EXPECT_LT(v->age(), 1s);
    EXPECT_EQ(device.cache().texts().size(), kMpptBlock.size());
    EXPECT_EQ(device.decoderCounters().textBlocks, 1u);
}

TEST(VeDirectDeviceLink, TextAndAsyncBetweenRequestAndAnswer) {
    asio::io_context io;
    PtyPeer peer(io);
    ASSERT_TRUE(peer.ok());
    peer.registers[0xEDF0] = {0x96, 0x00};
    // A TEXT block with an async frame right after its checksum byte (§2.2 point 3), then the
    // answer.
    peer.script.beforeAnswer = vedirect::encodeTextBlock(kMpptBlock) + ":AD5ED00AF0AD0\n";
    RecordingListener listener;
    VeDirectDevice device(io, peer.slavePath(), fastOptions());
    device.addListener(&listener);
    ASSERT_FALSE(device.open().has_value());
    Replies replies;
    device.get(VregId(0xEDF0), replies.collect());
    ASSERT_TRUE(runUntil(
        io, [&] { return replies.size() == 1; }, 2s));
    EXPECT_EQ(replies[0].status, VregStatus::ok());
    EXPECT_EQ(listener.blocks.size(), 1u);
    ASSERT_NE(device.cache().vreg(VregId(0xEDD5)), nullptr);
    EXPECT_EQ(device.cache().vreg(VregId(0xEDD5))->value, (Bytes{0xAF, 0x0A}));
}

TEST(VeDirectDeviceLink, SilenceAbandonsAPartialBlock) {
    asio::io_context io;
    PtyPeer peer(io);
    ASSERT_TRUE(peer.ok());
    RecordingListener listener;
    VeDirectDevice device(io, peer.slavePath(), fastOptions());  // textIdleReset 50 ms
    device.addListener(&listener);
    ASSERT_FALSE(device.open().has_value());

    const std::string block = vedirect::encodeTextBlock(kMpptBlock);
    peer.send(block.substr(0, block.size() / 2));  // the cable hiccups mid-block
    runFor(io, 120ms);
    peer.send(block);
    ASSERT_TRUE(runUntil(
        io, [&] { return listener.blocks.size() == 1; }, 2s));
    EXPECT_EQ(device.decoderCounters().count(vedirect::RejectReason::TextTruncated), 1u);
}

TEST(VeDirectDeviceLink, BadPathReportedByOpenAndRequestsAnswered) {
    asio::io_context io;
    RecordingListener listener;
    VeDirectDevice device(io, "/nonexistent/ttyVE", fastOptions());
    device.addListener(&listener);
    const auto error = device.open();
    ASSERT_TRUE(error.has_value());
    EXPECT_NE(error->find("/nonexistent/ttyVE"), std::string::npos);
    EXPECT_EQ(device.linkState(), LinkState::Disconnected);
    Replies replies;
    device.get(VregId(0xEDF0), replies.collect());
    EXPECT_EQ(replies.size(), 0u);  // never synchronous
    ASSERT_TRUE(runUntil(
        io, [&] { return replies.size() == 1; }, 1s));
    EXPECT_EQ(replies[0].status, VregStatus::timeout());
    EXPECT_NE(replies[0].message.find("disconnected"), std::string::npos) << replies[0].message;
}

TEST(VeDirectDeviceLink, CablePulledAnswersAllPendingThenReconnects) {
    asio::io_context io;
    SymlinkPath link;
    auto peer = std::make_unique<PtyPeer>(io);
    ASSERT_TRUE(peer->ok());
    peer->script.answerNothing = true;
    ASSERT_TRUE(link.pointTo(peer->slavePath()));

    RecordingListener listener;
    auto options = fastOptions();
    options.timeout = 2000ms;  // so only the disconnect can answer the requests
    VeDirectDevice device(io, link.path(), options);
    device.addListener(&listener);
    ASSERT_FALSE(device.open().has_value());
    ASSERT_EQ(listener.states.size(), 1u);
    EXPECT_EQ(listener.states[0].first, LinkState::Connected);

    Replies replies;
    for (int i = 0; i < 4; ++i) device.get(VregId(0xEDF0), replies.collect(i));
    ASSERT_TRUE(runUntil(
        io, [&] { return peer->requests.size() == 1; }, 1s));

    const auto pulled = std::chrono::steady_clock::now();
    peer->pullCable();
    ASSERT_TRUE(runUntil(
        io, [&] { return replies.size() == 4; }, 1s));
    EXPECT_LT(std::chrono::steady_clock::now() - pulled, 500ms);  // at once, not by timeout
    for (std::size_t i = 0; i < 4; ++i) {
        EXPECT_EQ(replies.tag(i), static_cast<int>(i));  // in flight first, then FIFO order
        EXPECT_EQ(replies[i].status, VregStatus::timeout());
        EXPECT_NE(replies[i].message.find("device disconnected"), std::string::npos)
            << replies[i].message;
    }
    EXPECT_EQ(device.linkState(), LinkState::Disconnected);
    ASSERT_EQ(listener.states.size(), 2u);
    EXPECT_EQ(listener.states[1].first, LinkState::Disconnected);

    // While gone: answered 0x8400 at once (asynchronously).
    device.get(VregId(0xEDF0), replies.collect(10));
    EXPECT_EQ(replies.size(), 4u);
    ASSERT_TRUE(runUntil(
        io, [&] { return replies.size() == 5; }, 1s));
    EXPECT_EQ(replies[4].status, VregStatus::timeout());

    link.remove();
    peer.reset();
    runFor(io, 100ms);  // failed reopen attempts: no state flapping
    EXPECT_EQ(listener.states.size(), 2u);

    // The device comes back as a new pty behind the same path.
    PtyPeer second(io);
    ASSERT_TRUE(second.ok());
    second.registers[0xEDF0] = {0x96, 0x00};
    ASSERT_TRUE(link.pointTo(second.slavePath()));
    ASSERT_TRUE(runUntil(
        io, [&] { return device.linkState() == LinkState::Connected; }, 2s));
    ASSERT_EQ(listener.states.size(), 3u);
    EXPECT_EQ(listener.states[2].first, LinkState::Connected);

    device.get(VregId(0xEDF0), replies.collect(20));
    ASSERT_TRUE(runUntil(
        io, [&] { return replies.size() == 6; }, 2s));
    EXPECT_EQ(replies[5].status, VregStatus::ok());
    EXPECT_EQ(replies[5].data, (Bytes{0x96, 0x00}));
}

TEST(VeDirectDeviceLink, DestructionAnswersPendingRequests) {
    asio::io_context io;
    PtyPeer peer(io);
    ASSERT_TRUE(peer.ok());
    peer.script.answerNothing = true;
    Replies replies;
    {
        VeDirectDevice device(io, peer.slavePath(), fastOptions());
        ASSERT_FALSE(device.open().has_value());
        for (int i = 0; i < 3; ++i) device.get(VregId(0xEDF0), replies.collect(i));
        runFor(io, 20ms);
        EXPECT_EQ(replies.size(), 0u);
    }
    runFor(io, 300ms);  // the cancelled timer and read complete later: nothing touched
    ASSERT_EQ(replies.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(replies[i].status, VregStatus::timeout());
        EXPECT_EQ(replies[i].message, "device closed");
    }
}

TEST(VeDirectDeviceLink, DestructionCanDropPendingHandlers) {
    asio::io_context io;
    PtyPeer peer(io);
    ASSERT_TRUE(peer.ok());
    peer.script.answerNothing = true;
    Replies replies;
    {
        auto options = fastOptions();
        options.answerPendingOnDestroy = false;
        VeDirectDevice device(io, peer.slavePath(), options);
        ASSERT_FALSE(device.open().has_value());
        device.get(VregId(0xEDF0), replies.collect());
    }
    runFor(io, 50ms);
    EXPECT_EQ(replies.size(), 0u);
}

TEST(VeDirectDeviceLink, ListenerRemovedFromItsOwnCallback) {
    asio::io_context io;
    PtyPeer peer(io);
    ASSERT_TRUE(peer.ok());
    VeDirectDevice device(io, peer.slavePath(), fastOptions());
    struct SelfRemoving : RecordingListener {
        VeDirectDevice* device = nullptr;
        RecordingListener* other = nullptr;
        void onTextBlock(const TextFields& fields) override {
            RecordingListener::onTextBlock(fields);
            device->removeListener(this);
            device->removeListener(other);  // removed before its turn: not called
        }
    } first;
    RecordingListener second;
    first.device = &device;
    first.other = &second;
    device.addListener(&first);
    device.addListener(&second);
    ASSERT_FALSE(device.open().has_value());
    peer.send(vedirect::encodeTextBlock(kMpptBlock));
    peer.send(vedirect::encodeTextBlock(kMpptBlock));
    runFor(io, 100ms);
    EXPECT_EQ(first.blocks.size(), 1u);
    EXPECT_EQ(second.blocks.size(), 0u);
    EXPECT_EQ(device.decoderCounters().textBlocks, 2u);
}

}  // namespace
}  // namespace vreglink::device
