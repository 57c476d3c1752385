// The pure parts of the I/O runner: output ordering (§3.4), pacing (§1), line noise, the
// register store's rules.
#include "sim/line_noise.h"
#include "sim/output_queue.h"
#include "sim/pacer.h"
#include "sim/register_store.h"

#include <gtest/gtest.h>

namespace vreglink::sim {
namespace {

using namespace std::chrono_literals;

TEST(OutputQueue, ModernReplyWaitsForChecksumByte) {
    OutputQueue q;
    q.pushText("\r\nV\t1\r\nChecksum\tX");
    EXPECT_EQ(q.take(5), "\r\nV\t1");
    q.pushHex(":5ABCD\n", false);
    EXPECT_EQ(q.take(100), "\r\nChecksum\tX:5ABCD\n");
}

TEST(OutputQueue, ModernReplyGoesBeforeUnstartedBlockAndStaysFifo) {
    OutputQueue q;
    q.pushText("AAAA");
    q.pushText("BBBB");
    EXPECT_EQ(q.take(2), "AA");
    q.pushHex("1", false);
    q.pushHex("2", false);
    EXPECT_EQ(q.take(100), "AA12BBBB");
}

TEST(OutputQueue, LegacyInterleavesButNeverBeforeTheChecksumByte) {
    OutputQueue q;
    q.pushText("\r\nV\t1\r\nChecksum\tX");
    EXPECT_EQ(q.take(3), "\r\nV");
    q.pushHex(":H\n", true);
    EXPECT_EQ(q.take(100), ":H\n\t1\r\nChecksum\tX");
    q.pushText("\r\nChecksum\tY");
    EXPECT_EQ(q.take(11), "\r\nChecksum\t");
    q.pushHex(":H\n", true);  // only the checksum byte is left: wait for it
    EXPECT_EQ(q.take(100), "Y:H\n");
}

TEST(Pacer, ReleasesAtLineRate) {
    Pacer pacer(1920.0);
    const auto t0 = Pacer::Clock::now();
    std::size_t sent = 0;
    for (int tick = 0; tick <= 200; ++tick) {  // 1 s in 5 ms ticks
        sent += pacer.release(t0 + tick * 5ms, 100000);
    }
    EXPECT_NEAR(static_cast<double>(sent), 1921.0, 3.0);
}

TEST(Pacer, IdleDoesNotBankBandwidth) {
    Pacer pacer(1920.0);
    const auto t0 = Pacer::Clock::now();
    EXPECT_EQ(pacer.release(t0, 100), 1u);  // the first byte starts at once
    EXPECT_LE(pacer.release(t0 + 10s, 1000), 1u);
}

TEST(LineNoise, DeterministicAndRoughlyAtRate) {
    const std::string clean(10000, 'a');
    LineNoise a(0.1, 42), b(0.1, 42);
    const auto x = a.apply(clean);
    EXPECT_EQ(x, b.apply(clean));
    EXPECT_NEAR(static_cast<double>(a.flipped() + a.dropped()), 1000.0, 150.0);
    EXPECT_EQ(x.size(), clean.size() - a.dropped());
    LineNoise none;
    EXPECT_EQ(none.apply(clean), clean);
}

TEST(RegisterStore, WidthsComeFromTheCatalog) {
    RegisterStore s;
    // The model says un32, the catalog says 0xEDD0 is un16 on VE.Direct MPPTs (§3.3).
    s.addInt(VregId(0xEDD0), catalog::WireType::Un32, 5);
    EXPECT_EQ(s.value(VregId(0xEDD0))->size(), 2u);
    // Not in the catalog: the model's type.
    s.addInt(VregId(0x7001), catalog::WireType::Un24, 5);
    EXPECT_EQ(s.value(VregId(0x7001))->size(), 3u);
}

TEST(RegisterStore, WriteRules) {
    RegisterStore s;
    RegisterOptions rw;
    rw.access = catalog::Access::ReadWrite;
    rw.min = 0;
    rw.max = 300;
    rw.nvm = true;
    s.addInt(VregId(0xEDF0), catalog::WireType::Un16, 150, rw);
    s.addInt(VregId(0xED8D), catalog::WireType::Sn16, -5);
    EXPECT_EQ(s.intValue(VregId(0xED8D)), -5);
    const Bytes ok{0x2C, 0x01}, big{0x2D, 0x01}, shortValue{0x01};
    EXPECT_EQ(s.write(VregId(0xEDF0), ok, 0ms), WriteResult::Ok);
    EXPECT_EQ(s.write(VregId(0xEDF0), big, 0ms), WriteResult::OutOfRange);
    EXPECT_EQ(s.write(VregId(0xEDF0), shortValue, 0ms), WriteResult::BadLength);
    EXPECT_EQ(s.write(VregId(0xED8D), ok, 0ms), WriteResult::ReadOnly);
    EXPECT_EQ(s.write(VregId(0x1234), ok, 0ms), WriteResult::UnknownId);
    EXPECT_EQ(s.writeCount(VregId(0xEDF0)), 1u);
    EXPECT_EQ(s.intValue(VregId(0xEDF0)), 300);
    // A forced (pinned) measurement is not overwritten by the simulation.
    EXPECT_TRUE(s.force(VregId(0xED8D), Bytes{0x10, 0x00}));
    EXPECT_FALSE(s.update(VregId(0xED8D), 99));
    s.unpin(VregId(0xED8D));
    EXPECT_TRUE(s.update(VregId(0xED8D), 99));
}

TEST(RegisterStore, StringsArePadded) {
    RegisterStore s;
    s.addString(VregId(0x010A), "HQ1", 16);
    s.addString(VregId(0x010B), "Name", 0);
    EXPECT_EQ(s.value(VregId(0x010A))->size(), 16u);
    EXPECT_EQ(*s.value(VregId(0x010B)), (Bytes{'N', 'a', 'm', 'e', 0}));
}

}  // namespace
}  // namespace vreglink::sim
