#include "device/value_cache.h"

#include <gtest/gtest.h>

namespace vreglink::device {
namespace {

using namespace std::chrono_literals;

TEST(ValueCache, KeepsLastValueAndItsAge) {
    ValueCache cache;
    const auto t0 = Clock::now();
    cache.putText("V", "12800", t0);
    cache.putText("V", "12810", t0 + 1s);
    const Bytes value{0x96, 0x00};
    cache.putVreg(VregId(0xEDF0), value, t0 + 2s);

    ASSERT_NE(cache.text("V"), nullptr);
    EXPECT_EQ(cache.text("V")->value, "12810");
    EXPECT_EQ(cache.text("V")->age(t0 + 3s), 2s);
    EXPECT_EQ(cache.text("I"), nullptr);
    ASSERT_NE(cache.vreg(VregId(0xEDF0)), nullptr);
    EXPECT_EQ(cache.vreg(VregId(0xEDF0))->value, value);
    EXPECT_EQ(cache.vreg(VregId(0xEDF1)), nullptr);
    EXPECT_EQ(cache.texts().size(), 1u);
    EXPECT_EQ(cache.vregs().size(), 1u);
    cache.clear();
    EXPECT_TRUE(cache.texts().empty());
    EXPECT_TRUE(cache.vregs().empty());
}

}  // namespace
}  // namespace vreglink::device
