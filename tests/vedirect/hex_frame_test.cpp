// HexFrame, hexChecksum, appendHexFrame and decodeHexFrame (vedirect.md §3.1, vectors §0, §2.4).
#include "vedirect/hex_frame.h"

#include "test_support.h"

#include <gtest/gtest.h>

namespace vreglink::vedirect {
namespace {

using testing::decodeWire;

TEST(HexFrame, ChecksumByHand) {
    // §3.7: 0x55 - 0x07 - 0xF0 - 0xED - 0x00 = -0x1E7 = 0x71 (mod 256).
    const std::uint8_t payload[] = {0xF0, 0xED, 0x00};
    EXPECT_EQ(hexChecksum(0x7, payload), 0x71);
    EXPECT_EQ(hexChecksum(0x1, {}), 0x54);
}

TEST(HexFrame, EncodesUpperCaseWithSingleLf) {
    const std::uint8_t payload[] = {0xf0, 0xed, 0x00, 0x96, 0x00};
    EXPECT_EQ(encodeHexFrame(HexFrame(0x8, payload)), ":8F0ED009600DA\n");
    EXPECT_EQ(encodeHexFrame(HexFrame(0xA, {})), ":A4B\n");
}

TEST(HexFrame, AppendKeepsExistingText) {
    std::string out = "x";
    appendHexFrame(out, HexFrame(0x1, {}));
    appendHexFrame(out, HexFrame(0x4, {}));
    EXPECT_EQ(out, "x:154\n:451\n");
}

TEST(HexFrame, MakeRejectsOversizedInput) {
    const std::vector<std::uint8_t> max(kMaxHexPayload, 0x11);
    const std::vector<std::uint8_t> over(kMaxHexPayload + 1, 0x11);
    EXPECT_TRUE(HexFrame::make(0x8, max).has_value());
    EXPECT_FALSE(HexFrame::make(0x8, over).has_value());
    EXPECT_FALSE(HexFrame::make(0x10, {}).has_value());
    // The constructor never overflows even if its precondition is broken.
    EXPECT_EQ(HexFrame(0x8, over).payload().size(), kMaxHexPayload);
}

TEST(HexFrame, EqualityComparesCommandAndPayload) {
    const std::uint8_t a[] = {1, 2};
    const std::uint8_t b[] = {1, 3};
    EXPECT_EQ(HexFrame(7, a), HexFrame(7, a));
    EXPECT_NE(HexFrame(7, a), HexFrame(8, a));
    EXPECT_NE(HexFrame(7, a), HexFrame(7, b));
    EXPECT_NE(HexFrame(7, a), HexFrame(7, ByteView(a, 1)));
}

TEST(HexFrame, DecodesValidFrame) {
    const auto f = decodeWire(":7F0ED009600DB");
    ASSERT_TRUE(f);
    EXPECT_EQ(f->command(), 0x7);
    EXPECT_EQ(toHexUpper(f->payload()), "F0ED009600");
}

TEST(HexFrame, AcceptsLowerCase) {  // §2.4
    const auto lower = decodeWire(":7f0ed009600db");
    ASSERT_TRUE(lower);
    EXPECT_EQ(*lower, *decodeWire(":7F0ED009600DB"));
    EXPECT_EQ(encodeHexFrame(*lower), ":7F0ED009600DB\n");  // always sent upper case
}

HexFrameError errorOf(std::string_view digits) {
    HexFrameError e{};
    EXPECT_FALSE(decodeHexFrame(digits, &e).has_value()) << digits;
    return e;
}

TEST(HexFrame, ErrorKinds) {
    EXPECT_EQ(errorOf(""), HexFrameError::Empty);
    EXPECT_EQ(errorOf("7F0ED009600D"), HexFrameError::OddDigits);  // §2.4 odd digits
    EXPECT_EQ(errorOf("1"), HexFrameError::OddDigits);             // no checksum byte
    EXPECT_EQ(errorOf("15"), HexFrameError::OddDigits);
    EXPECT_EQ(errorOf("7F0ED0G71"), HexFrameError::InvalidDigit);
    EXPECT_EQ(errorOf("7F0ED0071\r"), HexFrameError::InvalidDigit);  // caller strips '\r'
    EXPECT_EQ(errorOf("7F0ED0070"), HexFrameError::Checksum);        // C20
    EXPECT_EQ(errorOf(std::string(kMaxHexDigits + 1, '0')), HexFrameError::TooLong);
    EXPECT_STREQ(hexFrameErrorName(HexFrameError::Checksum), "checksum");
    EXPECT_STREQ(hexFrameErrorName(HexFrameError::OddDigits), "odd_digits");
}

TEST(HexFrame, NullErrorPointerIsAllowed) {
    EXPECT_FALSE(decodeHexFrame("7F0ED0070").has_value());
}

TEST(HexFrame, LargestFrameRoundTrips) {
    std::vector<std::uint8_t> payload(kMaxHexPayload);
    for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<std::uint8_t>(i * 37);
    const HexFrame frame(0x7, payload);
    const std::string wire = encodeHexFrame(frame);
    EXPECT_EQ(wire.size(), 1 + kMaxHexDigits + 1);
    const auto back = decodeWire(wire);
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, frame);
}

TEST(HexFrame, EveryCommandAndChecksumRoundTrips) {
    for (std::uint8_t cmd = 0; cmd < 16; ++cmd) {
        for (unsigned b = 0; b < 256; ++b) {
            const std::uint8_t payload[] = {static_cast<std::uint8_t>(b), 0x12};
            const HexFrame frame(cmd, payload);
            const auto back = decodeWire(encodeHexFrame(frame));
            ASSERT_TRUE(back);
            EXPECT_EQ(*back, frame);
        }
    }
}

}  // namespace
}  // namespace vreglink::vedirect
