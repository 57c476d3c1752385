// StreamDecoder robustness: §2.4 decoder edge cases, limits, malformed input, reset(), noise,
// chunking independence and exact counters (vedirect.md §2.2–2.3, vectors §2.4).
#include "vedirect/stream_decoder.h"

#include "test_support.h"

#include <gtest/gtest.h>

#include <random>

namespace vreglink::vedirect {
namespace {

using namespace testing;
using R = RejectReason;

struct Decoded {
    Recorder r;
    DecoderCounters c;
};

Decoded decode(std::string_view stream) {
    Decoded run;
    StreamDecoder d(run.r);
    d.feed(asBytes(stream));
    run.c = d.counters();
    return run;
}

const std::string kAsync = ":AD5ED00AF0AD0\n";  // H36

TEST(StreamEdgeCases, LowerCaseHexAccepted) {
    const Decoded run = decode(":7f0ed009600db\n");
    ASSERT_EQ(run.r.frames.size(), 1u);
    EXPECT_EQ(encodeHexFrame(run.r.frames[0]), ":7F0ED009600DB\n");
}

TEST(StreamEdgeCases, OddDigitsRejected) {
    const Decoded run = decode(":7F0ED009600D\n" + kAsync);
    EXPECT_EQ(run.r.rejects, std::vector<R>{R::HexOddDigits});
    EXPECT_EQ(run.r.frames.size(), 1u);
}

TEST(StreamEdgeCases, BadChecksumAndEmptyFrame) {
    const Decoded run = decode(":7F0ED0070\n:\n" + kAsync);
    EXPECT_EQ(run.r.rejects, (std::vector<R>{R::HexChecksum, R::HexEmpty}));
    EXPECT_EQ(run.r.frames.size(), 1u);
}

TEST(StreamEdgeCases, CrLfTerminatorTolerated) {
    const Decoded run = decode(":7F0ED009600DB\r\n" + kT4);
    EXPECT_EQ(run.r.frames.size(), 1u);
    EXPECT_EQ(run.r.blocks.size(), 1u);
    EXPECT_EQ(run.c.rejectedTotal(), 0u);
}

TEST(StreamEdgeCases, TooLongWithoutLfResyncsOnColon) {
    const std::string longFrame = ":7" + std::string(200, 'A');
    Decoded run = decode(longFrame + kAsync);
    EXPECT_EQ(run.r.rejects, std::vector<R>{R::HexTooLong});
    EXPECT_EQ(run.r.frames.size(), 1u);
    // ... or on '\n', which restores the TEXT state: a block around it still verifies.
    std::string block = kT4;
    block.insert(block.find("\r\nVPV"), longFrame + "\n");
    run = decode(block);
    EXPECT_EQ(run.r.rejects, std::vector<R>{R::HexTooLong});
    EXPECT_EQ(run.r.blocks.size(), 1u);
}

TEST(StreamEdgeCases, ExactlyMaxDigitsIsAccepted) {
    const std::vector<std::uint8_t> payload(kMaxHexPayload, 0x5A);
    const std::string wire = encodeHexFrame(HexFrame(0x7, payload));
    const Decoded run = decode(wire);
    EXPECT_EQ(run.r.frames.size(), 1u);
    EXPECT_EQ(run.c.rejectedTotal(), 0u);
}

TEST(StreamEdgeCases, SecondColonBeforeLfStartsANewFrame) {  // OpenDTU #1585/#1810
    const Decoded run = decode(":A2720007837" + kAsync);
    EXPECT_EQ(run.r.rejects, std::vector<R>{R::HexInterrupted});
    ASSERT_EQ(run.r.frames.size(), 1u);
    EXPECT_EQ(encodeHexFrame(run.r.frames[0]), kAsync);
    // Also right after a stray '\r'.
    EXPECT_EQ(decode(":A27\r" + kAsync).r.events,
              (std::vector<std::string>{"reject hex_interrupted", "hex " + kAsync}));
}

TEST(StreamEdgeCases, FeInsteadOfLfThenABlock) {  // OpenDTU #1585
    const Decoded run = decode(":ABBED00C52AB4\xFE" + kT2);
    EXPECT_EQ(run.r.rejects, std::vector<R>{R::HexInvalidDigit});
    EXPECT_TRUE(run.r.frames.empty());
    ASSERT_EQ(run.r.blocks.size(), 1u);
    // Inside a block the broken frame is dropped and the block still verifies.
    std::string block = kT4;
    block.insert(block.find("\r\nVPV"), ":ABBED00C52AB4\xFE");
    EXPECT_EQ(decode(block).r.blocks.size(), 1u);
}

TEST(StreamEdgeCases, BrokenCrTerminatorHandsCrBackToText) {
    // "\r" not followed by "\n": the '\r' may start the next block's "\r\n".
    const Decoded run = decode(":ABBED00C52AB4\r" + kT3);
    EXPECT_EQ(run.r.rejects, std::vector<R>{R::HexInvalidDigit});
    EXPECT_EQ(run.r.blocks.size(), 1u);
}

TEST(StreamEdgeCases, HexMidLabelAndMidValue) {
    std::string block = kT4;
    block.insert(block.find("SDS\t57"), kAsync);  // inside the label "HSDS"
    block.insert(block.find("480\r\n"), kAsync);  // inside the value "13480"
    block.insert(block.find("\nIL\t"), kAsync);   // between '\r' and '\n'
    const Decoded run = decode(block);
    EXPECT_EQ(run.r.frames.size(), 3u);
    ASSERT_EQ(run.r.blocks.size(), 1u);
    EXPECT_EQ(run.r.blocks[0], decode(kT4).r.blocks.at(0));
}

TEST(StreamEdgeCases, ColonAsChecksumIsNotAHexStart) {
    // T9 ':' variant: T4 with V=13419, PPV=0. The bytes after it look like a HEX frame body.
    std::string block = kT4;
    block.replace(block.find("\nV\t13480"), 8, "\nV\t13419");
    block.replace(block.find("\nPPV\t87"), 7, "\nPPV\t0");
    block.back() = ':';
    const Decoded run = decode(block + "A0102000345\n");
    EXPECT_EQ(run.r.blocks.size(), 1u);
    EXPECT_TRUE(run.r.frames.empty());
}

TEST(StreamLimits, LabelValueAndFieldCount) {
    // Exactly at the limits: delivered.
    OwnedFields ok;
    for (std::size_t i = 0; i < kMaxFieldsPerBlock; ++i) {
        ok.emplace_back("L" + std::to_string(100000 + i), std::string(kMaxValueLength, 'v'));
    }
    ASSERT_EQ(ok[0].first.size(), kMaxLabelLength - 1);
    ok[0].first += "x";
    Decoded run = decode(encodeTextBlock(ok));
    ASSERT_EQ(run.r.blocks.size(), 1u);
    EXPECT_EQ(run.r.blocks[0], ok);

    OwnedFields bad = ok;
    bad.emplace_back("X", "1");
    // After a rejection the decoder is idle; the rest of the bad block ("\r\nChecksum\t" and
    // its byte) is a field-less block and is counted as malformed.
    run = decode(encodeTextBlock(bad) + kT1);
    EXPECT_EQ(run.r.rejects, (std::vector<R>{R::TextTooManyFields, R::TextMalformed}));
    EXPECT_EQ(run.r.blocks.size(), 1u);  // T1 after it is fine

    run = decode(encodeTextBlock({{"LABELLONG", "1"}}) + kT1);
    EXPECT_EQ(run.r.rejects, (std::vector<R>{R::TextLabelTooLong, R::TextMalformed}));
    EXPECT_EQ(run.r.blocks.size(), 1u);

    run = decode(encodeTextBlock({{"V", std::string(kMaxValueLength + 1, '1')}}) + kT1);
    EXPECT_EQ(run.r.rejects, (std::vector<R>{R::TextValueTooLong, R::TextMalformed}));
    EXPECT_EQ(run.r.blocks.size(), 1u);
}

TEST(StreamLimits, MalformedDelimiters) {
    struct Case {
        std::string bytes;
        R reason;
    };
    const Case cases[] = {
        {"\r\nPID\rx", R::TextMalformed},          // CR in a label
        {"\r\nPI\nD\t1", R::TextMalformed},        // LF in a label
        {"\r\n\tvalue", R::TextMalformed},         // empty label
        {"\r\nV\t12\t3", R::TextMalformed},        // TAB in a value
        {"\r\nV\t12\n", R::TextMalformed},         // bare LF after a value
        {"\r\nV\t12\rx", R::TextMalformed},        // CR not followed by LF
        {"\r\nChecksum\t\xE5", R::TextMalformed},  // a block without fields
    };
    for (const Case& c : cases) {
        const Decoded run = decode(c.bytes + kT4);
        EXPECT_EQ(run.r.rejects, std::vector<R>{c.reason}) << ::testing::PrintToString(c.bytes);
        EXPECT_EQ(run.r.blocks.size(), 1u) << ::testing::PrintToString(c.bytes);
    }
    // A CR inside a value's "\r\n" position starts the next block at once.
    const Decoded run = decode("\r\nV\t12\r" + kT4);
    EXPECT_EQ(run.r.rejects, std::vector<R>{R::TextMalformed});
    EXPECT_EQ(run.r.blocks.size(), 1u);
}

TEST(StreamLimits, NotAvailableValuesAreDeliveredAsReceived) {
    const OwnedFields fields = {{"PID", "0xA381"}, {"T", "---"}, {"H9", "---"}, {"BMV", ""}};
    const Decoded run = decode(encodeTextBlock(fields));
    ASSERT_EQ(run.r.blocks.size(), 1u);
    EXPECT_EQ(run.r.blocks[0], fields);
}

TEST(StreamReset, CountsTruncatedBlockAndFrame) {
    Recorder r;
    StreamDecoder d(r);
    d.feed(asBytes(kT4.substr(0, 50)));
    d.reset();
    EXPECT_EQ(d.counters().count(R::TextTruncated), 1u);
    d.feed(asBytes(":A2720007"));
    d.reset();
    EXPECT_EQ(d.counters().count(R::HexTruncated), 1u);
    d.feed(asBytes(kT4.substr(0, 60) + ":A27"));  // HEX inside a block: both are abandoned
    d.reset();
    EXPECT_EQ(d.counters().count(R::TextTruncated), 2u);
    EXPECT_EQ(d.counters().count(R::HexTruncated), 2u);
    d.reset();  // idle: nothing to count
    // The rest of an abandoned block starts at one of its fields' "\r\n": not a valid block.
    d.feed(asBytes(kT4.substr(100)));
    d.feed(asBytes(kT4));
    EXPECT_EQ(r.blocks.size(), 1u);
    EXPECT_EQ(d.counters().count(R::TextChecksum), 1u);
    EXPECT_EQ(d.counters().rejectedTotal(), 5u);
}

TEST(StreamNoise, NoiseBetweenBlocksDoesNotSpoilTheNextBlock) {
    const std::string noise = std::string("\x01\xFF garbage\t\n\x7F\x80") + "\r" + "zz";
    const Decoded run = decode(noise + kT1 + noise + kT5a + kT5b + noise + kT2);
    EXPECT_EQ(run.r.blocks.size(), 4u);
    EXPECT_EQ(run.c.rejectedTotal(), 0u);
}

// A realistic mixed stream with every kind of event.
std::string mixedStream() {
    std::string block = kT4;
    block.insert(block.find("\r\nVPV"), kAsync);
    std::string s;
    s += "junk" + kT1 + kAsync + ":7F0ED009600DB\n" + kT5a + kT5b + block;
    s += ":7F0ED0070\n" + kT4 + ":A2001002200000008\n" + ":A27" + kAsync;
    std::string t11 = kT4;
    t11[40] ^= 1;
    s += t11 + ":ABBED00C52AB4\xFE" + kT3 + ":7" + std::string(150, '0') + "\n" + kT6 + kT7 + kT8;
    return s;
}

TEST(StreamChunking, ByteByByteAndRandomChunksGiveIdenticalResults) {
    const std::string stream = mixedStream();
    const Decoded whole = decode(stream);
    EXPECT_EQ(whole.c.textBlocks, 9u);
    EXPECT_EQ(whole.c.hexFrames, 5u);

    Recorder bytewise;
    StreamDecoder d1(bytewise);
    for (const char ch : stream) d1.feed(asBytes(std::string_view(&ch, 1)));
    EXPECT_EQ(bytewise.events, whole.r.events);
    EXPECT_EQ(d1.counters().rejected, whole.c.rejected);

    std::mt19937 rng(12345);
    for (int round = 0; round < 50; ++round) {
        Recorder chunked;
        StreamDecoder d2(chunked);
        std::size_t pos = 0;
        while (pos < stream.size()) {
            const std::size_t n = std::min<std::size_t>(rng() % 40, stream.size() - pos);
            d2.feed(asBytes(std::string_view(stream).substr(pos, n)));
            pos += n;
        }
        ASSERT_EQ(chunked.events, whole.r.events) << "round " << round;
        EXPECT_EQ(d2.counters().bytes, stream.size());
    }
}

TEST(StreamCounters, ExactCountsAndTheyMatchCallbacks) {
    const Decoded run = decode(mixedStream());
    const DecoderCounters& c = run.c;
    EXPECT_EQ(c.bytes, mixedStream().size());
    EXPECT_EQ(c.textBlocks, run.r.blocks.size());
    EXPECT_EQ(c.hexFrames, run.r.frames.size());
    EXPECT_EQ(c.count(R::HexChecksum), 1u);
    EXPECT_EQ(c.count(R::HexInterrupted), 1u);
    EXPECT_EQ(c.count(R::TextChecksum), 1u);
    EXPECT_EQ(c.count(R::HexInvalidDigit), 1u);
    EXPECT_EQ(c.count(R::HexTooLong), 1u);
    EXPECT_EQ(c.rejectedTotal(), 5u);
    EXPECT_EQ(c.rejectedTotal(), run.r.rejects.size());
}

TEST(StreamRoundTrip, EncodeThenDecode) {
    const OwnedFields fields = {{"PID", "0xA389"},
                                {"V", "26690"},
                                {"I", "-1718"},
                                {"BMV", "SmartShunt 500A/50mV"},
                                {"MON", "0"}};
    std::string stream;
    for (int i = 0; i < 5; ++i) appendTextBlock(stream, fields);
    const Decoded run = decode(stream);
    ASSERT_EQ(run.r.blocks.size(), 5u);
    for (const OwnedFields& b : run.r.blocks) EXPECT_EQ(b, fields);
}

TEST(StreamNames, RejectReasonNamesAreStable) {
    EXPECT_STREQ(rejectReasonName(R::TextChecksum), "text_checksum");
    EXPECT_STREQ(rejectReasonName(R::HexInterrupted), "hex_interrupted");
    EXPECT_STREQ(rejectReasonName(R::HexTruncated), "hex_truncated");
    for (std::size_t i = 0; i < kRejectReasonCount; ++i) {
        EXPECT_STRNE(rejectReasonName(static_cast<R>(i)), "unknown");
    }
}

}  // namespace
}  // namespace vreglink::vedirect
