#include "core/ids.h"
#include "core/vreg_status.h"

#include <gtest/gtest.h>

namespace vreglink {
namespace {

TEST(Ids, FormatAndParseVregId) {
    EXPECT_EQ(formatVregId(VregId(0xEDF0)), "0xEDF0");
    EXPECT_EQ(formatVregId(VregId(0x0100)), "0x0100");
    EXPECT_EQ(parseVregId("0xEDF0"), VregId(0xEDF0));
    EXPECT_EQ(parseVregId("edf0"), VregId(0xEDF0));
    EXPECT_EQ(parseVregId("0X100"), VregId(0x0100));
    EXPECT_FALSE(parseVregId("0x12345"));
    EXPECT_FALSE(parseVregId("bat_max_current"));
    EXPECT_FALSE(parseVregId(""));
}

TEST(Status, ErrorBitAndFormat) {
    EXPECT_TRUE(VregStatus::ok().isOk());
    EXPECT_FALSE(VregStatus::ok().isError());
    EXPECT_TRUE(VregStatus::timeout().isError());
    EXPECT_EQ(formatStatus(VregStatus::invalid()), "0x8300");
    EXPECT_STREQ(describeStatus(VregStatus(0x8400)), "device did not answer");
}

}  // namespace
}  // namespace vreglink
