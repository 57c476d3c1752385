// TransferAssembler (ble-gatt.md §5.1, §5.3): the reassembly edge cases of §6.5, the stale
// timeout, the size limit with discard-until-LAST, clear() on disconnect, and exact counters.
#include "ble/transfer_assembler.h"

#include "test_support.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace vreglink::ble {
namespace {

using namespace testing;
using R = DropReason;

constexpr ChunkKind kMore = ChunkKind::More;
constexpr ChunkKind kLast = ChunkKind::Last;
const Clock::time_point t0{};
const Message kSubscribed = CommandStatus{Instance(0), 3, 0};

class TransferAssemblerTest : public ::testing::Test {
  protected:
    void feed(ChunkKind kind, const char* wire, milliseconds at) {
        assembler.feed(kind, hex(wire), t0 + at);
    }

    Recorder r;
    TransferAssembler assembler{r};
};

// §6.5 bullet 1
TEST_F(TransferAssemblerTest, LastAloneWithTwoMessages) {
    feed(kLast, "07 00 03 00 09 00 18 93 01", milliseconds(0));
    EXPECT_EQ(r.transfers, 1);
    EXPECT_EQ(r.messages,
              (std::vector<Message>{kSubscribed, VregError{Instance(0), VregId(0x0093), 1}}));
    EXPECT_TRUE(r.drops.empty());
}

// §6.5 bullet 2
TEST_F(TransferAssemblerTest, SplitInsideTheRegisterId) {
    feed(kMore, "08 03 19 ED", milliseconds(0));
    EXPECT_EQ(r.transfers, 0);
    feed(kLast, "8D 42 2F 05", milliseconds(30));
    EXPECT_EQ(r.messages, (std::vector<Message>{Value{Instance(3), VregId(0xED8D), hex("2F 05")}}));
}

// §6.5 bullet 3, the chosen policy: a partial transfer idle for more than staleAfter (2 s) is
// dropped as stale before the next chunk, LAST included; the LAST then stands alone.
TEST_F(TransferAssemblerTest, StalePartialIsDroppedBeforeALateLast) {
    feed(kMore, "08 03 19 ED 8D 42 2F", milliseconds(0));
    feed(kLast, "07 00 03 00", milliseconds(3000));
    EXPECT_EQ(r.drops, (std::vector<Recorder::Drop>{{R::Stale, hex("08 03 19 ED 8D 42 2F")}}));
    EXPECT_EQ(r.messages, std::vector<Message>{kSubscribed});
    EXPECT_EQ(assembler.counters().count(R::Stale), 1u);
    EXPECT_FALSE(assembler.hasPartialTransfer());
}

// The other half of that policy: within staleAfter the chunks are one transfer. The protocol has
// no length or check to notice the LAST belongs to another transfer (§5.3), so what decodes is
// delivered and the rest dropped — which is why the link must clear() on every reconnect.
TEST_F(TransferAssemblerTest, WithinStaleAfterChunksAreOneTransfer) {
    feed(kMore, "08 03 19 ED 8D 42 2F", milliseconds(0));
    feed(kLast, "07 00 03 00", milliseconds(1000));
    EXPECT_EQ(r.messages, (std::vector<Message>{Value{Instance(3), VregId(0xED8D), hex("2F 07")}}));
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_EQ(r.errors[0].reason, DecodeError::UnknownOpcode);  // the `00` after it
    EXPECT_EQ(r.errors[0].messageOffset, 8u);
    EXPECT_EQ(r.drops, (std::vector<Recorder::Drop>{{R::UnknownOpcode, hex("00 03 00")}}));
}

// §6.5 bullet 4
TEST_F(TransferAssemblerTest, TruncatedLastDeliversNothing) {
    feed(kLast, "08 03 19 ED 8D 42 2F", milliseconds(0));
    EXPECT_EQ(r.transfers, 1);
    EXPECT_TRUE(r.messages.empty());
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_EQ(r.errors[0].reason, DecodeError::Incomplete);
    EXPECT_EQ(r.errors[0].offset, 5u);  // the byte string that runs past the end
    EXPECT_EQ(r.drops, (std::vector<Recorder::Drop>{{R::Incomplete, hex("08 03 19 ED 8D 42 2F")}}));
}

// §6.5 bullet 5
TEST_F(TransferAssemblerTest, UnknownOpcodeDeliversNothing) {
    feed(kLast, "04 00", milliseconds(0));
    EXPECT_TRUE(r.messages.empty());
    EXPECT_EQ(r.dropReasons(), std::vector<R>{R::UnknownOpcode});
    EXPECT_EQ(assembler.counters().count(R::UnknownOpcode), 1u);
}

// §6.5 bullet 6
TEST_F(TransferAssemblerTest, TrailingFfIsPaddingWithAWarningCount) {
    feed(kLast, "08 03 19 ED 8D 42 2F 05 FF FF", milliseconds(0));
    EXPECT_EQ(r.messages, (std::vector<Message>{Value{Instance(3), VregId(0xED8D), hex("2F 05")}}));
    EXPECT_EQ(r.padding, 2u);
    EXPECT_TRUE(r.errors.empty());
    EXPECT_TRUE(r.drops.empty());
    EXPECT_EQ(assembler.counters().paddedTransfers, 1u);
}

TEST_F(TransferAssemblerTest, MessagesBeforeAnErrorAreDelivered) {
    feed(kMore, "07 00 03 00 08 03", milliseconds(0));
    feed(kLast, "18 90 41 01 0C 00", milliseconds(15));
    EXPECT_EQ(r.messages,
              (std::vector<Message>{kSubscribed, Value{Instance(3), VregId(0x0090), hex("01")}}));
    EXPECT_EQ(r.drops, (std::vector<Recorder::Drop>{{R::UnknownOpcode, hex("0C 00")}}));
    // The next transfer starts clean: the LAST was the resync point.
    feed(kLast, "07 00 03 00", milliseconds(30));
    EXPECT_EQ(r.messages.size(), 3u);
    EXPECT_EQ(r.drops.size(), 1u);
}

TEST_F(TransferAssemblerTest, StaleOnMoreStartsANewTransfer) {
    feed(kMore, "08 03 19", milliseconds(0));
    feed(kMore, "08 03 19 ED", milliseconds(5000));
    feed(kLast, "8D 42 2F 05", milliseconds(5030));
    EXPECT_EQ(r.dropReasons(), std::vector<R>{R::Stale});
    EXPECT_EQ(r.messages.size(), 1u);
}

TEST_F(TransferAssemblerTest, StaleAfterIsAStrictBound) {
    feed(kMore, "07 00", milliseconds(0));
    feed(kMore, "03", milliseconds(2000));  // exactly T_stale after: still the same transfer
    feed(kLast, "00", milliseconds(4000));  // 2 s after the previous chunk, not after the first
    EXPECT_EQ(r.messages, std::vector<Message>{kSubscribed});
    EXPECT_TRUE(r.drops.empty());

    feed(kMore, "07 00", milliseconds(5000));
    feed(kLast, "07 00 03 00", milliseconds(7001));  // 1 ms too late
    EXPECT_EQ(r.dropReasons(), std::vector<R>{R::Stale});
    EXPECT_EQ(r.messages.size(), 2u);
}

TEST(TransferAssembler, StaleAfterIsConfigurable) {
    Recorder r;
    TransferAssembler assembler(r, AssemblerConfig{milliseconds(100), 4096});
    EXPECT_EQ(assembler.config().staleAfter, milliseconds(100));
    EXPECT_EQ(AssemblerConfig{}.staleAfter, std::chrono::seconds(2));  // §5.1 default
    EXPECT_EQ(AssemblerConfig{}.maxTransferSize, 4096u);
    assembler.feed(kMore, hex("07 00"), t0);
    assembler.feed(kLast, hex("03 00"), t0 + milliseconds(101));
    EXPECT_EQ(r.dropReasons(), std::vector<R>{R::Stale});
    // `03 00` stands alone: the stale `07 00` is not in front of it.
    EXPECT_EQ(r.messages, (std::vector<Message>{Subscribe{Instance(0), std::nullopt}}));
    EXPECT_TRUE(r.errors.empty());
}

TEST(TransferAssembler, TooLargeDiscardsUntilLast) {
    Recorder r;
    TransferAssembler assembler(r, AssemblerConfig{std::chrono::seconds(2), 32});
    const Bytes twenty(20, 0x00);  // never decoded: the size alone decides
    assembler.feed(kMore, twenty, t0);
    assembler.feed(kMore, twenty, t0 + milliseconds(15));  // 40 > 32
    EXPECT_EQ(r.drops, (std::vector<Recorder::Drop>{{R::TooLarge, twenty}}));
    EXPECT_TRUE(assembler.hasPartialTransfer());
    assembler.feed(kMore, twenty, t0 + milliseconds(30));  // discarded, not counted again
    assembler.feed(kLast, hex("07 00 03 00"), t0 + milliseconds(45));  // its LAST: resync
    EXPECT_EQ(r.transfers, 0);
    EXPECT_FALSE(assembler.hasPartialTransfer());
    assembler.feed(kLast, hex("07 00 03 00"), t0 + milliseconds(60));
    EXPECT_EQ(r.messages, std::vector<Message>{kSubscribed});
    EXPECT_EQ(assembler.counters().count(R::TooLarge), 1u);
    EXPECT_EQ(assembler.counters().droppedTotal(), 1u);
}

TEST(TransferAssembler, TransferOfExactlyTheLimitIsAccepted) {
    Recorder r;
    TransferAssembler assembler(r, AssemblerConfig{std::chrono::seconds(2), 8});
    assembler.feed(kMore, hex("07 00 03 00"), t0);
    assembler.feed(kLast, hex("07 00 03 00"), t0);
    EXPECT_EQ(r.messages.size(), 2u);
    assembler.feed(kMore, hex("07 00 03 00"), t0);
    assembler.feed(kLast, hex("07 00 03 00 01"), t0);  // 9 > 8: dropped, no discard after a LAST
    EXPECT_EQ(r.dropReasons(), std::vector<R>{R::TooLarge});
    EXPECT_FALSE(assembler.hasPartialTransfer());
    assembler.feed(kLast, hex("01"), t0);
    EXPECT_EQ(r.messages.size(), 3u);
    EXPECT_EQ(r.messages.back(), Message(GetDevices{}));
}

TEST(TransferAssembler, DiscardEndsWhenItsLastNeverCame) {
    Recorder r;
    TransferAssembler assembler(r, AssemblerConfig{std::chrono::seconds(2), 4});
    assembler.feed(kMore, hex("00 00 00 00 00"), t0);              // TooLarge, discarding
    assembler.feed(kMore, hex("07 00"), t0 + milliseconds(2500));  // stale: a new transfer
    assembler.feed(kLast, hex("03 00"), t0 + milliseconds(2515));
    EXPECT_EQ(r.dropReasons(), std::vector<R>{R::TooLarge});  // the stale discard is not recounted
    EXPECT_EQ(r.messages, std::vector<Message>{kSubscribed});
}

TEST_F(TransferAssemblerTest, ClearDropsThePartialTransfer) {
    feed(kMore, "08 03 19 ED 8D 42", milliseconds(0));
    assembler.clear();  // disconnect
    EXPECT_EQ(r.drops, (std::vector<Recorder::Drop>{{R::Cleared, hex("08 03 19 ED 8D 42")}}));
    EXPECT_FALSE(assembler.hasPartialTransfer());
    feed(kLast, "07 00 03 00", milliseconds(10));  // reconnected: not glued to the old bytes
    EXPECT_EQ(r.messages, std::vector<Message>{kSubscribed});
    assembler.clear();  // nothing partial: nothing dropped
    EXPECT_EQ(r.drops.size(), 1u);
    EXPECT_EQ(assembler.counters().count(R::Cleared), 1u);
}

TEST_F(TransferAssemblerTest, EmptyLastIsATransferWithoutMessages) {
    feed(kLast, "", milliseconds(0));  // a simulator still acknowledges it (§2.3)
    EXPECT_EQ(r.transfers, 1);
    EXPECT_TRUE(r.messages.empty());
    EXPECT_TRUE(r.errors.empty());
}

TEST_F(TransferAssemblerTest, CountersAreExact) {
    feed(kMore, "08 03 19 ED 8D 42 2F 05 08 03 19 ED", milliseconds(0));  // 12 bytes
    feed(kLast, "8F 42 F8 FF", milliseconds(15));                         // 4
    feed(kLast, "07 00 03 00 FF", milliseconds(30));                      // 5, padded
    feed(kLast, "04", milliseconds(45));                                  // 1, unknown opcode
    feed(kMore, "01", milliseconds(60));                                  // 1, cleared
    assembler.clear();
    const AssemblerCounters& c = assembler.counters();
    EXPECT_EQ(c.chunks, 5u);
    EXPECT_EQ(c.bytes, 23u);
    EXPECT_EQ(c.transfers, 3u);
    EXPECT_EQ(c.messages, 3u);
    EXPECT_EQ(c.paddedTransfers, 1u);
    EXPECT_EQ(c.count(R::UnknownOpcode), 1u);
    EXPECT_EQ(c.count(R::Cleared), 1u);
    EXPECT_EQ(c.droppedTotal(), 2u);
    EXPECT_EQ(r.messages.size(), c.messages);
}

TEST(TransferAssembler, DropReasonNamesAndDecodeErrorMapping) {
    std::set<std::string> names;
    for (std::size_t i = 0; i < kDropReasonCount; ++i) {
        names.insert(dropReasonName(static_cast<DropReason>(i)));
    }
    EXPECT_EQ(names.size(), kDropReasonCount);
    EXPECT_EQ(names.count("unknown"), 0u);
    std::set<DropReason> mapped;
    for (std::size_t i = 0; i < kDecodeErrorCount; ++i) {
        const auto e = static_cast<DecodeError>(i);
        EXPECT_STREQ(dropReasonName(dropReasonFor(e)), decodeErrorName(e));
        mapped.insert(dropReasonFor(e));
    }
    EXPECT_EQ(mapped.size(), kDecodeErrorCount);
    EXPECT_EQ(mapped.count(R::Stale) + mapped.count(R::TooLarge) + mapped.count(R::Cleared), 0u);
}

}  // namespace
}  // namespace vreglink::ble
