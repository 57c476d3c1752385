// ACL -> L2CAP reassembly: fragments per connection handle and direction, ATT channel only,
// state forgotten on disconnect.
#include "capture/hci_l2cap.h"
#include "capture_test_support.h"

#include <gtest/gtest.h>

namespace vreglink::capture {
namespace {

using testing::hex;

class Recorder final : public HciHandler {
  public:
    void onAtt(const AttPdu& pdu) override {
        pdus.push_back(std::to_string(pdu.connection) + ":" + toHex(pdu.pdu));
    }
    void onConnected(std::uint16_t, std::uint16_t c, std::chrono::microseconds) override {
        pdus.push_back("connected " + std::to_string(c));
    }
    void onDisconnected(std::uint16_t, std::uint16_t c, std::chrono::microseconds) override {
        pdus.push_back("disconnected " + std::to_string(c));
    }
    std::vector<std::string> pdus;
};

CaptureRecord acl(const Bytes& packet, Direction d = Direction::ControllerToHost) {
    return CaptureRecord{{}, d, HciPacketType::Acl, packet};
}

TEST(HciL2cap, WholeFrameInOnePacket) {
    Recorder r;
    HciL2capReassembler reassembler(r);
    const Bytes att = hex("1b 24 00 07 00 03 00");
    for (const auto& p : aclPackets(0x40, att)) reassembler.feed(acl(p));
    EXPECT_EQ(r.pdus, std::vector<std::string>{"64:1b240007000300"});
}

TEST(HciL2cap, FrameFragmentedAcrossAclPackets) {
    Recorder r;
    HciL2capReassembler reassembler(r);
    const Bytes att = hex("1b 24 00 08 03 19 ed 8c 44 46 fc ff ff");
    const auto packets = aclPackets(0x40, att, 3);  // header split too
    ASSERT_GT(packets.size(), 3U);
    for (const auto& p : packets) reassembler.feed(acl(p));
    EXPECT_EQ(r.pdus, std::vector<std::string>{"64:" + toHex(att)});
    EXPECT_EQ(reassembler.counters().malformed, 0U);
}

TEST(HciL2cap, InterleavedHandlesAndDirectionsReassembleSeparately) {
    Recorder r;
    HciL2capReassembler reassembler(r);
    const Bytes a = hex("1b 24 00 01 02 03 04 05 06 07 08");
    const Bytes b = hex("52 27 00 09 0a 0b 0c 0d 0e 0f");
    const auto pa = aclPackets(1, a, 5);
    const auto pb = aclPackets(2, b, 5);
    const auto pc = aclPackets(1, b, 5);  // same handle as `a`, other direction
    for (std::size_t i = 0; i < std::max({pa.size(), pb.size(), pc.size()}); ++i) {
        if (i < pa.size()) reassembler.feed(acl(pa[i]));
        if (i < pb.size()) reassembler.feed(acl(pb[i]));
        if (i < pc.size()) reassembler.feed(acl(pc[i], Direction::HostToController));
    }
    EXPECT_EQ(r.pdus.size(), 3U);
    EXPECT_NE(std::find(r.pdus.begin(), r.pdus.end(), "1:" + toHex(a)), r.pdus.end());
    EXPECT_NE(std::find(r.pdus.begin(), r.pdus.end(), "2:" + toHex(b)), r.pdus.end());
    EXPECT_NE(std::find(r.pdus.begin(), r.pdus.end(), "1:" + toHex(b)), r.pdus.end());
}

TEST(HciL2cap, OtherChannelsAreNotAtt) {
    Recorder r;
    HciL2capReassembler reassembler(r);
    // LE signalling channel 0x0005: Connection Parameter Update Request (ble-gatt.md §1.3).
    for (const auto& p : aclPackets(1, hex("12 03 08 00 0c 00 0c 00 00 00 90 01"), 251, 0x0005)) {
        reassembler.feed(acl(p));
    }
    EXPECT_TRUE(r.pdus.empty());
    EXPECT_EQ(reassembler.counters().l2capFrames, 1U);
}

TEST(HciL2cap, DisconnectDropsAHalfFrame) {
    Recorder r;
    HciL2capReassembler reassembler(r);
    const Bytes att = hex("1b 24 00 01 02 03 04 05 06 07 08");
    const auto packets = aclPackets(1, att, 6);
    reassembler.feed(acl(packets[0]));
    const Bytes disconnect = disconnectionCompleteEvent(1);
    reassembler.feed(
        CaptureRecord{{}, Direction::ControllerToHost, HciPacketType::Event, disconnect});
    for (std::size_t i = 1; i < packets.size(); ++i) reassembler.feed(acl(packets[i]));
    EXPECT_EQ(r.pdus, std::vector<std::string>{"disconnected 1"});
    EXPECT_GT(reassembler.counters().malformed, 0U);  // continuations without their start

    const Bytes connect = leConnectionCompleteEvent(1);
    reassembler.feed(CaptureRecord{{}, Direction::ControllerToHost, HciPacketType::Event, connect});
    EXPECT_EQ(r.pdus.back(), "connected 1");
}

}  // namespace
}  // namespace vreglink::capture
