// com.victronenergy.BusItem through sdbus-c++ proxies (venus-dbus-mqtt.md §2.2, §2.3, §2.4).
#include "dbus/variant_conversion.h"
#include "dbus/venus_service.h"
#include "dbus_fixture.h"
#include "test_items.h"

namespace vreglink::testing {
namespace {

using dbus::ItemsDict;
using dbus::VariantDict;
namespace names = dbus::names;

constexpr const char* kService = "com.victronenergy.solarcharger.ttyTest";

class BusItemTest : public ItemsServiceTest {
  protected:
    BusItemTest() : ItemsServiceTest(kService) {}

    sdbus::Variant getValue(const std::string& path) {
        const auto reply = call<sdbus::Variant>(kService, path, names::kBusItem, names::kGetValue);
        EXPECT_FALSE(reply.error) << reply.error->getMessage();
        return reply.get<0>();
    }
    std::int32_t setValue(const std::string& path, const sdbus::Variant& value) {
        const auto reply =
            call<std::int32_t>(kService, path, names::kBusItem, names::kSetValue, value);
        EXPECT_FALSE(reply.error) << reply.error->getMessage();
        return reply.get<0>();
    }
};

TEST_F(BusItemTest, GetItemsListsEveryLeafWithValueAndText) {
    const auto reply = call<ItemsDict>(kService, "/", names::kBusItem, names::kGetItems);
    ASSERT_FALSE(reply.error);
    const ItemsDict& items = reply.get<0>();
    EXPECT_EQ(items.size(), items_.tree.items().size());
    ASSERT_TRUE(items.contains("/Dc/0/Voltage"));
    EXPECT_EQ(items.at("/Dc/0/Voltage").at("Value").get<double>(), 12.8);
    EXPECT_EQ(items.at("/Dc/0/Voltage").at("Text").get<std::string>(), "12.80V");
    // §2.3: an invalid entry has Value = empty `ai` and Text = "---".
    const auto& current = items.at("/Dc/0/Current");
    EXPECT_EQ(current.at("Value").peekValueType(), "ai");
    EXPECT_TRUE(current.at("Value").get<std::vector<std::int32_t>>().empty());
    EXPECT_EQ(current.at("Text").get<std::string>(), "---");
    EXPECT_TRUE(items.contains("/Devices/0/VregLink"));
}

TEST_F(BusItemTest, RootGetValueAndGetTextKeyRelativeWithoutSlash) {
    const auto values = getValue("/").get<VariantDict>();
    EXPECT_EQ(values.size(), items_.tree.items().size());
    ASSERT_TRUE(values.contains("Dc/0/Voltage"));
    EXPECT_EQ(values.at("Dc/0/Voltage").get<double>(), 12.8);
    EXPECT_EQ(values.at("DeviceInstance").get<std::int32_t>(), 288);
    const auto texts = call<sdbus::Variant>(kService, "/", names::kBusItem, names::kGetText);
    ASSERT_FALSE(texts.error);
    const auto textDict = texts.get<0>().get<VariantDict>();
    EXPECT_EQ(textDict.at("Dc/0/Voltage").get<std::string>(), "12.80V");
    EXPECT_EQ(textDict.at("Dc/0/Current").get<std::string>(), "---");
}

TEST_F(BusItemTest, IntermediateNodesAnswerForTheirSubtree) {
    const auto dc = getValue("/Dc").get<VariantDict>();
    EXPECT_EQ(dc.size(), 2U);
    EXPECT_EQ(dc.at("0/Voltage").get<double>(), 12.8);
    EXPECT_TRUE(dc.at("0/Current").get<std::vector<std::int32_t>>().empty());
    const auto dc0 = getValue("/Dc/0").get<VariantDict>();
    EXPECT_EQ(dc0.size(), 2U);
    EXPECT_TRUE(dc0.contains("Voltage"));
    const auto texts = call<sdbus::Variant>(kService, "/History", names::kBusItem, names::kGetText);
    ASSERT_FALSE(texts.error);
    EXPECT_EQ(texts.get<0>().get<VariantDict>().at("Overall/Big").get<std::string>(),
              "1099511627776");
}

TEST_F(BusItemTest, LeafValuesCarryVelibTypes) {
    EXPECT_EQ(getValue("/Dc/0/Voltage").peekValueType(), "d");
    EXPECT_EQ(getValue("/DeviceInstance").peekValueType(), "i");
    EXPECT_EQ(getValue("/History/Overall/Big").peekValueType(), "x");
    EXPECT_EQ(getValue("/ProductName").get<std::string>(), "SmartSolar Charger MPPT 100/30");
    const auto invalid = getValue("/Dc/0/Current");
    EXPECT_EQ(invalid.peekValueType(), "ai");
    EXPECT_TRUE(invalid.get<std::vector<std::int32_t>>().empty());
    const auto text =
        call<std::string>(kService, "/Dc/0/Current", names::kBusItem, names::kGetText);
    EXPECT_EQ(text.get<0>(), "---");
}

TEST_F(BusItemTest, SetValueOnAReadOnlyItemIsOne) {
    EXPECT_EQ(setValue("/Dc/0/Voltage", sdbus::Variant(13.0)), 1);
    EXPECT_EQ(getValue("/Dc/0/Voltage").get<double>(), 12.8);
}

TEST_F(BusItemTest, SetValueWaitsForTheOwner) {
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(setValue("/Mode", sdbus::Variant(std::uint32_t{4})), 0);
    EXPECT_GE(std::chrono::steady_clock::now() - start, items_.writeDelay);
    ASSERT_EQ(items_.writes.size(), 1U);
    EXPECT_EQ(items_.writes[0], venus::ItemValue(std::int32_t{4}));
    EXPECT_EQ(getValue("/Mode").get<std::int32_t>(), 4);
}

TEST_F(BusItemTest, SetValueRejectedByTheOwnerIsTwo) {
    items_.writeResult = venus::SetResult::Rejected;
    EXPECT_EQ(setValue("/Mode", sdbus::Variant(std::int32_t{9})), 2);
    EXPECT_EQ(items_.writes.size(), 1U);
    EXPECT_EQ(getValue("/Mode").get<std::int32_t>(), 1);
}

TEST_F(BusItemTest, SetValueOfTheCurrentValueIsZeroWithoutAsking) {
    EXPECT_EQ(setValue("/Mode", sdbus::Variant(std::int32_t{1})), 0);
    EXPECT_EQ(setValue("/Mode", sdbus::Variant(1.0)), 0);
    EXPECT_TRUE(items_.writes.empty());
}

TEST_F(BusItemTest, SetValueConvertsTheWireTypes) {
    EXPECT_EQ(setValue("/Mode", sdbus::Variant(true)), 0);  // b -> 1: the current value
    EXPECT_EQ(setValue("/Mode", sdbus::Variant(std::vector<std::int32_t>{})), 0);
    EXPECT_EQ(setValue("/Mode", sdbus::Variant(std::vector<std::int32_t>{1, 2})), 2);
    ASSERT_EQ(items_.writes.size(), 1U);
    EXPECT_EQ(items_.writes[0], venus::ItemValue(venus::Invalid{}));
}

TEST_F(BusItemTest, ManyWritesInFlightAreEachAnsweredOnce) {
    std::vector<std::shared_ptr<CallReply<std::int32_t>>> replies;
    for (std::int32_t v = 10; v < 30; ++v) {
        replies.push_back(std::make_shared<CallReply<std::int32_t>>());
        startCall<std::int32_t>(replies.back(), kService, "/Mode", names::kBusItem,
                                names::kSetValue, sdbus::Variant(v));
    }
    EXPECT_TRUE(runUntil([&] {
        return std::all_of(replies.begin(), replies.end(), [](const auto& r) { return r->done; });
    }));
    for (const auto& r : replies) EXPECT_EQ(r->get<0>(), 0);
    EXPECT_EQ(items_.writes.size(), 20U);
}

TEST_F(BusItemTest, PathsAddedAndRemovedAfterStart) {
    items_.tree.add("/Yield/Power", std::int32_t{250}, "250W");
    items_.tree.remove("/ProductName");
    service_->syncObjects();
    EXPECT_EQ(getValue("/Yield/Power").get<std::int32_t>(), 250);
    EXPECT_EQ(getValue("/Yield").get<VariantDict>().at("Power").get<std::int32_t>(), 250);
    const auto gone =
        call<sdbus::Variant>(kService, "/ProductName", names::kBusItem, names::kGetValue);
    ASSERT_TRUE(gone.error);
    EXPECT_EQ(gone.error->getName(), "org.freedesktop.DBus.Error.UnknownObject");
}

TEST_F(BusItemTest, UnknownPathIsADbusError) {
    const auto reply =
        call<sdbus::Variant>(kService, "/No/Such", names::kBusItem, names::kGetValue);
    ASSERT_TRUE(reply.error);
}

}  // namespace
}  // namespace vreglink::testing
