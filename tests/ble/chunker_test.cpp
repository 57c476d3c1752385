// Chunker (ble-gatt.md §5.2): ATT_MTU - 3 byte chunks, MORE for all but the last, LAST alone for
// a transfer that fits; the chunks are the transfer, in order, cut at any byte.
#include "ble/chunker.h"

#include "test_support.h"

#include <gtest/gtest.h>

#include <numeric>

namespace vreglink::ble {
namespace {

Bytes sequence(std::size_t n) {
    Bytes b(n);
    std::iota(b.begin(), b.end(), std::uint8_t{0});
    return b;
}

std::vector<std::size_t> sizes(const std::vector<Chunk>& chunks) {
    std::vector<std::size_t> out;
    for (const Chunk& c : chunks) out.push_back(c.bytes.size());
    return out;
}

TEST(Chunker, TwentyByteChunksAtTheSmartShuntMtu) {
    const Chunker chunker(23);
    EXPECT_EQ(chunker.chunkSize(), 20u);
    EXPECT_EQ(Chunker().chunkSize(), 20u);  // the default is the minimum ATT MTU
    const Bytes t = sequence(47);           // H4: 20 + 20 + 7 (§6.3)
    const auto chunks = chunker.split(t);
    EXPECT_EQ(sizes(chunks), (std::vector<std::size_t>{20, 20, 7}));
    EXPECT_EQ(chunks[0].kind, ChunkKind::More);
    EXPECT_EQ(chunks[1].kind, ChunkKind::More);
    EXPECT_EQ(chunks[2].kind, ChunkKind::Last);
    EXPECT_EQ(chunks[1].bytes.data(), t.data() + 20);  // views, in order
}

TEST(Chunker, ATransferThatFitsGoesOnLastAlone) {
    const Chunker chunker(23);
    for (const std::size_t n : {std::size_t{1}, std::size_t{8}, std::size_t{20}}) {
        const Bytes t = sequence(n);
        const auto chunks = chunker.split(t);
        ASSERT_EQ(chunks.size(), 1u) << n;
        EXPECT_EQ(chunks[0].kind, ChunkKind::Last);
        EXPECT_EQ(chunks[0].bytes.size(), n);
    }
    const Bytes t21 = sequence(21);
    EXPECT_EQ(sizes(chunker.split(t21)), (std::vector<std::size_t>{20, 1}));
    EXPECT_TRUE(chunker.split(ByteView{}).empty());
    EXPECT_EQ(chunker.chunkCount(0), 0u);
    EXPECT_EQ(chunker.chunkCount(40), 2u);
    EXPECT_EQ(chunker.chunkCount(41), 3u);
}

TEST(Chunker, LargerMtusAndTheMinimum) {
    EXPECT_EQ(Chunker(153).chunkSize(), 150u);  // CBOR2SCRIPT's 150-byte chunks (§1.3)
    EXPECT_EQ(Chunker(517).chunkSize(), 514u);
    EXPECT_EQ(Chunker(0).chunkSize(), 20u);  // no MTU below 23 can have been negotiated
    EXPECT_EQ(Chunker(3).chunkSize(), 20u);
    const Bytes t = sequence(400);
    EXPECT_EQ(sizes(Chunker(153).split(t)), (std::vector<std::size_t>{150, 150, 100}));
}

TEST(Chunker, ChunksConcatenateToTheTransfer) {
    for (std::size_t mtu = 23; mtu < 80; mtu += 7) {
        const Chunker chunker(mtu);
        for (std::size_t n = 1; n < 300; n += 13) {
            const Bytes t = sequence(n);
            const auto chunks = chunker.split(t);
            EXPECT_EQ(chunks.size(), chunker.chunkCount(n));
            Bytes joined;
            for (std::size_t i = 0; i < chunks.size(); ++i) {
                EXPECT_LE(chunks[i].bytes.size(), mtu - 3);
                EXPECT_FALSE(chunks[i].bytes.empty());
                EXPECT_EQ(chunks[i].kind,
                          i + 1 == chunks.size() ? ChunkKind::Last : ChunkKind::More);
                joined.insert(joined.end(), chunks[i].bytes.begin(), chunks[i].bytes.end());
            }
            EXPECT_EQ(joined, t) << "mtu " << mtu << " size " << n;
        }
    }
}

}  // namespace
}  // namespace vreglink::ble
