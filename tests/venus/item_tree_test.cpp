// ItemTree semantics (venus-dbus-mqtt.md §2.3).
#include "venus/item_tree.h"

#include <gtest/gtest.h>

namespace vreglink::venus {
namespace {

ItemTree sample() {
    ItemTree t;
    t.add("/Dc/0/Voltage", 12.8, "12.80V");
    t.add("/Dc/0/Current", Invalid{}, "---");
    t.add("/Dc/1/Voltage", 12.5, "12.50V");
    t.add("/DcX", std::int32_t{1}, "1");
    t.add("/Mgmt/ProcessName", std::string("vreglinkd"), "vreglinkd");
    return t;
}

TEST(ItemTree, AddFindAndLeaves) {
    ItemTree t = sample();
    ASSERT_NE(t.find("/Dc/0/Voltage"), nullptr);
    EXPECT_EQ(t.find("/Dc/0/Voltage")->text, "12.80V");
    EXPECT_TRUE(t.isLeaf("/DcX"));
    EXPECT_FALSE(t.isLeaf("/Dc"));
    EXPECT_EQ(t.items().size(), 5u);
    EXPECT_FALSE(isValid(t.find("/Dc/0/Current")->value));
}

TEST(ItemTree, RejectsMalformedPaths) {
    ItemTree t;
    t.add("Dc/0", 1.0);
    t.add("/Dc/", 1.0);
    t.add("/Dc//0", 1.0);
    t.add("/", 1.0);
    t.add("", 1.0);
    EXPECT_TRUE(t.items().empty());
    EXPECT_FALSE(t.hasChanges());
}

TEST(ItemTree, NodesAreRootAndProperPrefixes) {
    ItemTree t = sample();
    EXPECT_TRUE(t.isNode("/"));
    EXPECT_TRUE(t.isNode("/Dc"));
    EXPECT_TRUE(t.isNode("/Dc/0"));
    EXPECT_TRUE(t.isNode("/Mgmt"));
    EXPECT_FALSE(t.isNode("/D"));
    EXPECT_FALSE(t.isNode("/Dc/0/Voltage"));  // a leaf, not a node
    EXPECT_FALSE(t.isNode("/DcX"));
    EXPECT_FALSE(t.isNode("/Nope"));
    std::vector<std::string> expected{"/", "/Dc", "/Dc/0", "/Dc/1", "/Mgmt"};
    EXPECT_EQ(t.nodes(), expected);
}

TEST(ItemTree, SubtreeKeysAreRelative) {
    ItemTree t = sample();
    auto dc = t.subtree("/Dc");
    ASSERT_EQ(dc.size(), 3u);  // not /DcX
    EXPECT_EQ(dc[0].first, "0/Current");
    EXPECT_EQ(dc[1].first, "0/Voltage");
    EXPECT_EQ(dc[2].first, "1/Voltage");
    EXPECT_EQ(dc[1].second->text, "12.80V");

    auto root = t.subtree("/");
    ASSERT_EQ(root.size(), 5u);
    EXPECT_EQ(root.front().first, "Dc/0/Current");
    EXPECT_EQ(root.back().first, "Mgmt/ProcessName");

    auto dc0 = t.subtree("/Dc/0/");
    ASSERT_EQ(dc0.size(), 2u);
    EXPECT_EQ(dc0[0].first, "Current");
    EXPECT_TRUE(t.subtree("/Nope").empty());
}

TEST(ItemTree, ChangeTracking) {
    ItemTree t = sample();
    EXPECT_TRUE(t.hasChanges());
    EXPECT_EQ(t.takeChanged().size(), 5u);
    EXPECT_FALSE(t.hasChanges());

    EXPECT_FALSE(t.update("/Dc/0/Voltage", 12.8, "12.80V"));  // same value and text
    EXPECT_FALSE(t.hasChanges());
    EXPECT_TRUE(t.update("/Dc/0/Voltage", 12.9, "12.90V"));
    EXPECT_TRUE(t.update("/Dc/0/Voltage", 12.9, "12.9V"));  // text alone counts
    EXPECT_FALSE(t.update("/Unknown", 1.0, "1"));
    // Same-valued but differently typed is a change (int 1 vs double 1.0 differ on the wire).
    EXPECT_TRUE(t.update("/DcX", 1.0, "1"));
    auto changed = t.takeChanged();
    std::vector<std::string> expected{"/Dc/0/Voltage", "/DcX"};
    EXPECT_EQ(changed, expected);

    t.update("/Dc/1/Voltage", 1.0, "1.00V");
    t.remove("/Dc/1/Voltage");
    EXPECT_FALSE(t.hasChanges());
    EXPECT_FALSE(t.isNode("/Dc/1"));
    EXPECT_EQ(t.find("/Dc/1/Voltage"), nullptr);
}

TEST(ItemTree, AddReplacesAndKeepsWriteHandler) {
    ItemTree t;
    bool called = false;
    t.add("/Mode", std::int32_t{1}, "1",
          [&](const ItemValue&, std::function<void(SetResult)> done) {
              called = true;
              done(SetResult::Ok);
          });
    ASSERT_TRUE(t.find("/Mode")->onWrite);
    t.find("/Mode")->onWrite(std::int32_t{4}, [](SetResult) {});
    EXPECT_TRUE(called);
    EXPECT_TRUE(t.update("/Mode", std::int32_t{4}, "4"));
    EXPECT_TRUE(t.find("/Mode")->onWrite);  // update keeps the handler
    t.add("/Mode", std::int32_t{4}, "4");
    EXPECT_FALSE(t.find("/Mode")->onWrite);
}

// Records what an ItemObserver hears, in order.
struct RecordingObserver : ItemObserver {
    std::vector<std::string> events;
    void onItemChanged(const std::string& path, const Item& item) override {
        events.push_back("changed " + path + " " + item.text);
    }
    void onItemRemoved(const std::string& path) override { events.push_back("removed " + path); }
};

TEST(ItemTree, ObserversHearWhichPathsChangeWithoutDisturbingTheListener) {
    ItemTree t;
    int listenerCalls = 0;
    t.setChangeListener([&] { ++listenerCalls; });
    RecordingObserver first;
    RecordingObserver second;
    t.addObserver(first);
    t.addObserver(second);
    t.addObserver(first);  // a second registration is ignored: one event each

    t.add("/Dc/0/Voltage", 12.8, "12.80V");
    EXPECT_FALSE(t.update("/Dc/0/Voltage", 12.8, "12.80V"));  // no change, no event
    t.update("/Dc/0/Voltage", 12.9, "12.90V");
    t.update("/Unknown", 1.0, "1");
    t.remove("/Dc/0/Voltage");
    t.remove("/Dc/0/Voltage");  // already gone: nothing

    const std::vector<std::string> expected{
        "changed /Dc/0/Voltage 12.80V", "changed /Dc/0/Voltage 12.90V", "removed /Dc/0/Voltage"};
    EXPECT_EQ(first.events, expected);
    EXPECT_EQ(second.events, expected);
    // The D-Bus batching path still works as before: one listener call per batch.
    EXPECT_EQ(listenerCalls, 1);
    EXPECT_TRUE(t.takeChanged().empty());  // the removed path left the batch

    t.removeObserver(first);
    t.add("/Mode", std::int32_t{1}, "1");
    EXPECT_EQ(first.events.size(), 3u);
    ASSERT_EQ(second.events.size(), 4u);
    EXPECT_EQ(second.events.back(), "changed /Mode 1");
    EXPECT_EQ(listenerCalls, 2);
    EXPECT_EQ(t.takeChanged(), std::vector<std::string>{"/Mode"});
}

}  // namespace
}  // namespace vreglink::venus
