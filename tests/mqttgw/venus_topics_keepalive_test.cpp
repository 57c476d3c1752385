// VenusTopics: connection, keep-alive, republish and changes (venus-dbus-mqtt.md §4.2–4.4).
#include "venus_topics_fixture.h"

#include <algorithm>
#include <cstdlib>
#include <set>

namespace vreglink::mqttgw {
namespace {

TEST_F(VenusTopicsTest, ConnectPublishesRetainedSerialAndKeepAliveAndNothingElse) {
    start();
    const auto serial = transport.on(n("system/0/Serial"));
    ASSERT_EQ(serial.size(), 1u);
    EXPECT_EQ(serial[0].payload, R"({"value":"c0619ab9929a"})");
    EXPECT_TRUE(serial[0].retain);
    const auto keepalive = transport.on(n("keepalive"));
    ASSERT_EQ(keepalive.size(), 1u);
    EXPECT_EQ(keepalive[0].payload, "1");
    EXPECT_FALSE(keepalive[0].retain);
    EXPECT_EQ(transport.published.size(), 2u);
    EXPECT_EQ(transport.subscriptions,
              (std::vector<std::string>{"R/c0619ab9929a/#", "W/c0619ab9929a/#"}));

    // Not alive: changes, heartbeats, nothing is published.
    charger.update("/Dc/0/Voltage", 13.1, "13.10V");
    runFor(250ms);
    EXPECT_FALSE(topics->alive());
    EXPECT_EQ(transport.published.size(), 2u);
}

TEST_F(VenusTopicsTest, KeepAliveRepublishesEveryLeafThenCompletedWithEcho) {
    start();
    clearPublished();
    keepAlive(R"({"keepalive-options": [{"full-publish-completed-echo": "B9FMlGWoCcfMKc"}]})");
    EXPECT_TRUE(topics->alive());

    // Every leaf of every device, once, with its value; invalid is null.
    for (const auto* tree : {&charger, &shunt}) {
        const std::string prefix = tree == &charger ? "solarcharger/288" : "battery/289";
        for (const auto& [path, item] : tree->items()) {
            const auto got = transport.on(n(prefix + path));
            ASSERT_EQ(got.size(), 1u) << path;
            EXPECT_FALSE(got[0].retain);
            EXPECT_EQ(got[0].qos, mqtt::Qos::AtMostOnce);
        }
    }
    EXPECT_EQ(valueMessages(), charger.items().size() + shunt.items().size());
    EXPECT_EQ(transport.on(n("solarcharger/288/State"))[0].payload, R"({"value":null})");
    EXPECT_EQ(transport.on(n("solarcharger/288/Dc/0/Voltage"))[0].payload, R"({"value":12.8})");
    EXPECT_EQ(transport.on(n("solarcharger/288/CustomName"))[0].payload,
              R"({"value":"Roof \"east\""})");
    EXPECT_EQ(transport.on(n("system/0/Serial")).size(), 1u);

