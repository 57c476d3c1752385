#include "core/bytes.h"

#include <gtest/gtest.h>

namespace vreglink {
namespace {

TEST(Bytes, HexRoundTrip) {
    const Bytes b{0x96, 0x00, 0xAB};
    EXPECT_EQ(toHex(b), "9600ab");
    EXPECT_EQ(toHexUpper(b), "9600AB");
    EXPECT_EQ(toHexSpaced(b), "96 00 ab");
    EXPECT_EQ(parseHexBytes("9600ab"), b);
    EXPECT_EQ(parseHexBytes("0x96 00 AB"), b);
    EXPECT_EQ(parseHexBytes("96:00:ab"), b);
    EXPECT_EQ(parseHexBytes(""), Bytes{});
}

TEST(Bytes, HexRejectsBadInput) {
    EXPECT_FALSE(parseHexBytes("960"));    // odd digit count
    EXPECT_FALSE(parseHexBytes("9 600"));  // separator inside a byte
    EXPECT_FALSE(parseHexBytes("96zz"));   // not hex
}

TEST(Bytes, LittleEndian) {
    const std::uint8_t d[] = {0xF0, 0xED, 0x01, 0x80};
    EXPECT_EQ(readLe16(d), 0xEDF0);
    EXPECT_EQ(readLe32(d), 0x8001EDF0u);
    Bytes out;
    appendLe16(out, 0xEDF0);
    EXPECT_EQ(out, (Bytes{0xF0, 0xED}));
}

}  // namespace
}  // namespace vreglink
