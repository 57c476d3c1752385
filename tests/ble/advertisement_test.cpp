// Instant Readout header parsing (ble-gatt.md §9.2) with the spec's advertisement vectors.
#include "ble/advertisement.h"

#include "test_support.h"

#include <gtest/gtest.h>

namespace vreglink::ble {
namespace {

using testing::hex;

TEST(InstantReadout, SolarChargerVector) {
    // §9.2 vector 1: MPPT 75/15 (0xA042), solar charger record, nonce 0x0762, key byte 0xAD.
    const auto frame = hex("10 02 42 a0 01 62 07 ad ce b3 7b 60 5d 7e 0e e2 1b 24 df 5c");
    const auto readout = parseInstantReadout(frame);
    ASSERT_TRUE(readout.has_value());
    EXPECT_EQ(readout->productId, 0xA042);
    EXPECT_EQ(readout->recordType, 0x01);
    EXPECT_EQ(readout->nonce, 0x0762);
    EXPECT_EQ(readout->keyCheck, 0xAD);  // key adeccb94…
    EXPECT_EQ(readout->encrypted, hex("ce b3 7b 60 5d 7e 0e e2 1b 24 df 5c"));
    EXPECT_STREQ(recordTypeName(readout->recordType), "solar charger");
}

TEST(InstantReadout, BatteryMonitorVector) {
    // §9.2 vector 2: SmartShunt (0xA389), battery monitor record, key aff4d099…
    const auto readout = parseInstantReadout(
        hex("10 02 89 a3 02 b0 40 af 92 5d 09 a4 d8 9a a0 12 8b de f4 8c 62 98 a9"));
    ASSERT_TRUE(readout.has_value());
    EXPECT_EQ(readout->productId, 0xA389);
    EXPECT_EQ(readout->recordType, 0x02);
    EXPECT_EQ(readout->nonce, 0x40B0);
    EXPECT_EQ(readout->keyCheck, 0xAF);
    EXPECT_EQ(readout->encrypted.size(), 15U);
    EXPECT_STREQ(recordTypeName(readout->recordType), "battery monitor");
}

TEST(InstantReadout, DcDcVector) {
    // §9.2 vector 3: Orion Smart 12/12-18 (0xA3C0), DC/DC record; byte 1 is 0x00 here (ignored).
    const auto readout =
        parseInstantReadout(hex("10 00 c0 a3 04 12 1d 64 ca 8d 44 2b 90 bb df 6a 8c ba"));
    ASSERT_TRUE(readout.has_value());
    EXPECT_EQ(readout->productId, 0xA3C0);
    EXPECT_EQ(readout->recordType, 0x04);
    EXPECT_EQ(readout->nonce, 0x1D12);
    EXPECT_EQ(readout->keyCheck, 0x64);
    EXPECT_EQ(readout->encrypted.size(), 10U);
}

TEST(InstantReadout, CommunityRawExample) {
    // §9.2 raw AD example, after the company id: product 0xA389, record 0x02, nonce 0x975D,
    // key byte 0x95 (payload cut here).
    const auto readout = parseInstantReadout(hex("10 02 89 A3 02 5D 97 95 F8"));
    ASSERT_TRUE(readout.has_value());
    EXPECT_EQ(readout->productId, 0xA389);
    EXPECT_EQ(readout->nonce, 0x975D);
    EXPECT_EQ(readout->keyCheck, 0x95);
    EXPECT_EQ(readout->encrypted, hex("F8"));
}

TEST(InstantReadout, RejectsOtherKindsAndShortData) {
    EXPECT_FALSE(parseInstantReadout(hex("11 02 89 a3 02 b0 40 af 92")).has_value());
    EXPECT_FALSE(parseInstantReadout(hex("10 02 89 a3 02 b0 40")).has_value());
    EXPECT_FALSE(parseInstantReadout(ByteView{}).has_value());
    // Header only: valid, nothing encrypted.
    const auto bare = parseInstantReadout(hex("10 02 89 a3 02 b0 40 af"));
    ASSERT_TRUE(bare.has_value());
    EXPECT_TRUE(bare->encrypted.empty());
    EXPECT_STREQ(recordTypeName(0x0E), "unknown record");
}

}  // namespace
}  // namespace vreglink::ble
