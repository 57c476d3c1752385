// The service as command-line D-Bus clients see it: busctl and dbus-send against the private
// daemon (venus-dbus-mqtt.md §2.2, §2.3; introspection lists children, §9.2 hint).
#include "dbus/venus_service.h"
#include "dbus_fixture.h"
#include "test_items.h"

#include <gmock/gmock.h>

namespace vreglink::testing {
namespace {

using ::testing::HasSubstr;

constexpr const char* kService = "com.victronenergy.solarcharger.ttyCli";

class BusItemCliTest : public ItemsServiceTest {
  protected:
    BusItemCliTest() : ItemsServiceTest(kService) {}
    CommandResult busctl(std::vector<std::string> args) {
        args.insert(args.begin(), {"/usr/bin/busctl", "--address=" + daemon_.address()});
        return runCli(args);
    }
    // dbus-send: --bus registers on the daemon; its --address is --peer (no Hello, no replies).
    CommandResult dbusSend(std::vector<std::string> args) {
        args.insert(args.begin(), {"/usr/bin/dbus-send", "--bus=" + daemon_.address(),
                                   "--print-reply", std::string("--dest=") + kService});
        return runCli(args);
    }
};

TEST_F(BusItemCliTest, BusctlGetItemsAndValues) {
    const auto items = busctl({"call", kService, "/", "com.victronenergy.BusItem", "GetItems"});
    ASSERT_EQ(items.exitCode, 0) << items.err;
    EXPECT_THAT(items.out, HasSubstr("a{sa{sv}} 7 "));
    // velib's order within an item: Value, then Text.
    EXPECT_THAT(items.out, HasSubstr("\"/Dc/0/Voltage\" 2 \"Value\" d 12.8 \"Text\" s \"12.80V\""));
    EXPECT_THAT(items.out, HasSubstr("\"/Dc/0/Current\" 2 \"Value\" ai 0 \"Text\" s \"---\""));

    const auto voltage =
        busctl({"call", kService, "/Dc/0/Voltage", "com.victronenergy.BusItem", "GetValue"});
    EXPECT_EQ(voltage.out, "v d 12.8\n") << voltage.err;
    const auto text =
        busctl({"call", kService, "/Dc/0/Current", "com.victronenergy.BusItem", "GetText"});
    EXPECT_EQ(text.out, "s \"---\"\n") << text.err;
    const auto node = busctl({"call", kService, "/Dc", "com.victronenergy.BusItem", "GetValue"});
    EXPECT_EQ(node.out, "v a{sv} 2 \"0/Current\" ai 0 \"0/Voltage\" d 12.8\n") << node.err;
}

TEST_F(BusItemCliTest, BusctlSetValue) {
    const auto readOnly = busctl({"call", kService, "/Dc/0/Voltage", "com.victronenergy.BusItem",
                                  "SetValue", "v", "d", "1"});
    EXPECT_EQ(readOnly.out, "i 1\n") << readOnly.err;
    const auto write =
        busctl({"call", kService, "/Mode", "com.victronenergy.BusItem", "SetValue", "v", "i", "4"});
    EXPECT_EQ(write.out, "i 0\n") << write.err;
    EXPECT_EQ(items_.writes.size(), 1U);
}

TEST_F(BusItemCliTest, DbusSendGetValueAndSetValue) {
    const auto invalid = dbusSend({"/Dc/0/Current", "com.victronenergy.BusItem.GetValue"});
    ASSERT_EQ(invalid.exitCode, 0) << invalid.err;
    EXPECT_THAT(invalid.out, HasSubstr("variant       array ["));
    const auto name = dbusSend({"/ProductName", "com.victronenergy.BusItem.GetValue"});
    EXPECT_THAT(name.out, HasSubstr("variant       string \"SmartSolar Charger MPPT 100/30\""));
    const auto set = dbusSend({"/Mode", "com.victronenergy.BusItem.SetValue", "variant:int32:5"});
    EXPECT_THAT(set.out, HasSubstr("int32 0")) << set.err;
    items_.writeResult = venus::SetResult::Rejected;
    const auto rejected =
        dbusSend({"/Mode", "com.victronenergy.BusItem.SetValue", "variant:int32:6"});
    EXPECT_THAT(rejected.out, HasSubstr("int32 2")) << rejected.err;
}

TEST_F(BusItemCliTest, BusctlTreeAndIntrospect) {
    const auto tree = busctl({"tree", "--list", kService});
    ASSERT_EQ(tree.exitCode, 0) << tree.err;
    for (const char* path : {"/\n", "/Dc\n", "/Dc/0\n", "/Dc/0/Voltage\n", "/Devices/0/VregLink\n",
                             "/History/Overall/Big\n", "/Mode\n"}) {
        EXPECT_THAT(tree.out, HasSubstr(path));
    }
    const auto leaf = busctl({"introspect", kService, "/Dc/0/Voltage"});
    ASSERT_EQ(leaf.exitCode, 0) << leaf.err;
    EXPECT_THAT(leaf.out, HasSubstr("com.victronenergy.BusItem"));
    EXPECT_THAT(leaf.out, HasSubstr(".GetValue"));
    EXPECT_THAT(leaf.out, HasSubstr(".SetValue"));
    EXPECT_THAT(leaf.out, HasSubstr(".PropertiesChanged"));
    const auto root = busctl({"introspect", kService, "/"});
    EXPECT_THAT(root.out, HasSubstr(".GetItems"));
    EXPECT_THAT(root.out, HasSubstr(".ItemsChanged"));
}

}  // namespace
}  // namespace vreglink::testing
