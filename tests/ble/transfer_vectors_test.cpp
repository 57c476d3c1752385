// The multi-chunk device->host transfers of ble-gatt.md §6.2 (T1-T9), the history records of
// §6.4 and the reinterpreted VVV fixtures of §6.6 — through TransferAssembler where they are
// chunk sequences, through decodeTransfer where they are byte strings. The unit of parsing is
// the transfer (§5.4): chunks are not parsed on their own.
#include "ble/message_encoder.h"
#include "ble/transfer_assembler.h"
#include "ble/transfer_decoder.h"

#include "test_support.h"

#include <gtest/gtest.h>

#include <utility>

namespace vreglink::ble {
namespace {

using namespace testing;

using Chunks = std::vector<std::pair<ChunkKind, Bytes>>;
constexpr ChunkKind kMore = ChunkKind::More;
constexpr ChunkKind kLast = ChunkKind::Last;

// Feeds the chunks 30 ms apart (one connection event each), as notifications arrive.
Recorder assemble(const Chunks& chunks) {
    Recorder r;
    TransferAssembler assembler(r);
    Clock::time_point now{};
    for (const auto& [kind, bytes] : chunks) {
        assembler.feed(kind, bytes, now);
        now += milliseconds(30);
    }
    EXPECT_FALSE(assembler.hasPartialTransfer());
    EXPECT_EQ(assembler.counters().droppedTotal(), 0u);
    return r;
}

const Value& valueAt(const std::vector<Message>& messages, std::size_t i) {
    static const Value none{};
    EXPECT_LT(i, messages.size());
    if (i >= messages.size()) return none;
    const Value* v = std::get_if<Value>(&messages[i]);
    EXPECT_NE(v, nullptr) << formatMessage(messages[i]);
    return v != nullptr ? *v : none;
}

const Bytes kT1More = hex("08 00 19 EC 31 58 21 01 AF 77 D6 97 89 A3 00 04 04 00 00 7F");
const Bytes kT1Last = hex("FF FF FF FF 4E C5 82 99 56 A0 00 54 01 00 00 D6 FF FF FF FF");

TEST(BleTransferVectors, T1InRangeDeviceListTrailingFfIsData) {
    const Recorder r = assemble({{kMore, kT1More}, {kLast, kT1Last}});
    EXPECT_EQ(r.transfers, 1);
    EXPECT_TRUE(r.errors.empty());
    EXPECT_EQ(r.padding, 0u);  // all trailing FF are data, not padding (§0 finding 4)
    ASSERT_EQ(r.messages.size(), 1u);
    const Value& v = valueAt(r.messages, 0);
    EXPECT_EQ(v.instance, Instance(0));
    EXPECT_EQ(v.vreg, VregId(0xEC31));
    ASSERT_EQ(v.payload.size(), 33u);
    const Bytes& p = v.payload;
    EXPECT_EQ(le(p, 0, 1), 1u);  // version
    // device 1: the SmartShunt itself
    EXPECT_EQ(le(p, 1, 4), 0x97D677AFu);
    EXPECT_EQ(le(p, 5, 2), 0xA389u);
    EXPECT_EQ(le(p, 7, 1), 0u);
    EXPECT_EQ(le(p, 8, 4), 0x0404u);
    EXPECT_EQ(le(p, 12, 1), 0x7Fu);  // RSSI N/A: local node
    EXPECT_EQ(le(p, 13, 4), 0xFFFFFFFFu);
    // device 2: a SmartSolar MPPT 100/30
    EXPECT_EQ(le(p, 17, 4), 0x9982C54Eu);
    EXPECT_EQ(le(p, 21, 2), 0xA056u);
    EXPECT_EQ(le(p, 23, 1), 0u);
    EXPECT_EQ(le(p, 24, 4), 0x0154u);
    EXPECT_EQ(static_cast<std::int8_t>(le(p, 28, 1)), -42);
    EXPECT_EQ(le(p, 29, 4), 0xFFFFFFFFu);
}

TEST(BleTransferVectors, T1ChunksAreNotMessagesOnTheirOwn) {
    // What per-notification parsers did (§5.4): the LAST chunk alone is garbage, not padding.
    const DecodedTransfer last = decodeTransfer(kT1Last);
    EXPECT_TRUE(last.messages.empty());
    ASSERT_TRUE(last.error.has_value());
    EXPECT_EQ(last.error->reason, DecodeError::Malformed);  // a break with nothing to close
    EXPECT_EQ(last.paddingBytes, 0u);
    const DecodedTransfer more = decodeTransfer(kT1More);
    EXPECT_TRUE(more.messages.empty());
    ASSERT_TRUE(more.error.has_value());
    EXPECT_EQ(more.error->reason, DecodeError::Incomplete);
}

TEST(BleTransferVectors, T2ThreeValuesAndAnErrorAcrossTwoChunks) {
    const Recorder r =
        assemble({{kMore, hex("08 01 19 01 00 44 00 00 FE FE 08 01 19 01 00 44 00 00 FE FE")},
                  {kLast, hex("08 01 19 01 00 44 00 00 FE FE 09 01 19 EC 0E 01")}});
    const Message product = Value{Instance(1), VregId(0x0100), hex("00 00 FE FE")};
    EXPECT_EQ(r.messages, (std::vector<Message>{product, product, product,
                                                VregError{Instance(1), VregId(0xEC0E), 1}}));
}

TEST(BleTransferVectors, T3PartialChunkIsHeldUntilLast) {
    const Bytes more = hex("08 03 19 ED 8F 42 F8 FF 08 03 19 ED 8C 44 4E FC FF FF 08 03");
    Recorder r;
    TransferAssembler assembler(r);
    assembler.feed(kMore, more, Clock::time_point{});
    EXPECT_EQ(r.transfers, 0);  // nothing is delivered from MORE data (§5.1 step 4)
    EXPECT_TRUE(r.messages.empty());
    EXPECT_TRUE(assembler.hasPartialTransfer());

    // The next chunk was not captured: complete the third message with a plausible one.
    assembler.feed(kLast, hex("19 ED 8D 42 2F 05"), Clock::time_point{} + milliseconds(30));
    ASSERT_EQ(r.messages.size(), 3u);
    EXPECT_EQ(sn16(valueAt(r.messages, 0).payload), -8);  // -0.8 A
    EXPECT_EQ(valueAt(r.messages, 1).vreg, VregId(0xED8C));
    EXPECT_EQ(sn32(valueAt(r.messages, 1).payload), -946);  // -0.946 A
    EXPECT_EQ(valueAt(r.messages, 2).vreg, VregId(0xED8D));
    EXPECT_EQ(sn16(valueAt(r.messages, 2).payload), 1327);

    // Decoded alone, the chunk has two messages and an incomplete third.
    const DecodedTransfer t = decodeTransfer(more);
    EXPECT_EQ(t.messages.size(), 2u);
    ASSERT_TRUE(t.error.has_value());
    EXPECT_EQ(t.error->reason, DecodeError::Incomplete);
    EXPECT_EQ(t.error->messageOffset, 18u);
}

TEST(BleTransferVectors, T4PartialChunk) {
    const Bytes more = hex("08 03 19 03 08 44 C5 32 00 00 08 03 19 ED 8F 42 F7 FF 08 03");
    const DecodedTransfer t = decodeTransfer(more);
    ASSERT_EQ(t.messages.size(), 2u);
    EXPECT_EQ(sn32(valueAt(t.messages, 0).payload), 12997);
    EXPECT_EQ(sn16(valueAt(t.messages, 1).payload), -9);
    ASSERT_TRUE(t.error.has_value());
    EXPECT_EQ(t.error->reason, DecodeError::Incomplete);

    const Recorder r = assemble({{kMore, more}, {kLast, hex("19 ED 8F 42 F8 FF")}});
    ASSERT_EQ(r.messages.size(), 3u);
    EXPECT_EQ(sn16(valueAt(r.messages, 2).payload), -8);
}

TEST(BleTransferVectors, T5HistoryDayRecordOverThreeChunks) {
    const Recorder r =
        assemble({{kMore, hex("08 03 19 10 51 58 22 00 01 00 00 00 00 00 00 00 B5 05 D0 04")},
                  {kMore, hex("00 00 00 00 00 28 00 01 00 E9 01 02 00 00 00 01 00 86 08 35")},
                  {kLast, hex("00")}});  // the byte missing from the fixture (§6.2 T5)
    ASSERT_EQ(r.messages.size(), 1u);
    const Value& v = valueAt(r.messages, 0);
    EXPECT_EQ(v.instance, Instance(3));
    EXPECT_EQ(v.vreg, VregId(0x1051));  // the register gives the day: yesterday
    ASSERT_EQ(v.payload.size(), 34u);
    const Bytes& p = v.payload;     // layout §7.6
    EXPECT_EQ(le(p, 0, 1), 0u);     // version
    EXPECT_EQ(le(p, 1, 4), 1u);     // yield 0.01 kWh
    EXPECT_EQ(le(p, 5, 4), 0u);     // consumed
    EXPECT_EQ(le(p, 9, 2), 1461u);  // Vbat max 14.61 V
    EXPECT_EQ(le(p, 11, 2), 1232u);
    EXPECT_EQ(le(p, 13, 1), 0u);     // error database
    EXPECT_EQ(le(p, 14, 4), 0u);     // errors 0/0/0/0
    EXPECT_EQ(le(p, 18, 2), 40u);    // bulk min (VVV's "Total Work 0.40 kWh")
    EXPECT_EQ(le(p, 20, 2), 1u);     // absorption
    EXPECT_EQ(le(p, 22, 2), 489u);   // float
    EXPECT_EQ(le(p, 24, 4), 2u);     // max PV power W
    EXPECT_EQ(le(p, 28, 2), 1u);     // max battery current 0.1 A
    EXPECT_EQ(le(p, 30, 2), 2182u);  // max PV voltage 21.82 V
    EXPECT_EQ(le(p, 32, 1), 53u);    // day sequence, low byte
}

TEST(BleTransferVectors, T6StartsMidMessage) {
    const Bytes t6 = hex("ED 8E 42 AA FF 08 03 19 0F FE 42 B1 06 08 00 19 EC 30 41 02");
    const DecodedTransfer alone = decodeTransfer(t6);
    EXPECT_TRUE(alone.messages.empty());
    ASSERT_TRUE(alone.error.has_value());
    EXPECT_EQ(alone.error->reason, DecodeError::NotAnOpcode);  // `ED` is a simple value
    EXPECT_EQ(alone.error->messageOffset, 0u);

    // With the head it lost (`08 03 19`), it is the tail of a whole transfer.
    const DecodedTransfer whole = decodeTransfer(concat({hex("08 03 19"), t6}));
    EXPECT_FALSE(whole.error.has_value());
    ASSERT_EQ(whole.messages.size(), 3u);
    EXPECT_EQ(valueAt(whole.messages, 0).vreg, VregId(0xED8E));
    EXPECT_EQ(sn16(valueAt(whole.messages, 0).payload), -86);
    EXPECT_EQ(le(valueAt(whole.messages, 1).payload, 0, 2), 1713u);
    EXPECT_EQ(whole.messages[2], Message(Value{Instance(0), VregId(0xEC30), hex("02")}));
}

TEST(BleTransferVectors, T7LeadingFfIsATailNotPadding) {
    const Bytes t7 = hex("FF 08 03 19 ED 8C 44 F9 E6 FF FF");
    const DecodedTransfer alone = decodeTransfer(t7);
    EXPECT_TRUE(alone.messages.empty());
    EXPECT_EQ(alone.paddingBytes, 0u);  // only an all-FF rest is padding
    ASSERT_TRUE(alone.error.has_value());
    EXPECT_EQ(alone.error->reason, DecodeError::Malformed);

    const DecodedTransfer whole = decodeTransfer(concat({hex("08 03 19 ED 8E 42 AA"), t7}));
    EXPECT_FALSE(whole.error.has_value());
    ASSERT_EQ(whole.messages.size(), 2u);
    EXPECT_EQ(sn16(valueAt(whole.messages, 0).payload), -86);
    EXPECT_EQ(sn32(valueAt(whole.messages, 1).payload), -6407);  // -6.407 A
}

TEST(BleTransferVectors, T8TailOfAnInRangeListThenAPartialMessage) {
    const Bytes t8 = hex("C5 82 99 56 A0 00 54 01 00 00 D1 FF FF FF FF 08 03 19 03 08");
    const DecodedTransfer alone = decodeTransfer(t8);
    EXPECT_TRUE(alone.messages.empty());
    ASSERT_TRUE(alone.error.has_value());
    EXPECT_EQ(alone.error->reason, DecodeError::NotAnOpcode);  // `C5` is a tag

    // Its head is T1's up to the second device's first address byte; its end is a 0x0308 value.
    const Recorder r = assemble({{kMore, kT1More},
                                 {kMore, hex("FF FF FF FF 4E")},
                                 {kMore, t8},
                                 {kLast, hex("44 C5 32 00 00")}});
    ASSERT_EQ(r.messages.size(), 2u);
    const Bytes& list = valueAt(r.messages, 0).payload;
    ASSERT_EQ(list.size(), 33u);
    EXPECT_EQ(le(list, 21, 2), 0xA056u);
    EXPECT_EQ(le(list, 24, 4), 0x154u);
    EXPECT_EQ(static_cast<std::int8_t>(le(list, 28, 1)), -47);
    EXPECT_EQ(le(list, 29, 4), 0xFFFFFFFFu);
    EXPECT_EQ(valueAt(r.messages, 1).vreg, VregId(0x0308));
    EXPECT_EQ(sn32(valueAt(r.messages, 1).payload), 12997);
}

TEST(BleTransferVectors, T9RepeatedPhoenixPushes) {
    const Recorder r =
        assemble({{kMore, hex("08 03 19 22 00 42 D9 59 08 03 19 22 00 42 DA 59 08 03 19 22")},
                  {kLast, hex("00 42 DF 59")}});
    ASSERT_EQ(r.messages.size(), 3u);
    EXPECT_EQ(le(valueAt(r.messages, 0).payload, 0, 2), 23001u);  // 230.01 V
    EXPECT_EQ(le(valueAt(r.messages, 1).payload, 0, 2), 23002u);
    EXPECT_EQ(le(valueAt(r.messages, 2).payload, 0, 2), 23007u);
    for (const Message& m : r.messages) EXPECT_EQ(std::get<Value>(m).vreg, VregId(0x2200));
}

// §6.4: payloads after the `58 22` header, wrapped in the Value message that carries them.
struct HistoryVector {
    std::uint16_t vreg;
    const char* payload;
};
const HistoryVector kHistory[] = {
    {0x104F,
     "01 00 00000000 00000000 00000000 D206 9F05 02 0000 "
     "FFFFFFFFFFFFFFFFFFFFFFFFFF"},
    {0x1050, "00 00000000 01000000 9F05 6800 00 00000000 0000 0100 2D02 00000000 0000 BD06 0200"},
    {0x1051, "00 00000000 00000000 9F05 0000 00 00000000 0000 0300 0001 07000000 0A00 BD06 0100"},
    {0x1052, "00 00000000 00000000 9F05 0000 00 00000000 0000 0300 0201 02000000 0300 D206 0000"},
};

Bytes historyWire(const HistoryVector& h) {
    return concat({hex("08 03 19"),
                   {static_cast<std::uint8_t>(h.vreg >> 8), static_cast<std::uint8_t>(h.vreg)},
                   hex("58 22"),
                   hex(h.payload)});
}

TEST(BleHistoryVectors, RecordsDecodeAsThirtyFourByteValues) {
    for (const HistoryVector& h : kHistory) {
        SCOPED_TRACE(formatVregId(VregId(h.vreg)));
        const Bytes wire = historyWire(h);
        const DecodedTransfer t = decodeTransfer(wire);
        EXPECT_FALSE(t.error.has_value());
        ASSERT_EQ(t.messages.size(), 1u);
        const Value& v = valueAt(t.messages, 0);
        EXPECT_EQ(v.instance, Instance(3));
        EXPECT_EQ(v.vreg, VregId(h.vreg));
        EXPECT_EQ(v.payload.size(), 34u);
        EXPECT_EQ(v.payload, hex(h.payload));
        EXPECT_EQ(encodeMessage(t.messages[0]), wire);  // `58 22`: the shortest head
    }
}

TEST(BleHistoryVectors, TotalRecordFields) {
    const Bytes p = hex(kHistory[0].payload);  // 0x104F, layout §7.6, version 1
    EXPECT_EQ(le(p, 0, 1), 1u);
    EXPECT_EQ(le(p, 1, 1), 0u);
    EXPECT_EQ(le(p, 6, 4), 0u);
    EXPECT_EQ(le(p, 10, 4), 0u);
    EXPECT_EQ(le(p, 14, 2), 1746u);  // max PV Voc 17.46 V
    EXPECT_EQ(le(p, 16, 2), 1439u);  // max battery 14.39 V
    EXPECT_EQ(le(p, 18, 1), 2u);     // days available
    EXPECT_EQ(le(p, 19, 2), 0u);
    for (std::size_t i = 21; i < 34; ++i) EXPECT_EQ(p[i], 0xFF) << i;
}

TEST(BleHistoryVectors, DayRecordFields) {
    struct Day {
        std::uint32_t consumed, vmin, absorption, floatMin, pmax, imax, pvmax, seq;
    };
    const Day expected[] = {
        {1, 104, 1, 557, 0, 0, 1725, 2},  // today (Vbat min 1.04 V sic)
        {0, 0, 3, 256, 7, 10, 1725, 1},   // yesterday
        {0, 0, 3, 258, 2, 3, 1746, 0},    // the day before
    };
    for (std::size_t d = 0; d < 3; ++d) {
        SCOPED_TRACE(d);
        const Bytes p = hex(kHistory[d + 1].payload);
        EXPECT_EQ(le(p, 1, 4), 0u);  // yield
        EXPECT_EQ(le(p, 5, 4), expected[d].consumed);
        EXPECT_EQ(le(p, 9, 2), 1439u);  // Vbat max 14.39 V
        EXPECT_EQ(le(p, 11, 2), expected[d].vmin);
        EXPECT_EQ(le(p, 18, 2), 0u);  // bulk
        EXPECT_EQ(le(p, 20, 2), expected[d].absorption);
        EXPECT_EQ(le(p, 22, 2), expected[d].floatMin);
        EXPECT_EQ(le(p, 24, 4), expected[d].pmax);
        EXPECT_EQ(le(p, 28, 2), expected[d].imax);
        EXPECT_EQ(le(p, 30, 2), expected[d].pvmax);
        EXPECT_EQ(le(p, 32, 2), expected[d].seq);
    }
}

TEST(BleHistoryVectors, MissingDayIsErrorCodeTwo) {
    const Bytes wire = hex("09 03 19 10 53 02");
    const DecodedTransfer t = decodeTransfer(wire);
    EXPECT_EQ(
        t.messages,
        (std::vector<Message>{VregError{Instance(3), VregId(0x1053), vregerror::kNotAvailable}}));
}

// §6.6: the VVV "header" fixtures are incomplete prefixes, not values.
TEST(BleVvvFixtures, HeaderFixturesAreIncompleteMessages) {
    for (const char* wire : {"08 03 19 0F", "09 03 19 03", "09 03 19 ED", "08 00 19 ED",
                             "08 00 19 01", "05 03 81 19"}) {
        const Bytes bytes = hex(wire);
        const DecodedTransfer t = decodeTransfer(bytes);
        EXPECT_TRUE(t.messages.empty()) << wire;
        ASSERT_TRUE(t.error.has_value()) << wire;
        EXPECT_EQ(t.error->reason, DecodeError::Incomplete) << wire;
        EXPECT_EQ(t.error->messageOffset, 0u) << wire;
    }
}

TEST(BleVvvFixtures, NegativeFixturesAreValidPrefixes) {
    // `08 00 18 ED`: register 0xED in the 1-byte form; `08 04 19 01`: instance 4.
    for (const char* wire : {"08 00 18 ED", "08 04 19 01"}) {
        const Bytes bytes = hex(wire);
        const DecodedTransfer t = decodeTransfer(bytes);
        ASSERT_TRUE(t.error.has_value()) << wire;
        EXPECT_EQ(t.error->reason, DecodeError::Incomplete) << wire;  // not a type error
    }
    const Bytes a = hex("08 00 18 ED 41 01");
    EXPECT_EQ(decodeTransfer(a).messages,
              (std::vector<Message>{Value{Instance(0), VregId(0x00ED), hex("01")}}));
    const Bytes b = hex("08 04 19 01 00 41 01");
    EXPECT_EQ(decodeTransfer(b).messages,
              (std::vector<Message>{Value{Instance(4), VregId(0x0100), hex("01")}}));
}

TEST(BleVvvFixtures, SubscribePingAndMisalignedWindows) {
    const Bytes ping = hex("03 00");  // "0300": Subscribe(0), also the VVV ping
    EXPECT_EQ(decodeTransfer(ping).messages, (std::vector<Message>{Subscribe{Instance(0), {}}}));
    // `95 93 81 19` is no message start: `95` is an array head.
    const Bytes window = hex("95 93 81 19");
    const DecodedTransfer t = decodeTransfer(window);
    ASSERT_TRUE(t.error.has_value());
    EXPECT_EQ(t.error->reason, DecodeError::NotAnOpcode);
}

}  // namespace
}  // namespace vreglink::ble
