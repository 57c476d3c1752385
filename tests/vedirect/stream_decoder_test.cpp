// The receive path over the TEXT vectors T1–T11 (vedirect-vectors.md §1) and the traps of
// vedirect.md §2.2: delimiter-like checksum bytes, HEX inside and right after a block.
#include "vedirect/stream_decoder.h"

#include "vedirect/hex_message.h"

#include "test_support.h"

#include <gtest/gtest.h>

namespace vreglink::vedirect {
namespace {

using namespace testing;

Recorder decodeAll(std::string_view stream, DecoderCounters* counters = nullptr) {
    Recorder r;
    StreamDecoder d(r);
    d.feed(asBytes(stream));
    if (counters != nullptr) *counters = d.counters();
    return r;
}

std::string field(const OwnedFields& fields, std::string_view label) {
    for (const auto& [l, v] : fields) {
        if (l == label) return v;
    }
    return "<missing>";
}

TEST(StreamDecoderVectors, EachBlockIsDeliveredWithItsFields) {
    for (const std::string* block : {&kT1, &kT2, &kT3, &kT4, &kT5a, &kT5b, &kT6, &kT7, &kT8}) {
        DecoderCounters c;
        const Recorder r = decodeAll(*block, &c);
        ASSERT_EQ(r.blocks.size(), 1u);
        EXPECT_EQ(r.blocks[0], splitBlock(*block));
        EXPECT_TRUE(r.rejects.empty());
        EXPECT_EQ(c.textBlocks, 1u);
        EXPECT_EQ(c.bytes, block->size());
        EXPECT_EQ(c.rejectedTotal(), 0u);
    }
}

TEST(StreamDecoderVectors, T1AndT2Values) {
    const Recorder t1 = decodeAll(kT1);
    ASSERT_EQ(t1.blocks.size(), 1u);
    EXPECT_EQ(t1.blocks[0].size(), 18u);
    EXPECT_EQ(field(t1.blocks[0], "PID"), "0xA056");
    EXPECT_EQ(field(t1.blocks[0], "SER#"), "HQ19499RHC5");
    EXPECT_EQ(field(t1.blocks[0], "OR"), "0x00000001");
    EXPECT_EQ(field(t1.blocks[0], "LOAD"), "ON");
    EXPECT_EQ(field(t1.blocks[0], "HSDS"), "280");

    const Recorder t2 = decodeAll(kT2);
    ASSERT_EQ(t2.blocks.size(), 1u);
    const OwnedFields& f = t2.blocks[0];
    EXPECT_EQ(field(f, "V"), "27350");
    EXPECT_EQ(field(f, "I"), "5100");
    EXPECT_EQ(field(f, "VPV"), "106630");
    EXPECT_EQ(field(f, "PPV"), "142");
    EXPECT_EQ(field(f, "CS"), "3");
    EXPECT_EQ(field(f, "MPPT"), "2");
    EXPECT_EQ(field(f, "Relay"), "OFF");
    EXPECT_EQ(field(f, "H19"), "62753");
    EXPECT_EQ(field(f, "H23"), "322");
    EXPECT_EQ(field(f, "HSDS"), "259");
}

TEST(StreamDecoderVectors, T4T7T8Values) {
    EXPECT_EQ(field(decodeAll(kT4).blocks.at(0), "IL"), "300");
    const OwnedFields t7 = decodeAll(kT7).blocks.at(0);
    EXPECT_EQ(field(t7, "AC_OUT_V"), "23010");  // 8-character label, the maximum
    EXPECT_EQ(field(t7, "FW"), "0129");
    const OwnedFields t8 = decodeAll(kT8).blocks.at(0);
    EXPECT_EQ(field(t8, "FWE"), "112FF");
    EXPECT_EQ(field(t8, "DC_IN_P"), "174");
}

TEST(StreamDecoderVectors, BmvSendsTwoBlocksEachWithItsOwnChecksum) {  // T5a + T5b, §2.1
    DecoderCounters c;
    const Recorder r = decodeAll(kT5a + kT5b, &c);
    ASSERT_EQ(r.blocks.size(), 2u);
    EXPECT_EQ(c.textBlocks, 2u);
    EXPECT_EQ(field(r.blocks[0], "I"), "-3250");
    EXPECT_EQ(field(r.blocks[0], "CE"), "-18500");
    EXPECT_EQ(field(r.blocks[0], "BMV"), "712 Smart");
    EXPECT_EQ(field(r.blocks[0], "FW"), "0413");
    EXPECT_EQ(field(r.blocks[1], "H1"), "-102345");
    EXPECT_EQ(field(r.blocks[1], "H6"), "-1921770");
    EXPECT_EQ(field(r.blocks[1], "H18"), "5153");
}

TEST(StreamDecoderVectors, T6SmartShunt) {
    const OwnedFields f = decodeAll(kT6).blocks.at(0);
    EXPECT_EQ(field(f, "TTG"), "-1");
    EXPECT_EQ(field(f, "T"), "23");
    EXPECT_EQ(field(f, "BMV"), "SmartShunt 500A/50mV");
}

std::string withChecksum(const std::string& v, const std::string& ppv, char checksum) {
    std::string block = kT4;
    block.replace(block.find("\nV\t13480"), 8, "\nV\t" + v);
    block.replace(block.find("\nPPV\t87"), 7, "\nPPV\t" + ppv);
    block.back() = checksum;
    return block;
}

TEST(StreamDecoderVectors, T9ChecksumByteIsTakenVerbatim) {
    for (const std::string& block :
         {withChecksum("13419", "0", ':'), withChecksum("13409", "10", '\n'),
          withChecksum("13406", "10", '\r')}) {
        ASSERT_EQ(byteSum(block) % 256, 0u);
        // Followed by another block and an async frame: none of them may be disturbed.
        DecoderCounters c;
        const Recorder r = decodeAll(block + kT1 + ":A0102000345\n" + block, &c);
        ASSERT_EQ(r.blocks.size(), 3u) << block.back();
        EXPECT_EQ(field(r.blocks[0], "PPV"), field(r.blocks[2], "PPV"));
        EXPECT_EQ(r.blocks[1], splitBlock(kT1));
        EXPECT_EQ(r.frames.size(), 1u);
        EXPECT_EQ(c.rejectedTotal(), 0u) << block.back();
    }
}

TEST(StreamDecoderVectors, T10aHexInsideABlock) {
    ASSERT_EQ(byteSum(kT10a) % 256, 24u);  // the HEX bytes must be excluded
    DecoderCounters c;
    const Recorder r = decodeAll(kT10a, &c);
    ASSERT_EQ(r.frames.size(), 1u);
    ASSERT_EQ(r.blocks.size(), 1u);
    EXPECT_EQ(r.blocks[0], decodeAll(kT4).blocks.at(0));
    const auto v = parseVregFrame(r.frames[0]);
    ASSERT_TRUE(v);
    EXPECT_EQ(v->id, VregId(0xEDD5));
    EXPECT_EQ(readLe16(v->value.data()), 1348);
    EXPECT_EQ(r.events.front(), "hex :AD5ED00440540\n");  // delivered when it arrives
    EXPECT_EQ(c.hexFrames, 1u);
    EXPECT_EQ(c.rejectedTotal(), 0u);
}

TEST(StreamDecoderVectors, T10bAsyncRightAfterTheChecksumByte) {
    const Recorder r = decodeAll(kT4 + ":A2001002200000008\n");
    ASSERT_EQ(r.blocks.size(), 1u);
    ASSERT_EQ(r.frames.size(), 1u);
    EXPECT_EQ(r.events, (std::vector<std::string>{"text 19", "hex :A2001002200000008\n"}));
    const auto v = parseVregFrame(r.frames[0]);
    EXPECT_EQ(v->id, VregId(0x0120));
    EXPECT_EQ(readLe32(v->value.data()), 34u);
}

TEST(StreamDecoderVectors, T11CorruptedByteRejectsTheWholeBlock) {
    std::string t11 = kT4;
    t11.replace(t11.find("V\t13480"), 7, "V\t13481");
    ASSERT_EQ(byteSum(t11) % 256, 1u);
    DecoderCounters c;
    const Recorder r = decodeAll(t11, &c);
    EXPECT_TRUE(r.blocks.empty());
    EXPECT_EQ(r.rejects, std::vector<RejectReason>{RejectReason::TextChecksum});
    EXPECT_EQ(c.count(RejectReason::TextChecksum), 1u);
    EXPECT_EQ(c.textBlocks, 0u);
    // The next good block is unaffected.
    EXPECT_EQ(decodeAll(t11 + kT4).blocks.size(), 1u);
}

TEST(StreamDecoderVectors, HexFramesBetweenBlocksAndGetResponses) {
    const std::string stream =
        kT2 + ":A2720007837000055\n" + ":7F0ED009600DB\n" + kT3 + ":77777015F\n" + ":4AAAAFD\n";
    DecoderCounters c;
    const Recorder r = decodeAll(stream, &c);
    EXPECT_EQ(r.events, (std::vector<std::string>{"text 19", "hex :A2720007837000055\n",
                                                  "hex :7F0ED009600DB\n", "text 18",
                                                  "hex :77777015F\n", "hex :4AAAAFD\n"}));
    EXPECT_EQ(c.hexFrames, 4u);
    EXPECT_EQ(c.textBlocks, 2u);
    EXPECT_EQ(c.bytes, stream.size());
}

}  // namespace
}  // namespace vreglink::vedirect
