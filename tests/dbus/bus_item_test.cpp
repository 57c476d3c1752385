// com.victronenergy.BusItem through sdbus-c++ proxies (venus-dbus-mqtt.md §2.2, §2.3, §2.4).
#include "dbus/variant_conversion.h"
#include "dbus/venus_service.h"
#include "dbus_fixture.h"
#include "test_items.h"

#include <fmt/format.h>

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
    ASSERT_FALSE(texts.error) << texts.error->getName() << ": " << texts.error->getMessage();
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

TEST_F(BusItemTest, SetValueReadsEveryVenusWireType) {
    // §2.4: what the owner is asked to write, for each type a client may send.
    EXPECT_EQ(setValue("/Mode", sdbus::Variant(std::uint16_t{7})), 0);
    EXPECT_EQ(setValue("/Mode", sdbus::Variant(std::uint8_t{8})), 0);
    EXPECT_EQ(setValue("/Mode", sdbus::Variant(std::int16_t{-9})), 0);
    EXPECT_EQ(setValue("/Mode", sdbus::Variant(std::uint32_t{4000000000U})), 0);
    EXPECT_EQ(setValue("/Mode", sdbus::Variant(std::int64_t{11})), 0);
    EXPECT_EQ(setValue("/Mode", sdbus::Variant(2.5)), 0);
    EXPECT_EQ(setValue("/Mode", sdbus::Variant(std::string("text"))), 0);
    EXPECT_EQ(setValue("/Mode", sdbus::Variant(std::vector<std::string>{})), 0);
    EXPECT_EQ(setValue("/Mode", sdbus::Variant(~std::uint64_t{0})), 2);  // beyond int64
    EXPECT_EQ(setValue("/Mode", sdbus::Variant(VariantDict{})), 2);      // not a value
    using V = venus::ItemValue;
    const std::vector<V> expected{V(std::int32_t{7}),     V(std::int32_t{8}),
                                  V(std::int32_t{-9}),    V(std::int64_t{4000000000LL}),
                                  V(std::int32_t{11}),    V(2.5),
                                  V(std::string("text")), V(venus::Invalid{})};
    EXPECT_EQ(items_.writes, expected);
}

TEST_F(BusItemTest, IntrospectionListsTheTreeAndWhatEachPathAnswers) {
    const auto xml = [&](const char* path) {
        const auto reply =
            call<std::string>(kService, path, "org.freedesktop.DBus.Introspectable", "Introspect");
        EXPECT_FALSE(reply.error) << path;
        return reply.error ? std::string() : reply.get<0>();
    };
    const auto root = xml("/");
    for (const char* child :
         {"Dc", "ProductName", "DeviceInstance", "History", "Devices", "Mode"}) {
        EXPECT_NE(root.find(fmt::format("<node name=\"{}\"/>", child)), std::string::npos)
            << child << " in\n"
            << root;
    }
    EXPECT_EQ(root.find("<node name=\"Dc/0\""), std::string::npos);  // direct children only
    EXPECT_NE(root.find("GetItems"), std::string::npos);
    const auto dc0 = xml("/Dc/0");
    EXPECT_NE(dc0.find("<node name=\"Voltage\"/>"), std::string::npos) << dc0;
    EXPECT_NE(dc0.find("<node name=\"Current\"/>"), std::string::npos) << dc0;
    EXPECT_NE(dc0.find("GetValue"), std::string::npos);
    EXPECT_EQ(dc0.find("SetValue"), std::string::npos);  // velib's tree nodes have no SetValue
    EXPECT_EQ(dc0.find("GetItems"), std::string::npos);
    const auto leaf = xml("/Mode");
    EXPECT_NE(leaf.find("SetValue"), std::string::npos) << leaf;
    EXPECT_NE(leaf.find("PropertiesChanged"), std::string::npos);
    EXPECT_EQ(leaf.find("GetItems"), std::string::npos);
    EXPECT_EQ(leaf.find("com.victronenergy.VregLink"), std::string::npos);
}

TEST_F(BusItemTest, SetValueOnANodeIsUnknown) {
    const auto reply = call<std::int32_t>(kService, "/Dc", names::kBusItem, names::kSetValue,
                                          sdbus::Variant(std::int32_t{1}));
    ASSERT_TRUE(reply.error);
    EXPECT_EQ(reply.error->getName(), "org.freedesktop.DBus.Error.UnknownMethod");
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