    // full_publish_completed comes after the last value and carries the token.
    const auto& all = transport.published;
    const auto completed = std::find_if(all.begin(), all.end(), [](const auto& p) {
        return p.message.topic == n("full_publish_completed");
    });
    ASSERT_NE(completed, all.end());
    const auto lastValue = std::find_if(all.rbegin(), all.rend(), [](const auto& p) {
        return p.message.topic.starts_with(n("battery/"));
    });
    EXPECT_LT(lastValue.base() - all.begin(), completed - all.begin() + 1);
    EXPECT_TRUE(completed->message.payload.starts_with(
        R"({"full-publish-completed-echo":"B9FMlGWoCcfMKc","value":)"));
    EXPECT_EQ(transport.on(n("heartbeat")).size(), 1u);  // the first heartbeat at once
    EXPECT_EQ(topics->counters().fullRepublishes, 1u);
}

TEST_F(VenusTopicsTest, EmptyKeepAliveCompletesWithoutEcho) {
    start();
    keepAlive();
    const auto completed = transport.on(n("full_publish_completed"));
    ASSERT_EQ(completed.size(), 1u);
    // {"value":<unix seconds>} and nothing else.
    const std::string& payload = completed[0].payload;
    ASSERT_TRUE(payload.starts_with(R"({"value":)") && payload.ends_with("}")) << payload;
    const std::string seconds = payload.substr(9, payload.size() - 10);
    EXPECT_TRUE(std::all_of(seconds.begin(), seconds.end(), [](char c) {
        return c >= '0' && c <= '9';
    })) << payload;
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    EXPECT_LE(std::abs(std::stoll(seconds) - now), 5);
}

TEST_F(VenusTopicsTest, LegacySerialKeepAliveAlsoWorks) {
    start();
    clearPublished();
    transport.deliver(r("system/0/Serial"), "");
    EXPECT_TRUE(topics->alive());
    EXPECT_EQ(valueMessages(), charger.items().size() + shunt.items().size());
    EXPECT_EQ(transport.on(n("full_publish_completed")).size(), 1u);
}

TEST_F(VenusTopicsTest, SuppressRepublishOnlyExtendsTheWindowButChangesFlow) {
    start();
    clearPublished();
    keepAlive(R"({"keepalive-options": ["suppress-republish"]})");
    EXPECT_TRUE(topics->alive());
    EXPECT_EQ(valueMessages(), 0u);
    EXPECT_TRUE(transport.on(n("full_publish_completed")).empty());
    EXPECT_EQ(topics->counters().fullRepublishes, 0u);

    charger.update("/Dc/0/Voltage", 13.2, "13.20V");
    ASSERT_TRUE(
        runUntil([&] { return !transport.on(n("solarcharger/288/Dc/0/Voltage")).empty(); }));
    EXPECT_EQ(transport.on(n("solarcharger/288/Dc/0/Voltage"))[0].payload, R"({"value":13.2})");
    EXPECT_EQ(valueMessages(), 1u);
}

TEST_F(VenusTopicsTest, ChangesAreBatchedWhileAliveAndStopAfterTheWindow) {
    start();
    keepAlive(R"({"keepalive-options": ["suppress-republish"]})");
    clearPublished();
    const auto changedAt = std::chrono::steady_clock::now();
    charger.update("/Dc/0/Voltage", 12.9, "12.90V");
    charger.update("/Dc/0/Current", 4.0, "4.0A");
    charger.update("/Dc/0/Voltage", 13.0, "13.00V");  // same path twice: once, latest value
    shunt.update("/Soc", 88.0, "88.0%");
    ASSERT_TRUE(runUntil([&] { return valueMessages() == 3; }));
    runFor(60ms);  // nothing more comes for this batch
    EXPECT_EQ(valueMessages(), 3u);
    const auto voltage = transport.entriesOn(n("solarcharger/288/Dc/0/Voltage"));
    ASSERT_EQ(voltage.size(), 1u);
    EXPECT_EQ(voltage[0].message.payload, R"({"value":13.0})");
    EXPECT_GE(voltage[0].at - changedAt, 20ms);  // held for the batch interval
    EXPECT_EQ(transport.on(n("solarcharger/288/Dc/0/Current"))[0].payload, R"({"value":4.0})");
    EXPECT_EQ(transport.on(n("battery/289/Soc"))[0].payload, R"({"value":88.0})");

    // The window closes 300 ms after the keep-alive: changes are no longer published.
    ASSERT_TRUE(runUntil([&] { return !topics->alive(); }));
    clearPublished();
    charger.update("/Dc/0/Voltage", 14.0, "14.00V");
    runFor(150ms);
    EXPECT_EQ(valueMessages(), 0u);
    EXPECT_TRUE(transport.on(n("heartbeat")).empty());
}

TEST_F(VenusTopicsTest, HeartbeatEveryIntervalOnlyWhileAlive) {
    start();
    clearPublished();
    const auto keptAliveAt = std::chrono::steady_clock::now();
    keepAlive(R"({"keepalive-options": ["suppress-republish"]})");
    ASSERT_TRUE(runUntil([&] { return !topics->alive(); }));
    runFor(250ms);  // would show heartbeats after the window
    const auto beats = transport.entriesOn(n("heartbeat"));
    // 300 ms window, 100 ms cadence: at 0, 100, 200 (and maybe just before 300); a loaded
    // machine may fire late, never early, and never after the window.
    ASSERT_GE(beats.size(), 2u);
    ASSERT_LE(beats.size(), 4u);
    for (std::size_t i = 1; i < beats.size(); ++i) {
        EXPECT_GE(beats[i].at - beats[i - 1].at, 99ms);
        EXPECT_LE(beats[i].at - beats[i - 1].at, 250ms);
    }
    EXPECT_LT(beats.back().at - keptAliveAt, 350ms);
    EXPECT_TRUE(beats[0].message.payload.starts_with(R"({"value":)"));

    // A new keep-alive restarts it.
    keepAlive(R"({"keepalive-options": ["suppress-republish"]})");
    EXPECT_EQ(transport.on(n("heartbeat")).size(), beats.size() + 1);
}

TEST_F(VenusTopicsTest, KeepAlivesExtendTheWindow) {
    start();
    keepAlive(R"({"keepalive-options": ["suppress-republish"]})");
    for (int i = 0; i < 4; ++i) {
        runFor(150ms);
        EXPECT_TRUE(topics->alive());
        keepAlive(R"({"keepalive-options": ["suppress-republish"]})");
    }
    ASSERT_TRUE(runUntil([&] { return !topics->alive(); }));
}

TEST_F(VenusTopicsTest, RepublishesAreRateLimitedButNoEchoIsLost) {
    start();
    clearPublished();
    std::set<std::string> tokens;
    for (int i = 0; i < 10; ++i) {
        const std::string token = "tok" + std::to_string(i);
        tokens.insert(token);
        keepAlive(R"({"keepalive-options": [{"full-publish-completed-echo": ")" + token +
                  R"("}]})");
    }
    std::set<std::string> answered;
    ASSERT_TRUE(runUntil(
        [&] {
            answered.clear();
            for (const auto& m : transport.on(n("full_publish_completed"))) {
                const auto at = m.payload.find("tok");
                if (at != std::string::npos) answered.insert(m.payload.substr(at, 4));
            }
            return answered == tokens;
        },
        3s));
    runFor(500ms);  // and no further republish comes
    // A bucket of 3, then everything over the limit coalesced into one.
    EXPECT_EQ(topics->counters().fullRepublishes, 4u);
    EXPECT_EQ(topics->counters().republishesDeferred, 7u);
    EXPECT_EQ(transport.on(n("solarcharger/288/Dc/0/Voltage")).size(), 4u);
    EXPECT_EQ(transport.on(n("full_publish_completed")).size(), 10u);
}

