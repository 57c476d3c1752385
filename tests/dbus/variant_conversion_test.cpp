// Venus value typing as a client reads it (venus-dbus-mqtt.md §2.4), without a bus. The service
// side is tested over a real bus (bus_item_test.cpp).
#include "dbus/variant_conversion.h"

#include <gtest/gtest.h>

namespace vreglink::dbus {
namespace {

TEST(VariantConversion, SetValueArgumentsToItemValues) {
    using V = venus::ItemValue;
    EXPECT_EQ(fromVariant(sdbus::Variant(std::int32_t{7})), V(std::int32_t{7}));
    EXPECT_EQ(fromVariant(sdbus::Variant(std::uint32_t{7})), V(std::int32_t{7}));
    EXPECT_EQ(fromVariant(sdbus::Variant(std::uint32_t{4000000000U})),
              V(std::int64_t{4000000000LL}));
    EXPECT_EQ(fromVariant(sdbus::Variant(std::int16_t{-3})), V(std::int32_t{-3}));
    EXPECT_EQ(fromVariant(sdbus::Variant(std::uint16_t{65535})), V(std::int32_t{65535}));
    EXPECT_EQ(fromVariant(sdbus::Variant(std::uint8_t{200})), V(std::int32_t{200}));
    EXPECT_EQ(fromVariant(sdbus::Variant(std::int64_t{9})), V(std::int32_t{9}));
    EXPECT_EQ(fromVariant(sdbus::Variant(std::uint64_t{1} << 40)), V(std::int64_t{1} << 40));
    EXPECT_EQ(fromVariant(sdbus::Variant(~std::uint64_t{0})), std::nullopt);
    EXPECT_EQ(fromVariant(sdbus::Variant(true)), V(std::int32_t{1}));
    EXPECT_EQ(fromVariant(sdbus::Variant(false)), V(std::int32_t{0}));
    EXPECT_EQ(fromVariant(sdbus::Variant(2.5)), V(2.5));
    EXPECT_EQ(fromVariant(sdbus::Variant(std::string("x"))), V(std::string("x")));
    EXPECT_EQ(fromVariant(sdbus::Variant(std::vector<std::int32_t>{})), V(venus::Invalid{}));
    EXPECT_EQ(fromVariant(sdbus::Variant(std::vector<std::uint32_t>{})), V(venus::Invalid{}));
    EXPECT_EQ(fromVariant(sdbus::Variant(std::vector<std::string>{})), V(venus::Invalid{}));
    EXPECT_EQ(fromVariant(sdbus::Variant(std::vector<std::int32_t>{1, 2})), std::nullopt);
    EXPECT_EQ(fromVariant(sdbus::Variant(VariantDict{})), std::nullopt);
}

}  // namespace
}  // namespace vreglink::dbus