TEST_F(VenusTopicsTest, ReconnectRepublishesSerialAndKeepsSubscriptions) {
    start();
    transport.disconnect();
    keepAlive();  // delivered by a fake while offline: publishes are dropped, not queued
    EXPECT_GT(transport.dropped, 0);
    EXPECT_TRUE(transport.outbox.empty());
    transport.connect();
    EXPECT_EQ(transport.on(n("system/0/Serial")).size(), 2u);
    EXPECT_TRUE(transport.on(n("system/0/Serial"))[1].retain);
    EXPECT_EQ(transport.on(n("keepalive")).size(), 2u);
    // Subscribed once; the transport renews subscriptions on every reconnect (transport.h).
    EXPECT_EQ(transport.subscriptions,
              (std::vector<std::string>{"R/c0619ab9929a/#", "W/c0619ab9929a/#"}));
}

TEST_F(VenusTopicsTest, SixteenDevicesRepublishWellUnder100Milliseconds) {
    std::vector<std::unique_ptr<venus::ItemTree>> trees;
    for (int d = 0; d < 16; ++d) {
        auto tree = std::make_unique<venus::ItemTree>();
        for (int i = 0; i < 120; ++i) {
            tree->add("/Group" + std::to_string(i / 10) + "/Value" + std::to_string(i),
                      12.5 + i * 0.01, "x");
        }
        directory.add({"com.victronenergy.solarcharger.dev" + std::to_string(d), "solarcharger",
                       300 + d, tree.get(), nullptr});
        trees.push_back(std::move(tree));
    }
    start();
    keepAlive();
    EXPECT_GE(valueMessages(), 16u * 120u);
    EXPECT_LT(topics->counters().lastFullRepublish, 100ms);
    RecordProperty("full_republish_us",
                   static_cast<int>(topics->counters().lastFullRepublish.count()));
    topics.reset();  // before the trees go
    for (int d = 0; d < 16; ++d)
        directory.remove("com.victronenergy.solarcharger.dev" + std::to_string(d));
}

}  // namespace
}  // namespace vreglink::mqttgw
