// VenusTopics: R reads, W writes, devices coming and going (venus-dbus-mqtt.md §4.2–4.5).
#include "venus_topics_fixture.h"

namespace vreglink::mqttgw {
namespace {

TEST_F(VenusTopicsTest, ReadOfALeafIsAnsweredEvenWhenNotAlive) {
    start();
    clearPublished();
    transport.deliver(r("solarcharger/288/Dc/0/Voltage"), "");
    EXPECT_FALSE(topics->alive());
    ASSERT_EQ(transport.published.size(), 1u);
    EXPECT_EQ(transport.published[0].message.topic, n("solarcharger/288/Dc/0/Voltage"));
    EXPECT_EQ(transport.published[0].message.payload, R"({"value":12.8})");
    EXPECT_FALSE(transport.published[0].message.retain);
    EXPECT_EQ(topics->counters().reads, 1u);
}

TEST_F(VenusTopicsTest, ReadOfASubtreeRepublishesEachLeafUnderIt) {
    start();
    clearPublished();
    transport.deliver(r("solarcharger/288/Dc/0"), "");
    EXPECT_EQ(transport.published.size(), 2u);
    EXPECT_EQ(transport.on(n("solarcharger/288/Dc/0/Voltage")).size(), 1u);
    EXPECT_EQ(transport.on(n("solarcharger/288/Dc/0/Current")).size(), 1u);

    clearPublished();
    transport.deliver(r("solarcharger/288/Dc"), "");  // not /DcX
    EXPECT_EQ(transport.published.size(), 3u);
    EXPECT_EQ(transport.on(n("solarcharger/288/Dc/1/Voltage")).size(), 1u);
    EXPECT_TRUE(transport.on(n("solarcharger/288/DcX")).empty());

    clearPublished();
    transport.deliver(r("solarcharger/288"), "");  // the whole device
    EXPECT_EQ(transport.published.size(), charger.items().size());
    EXPECT_EQ(valueMessages(), charger.items().size());
    EXPECT_TRUE(transport.on(n("full_publish_completed")).empty());
}

TEST_F(VenusTopicsTest, ReadsNotForUsAreIgnored) {
    start();
    clearPublished();
    transport.deliver("R/otherportal/solarcharger/288/Dc/0/Voltage", "");
    transport.deliver("R/otherportal/keepalive", "");
    transport.deliver(r("solarcharger/+/Dc/0/Voltage"), "");
    transport.deliver(r("solarcharger/288/#"), "");
    transport.deliver(r("solarcharger/999/Dc/0/Voltage"), "");                // no such device
    transport.deliver(r("solarcharger/288/Nope"), "");                        // no such path
    transport.deliver(n("solarcharger/288/Dc/0/Voltage"), R"({"value":1})");  // our own N
    EXPECT_TRUE(transport.published.empty());
    EXPECT_FALSE(topics->alive());
}

TEST_F(VenusTopicsTest, WriteCallsTheHandlerWithTheVenusType) {
    start();
    clearPublished();
    transport.deliver(w("solarcharger/288/Mode"), R"({"value": 4})");
    transport.deliver(w("solarcharger/288/Settings/ChargeCurrentLimit"), R"({"value": 15.5})");
    transport.deliver(w("solarcharger/288/Mode"), R"({"value": 4294967296})");
    transport.deliver(w("solarcharger/288/CustomName"), R"({"value": "Roof \"west\""})");
    transport.deliver(w("solarcharger/288/Mode"), R"({"value": false})");  // Mode is 1
    transport.deliver(w("solarcharger/288/Settings/ChargeCurrentLimit"), R"({"value": null})");
    const std::vector<venus::ItemValue> expected{
        std::int32_t{4},          15.5,
        std::int64_t{4294967296}, std::string("Roof \"west\""),
        std::int32_t{0},          venus::Invalid{}};
    EXPECT_EQ(writes, expected);
    EXPECT_EQ(topics->counters().writesOk, 6u);
    EXPECT_TRUE(transport.published.empty());  // §4.3: confirmation is the N topic, by the owner
}

TEST_F(VenusTopicsTest, WriteOfTheCurrentValueIsOkWithoutAskingTheOwner) {
    start();
    transport.deliver(w("solarcharger/288/Mode"), R"({"value": 1})");
    transport.deliver(w("solarcharger/288/Settings/ChargeCurrentLimit"), R"({"value": 20})");
    EXPECT_TRUE(writes.empty());  // velib: 5 == 5.0, answered 0 without a call (§2.2)
    EXPECT_EQ(topics->counters().writesOk, 2u);
}

TEST_F(VenusTopicsTest, WritesToReadOnlyOrUnknownItemsAreRefused) {
    start();
    clearPublished();
    transport.deliver(w("solarcharger/288/Dc/0/Voltage"), R"({"value": 14.0})");  // read-only
    transport.deliver(w("solarcharger/288/Nope"), R"({"value": 1})");
    transport.deliver(w("solarcharger/288/Dc"), R"({"value": 1})");  // a node
    transport.deliver(w("solarcharger/999/Mode"), R"({"value": 2})");
    transport.deliver("W/otherportal/solarcharger/288/Mode", R"({"value": 2})");  // not acted on
    EXPECT_TRUE(writes.empty());
    EXPECT_EQ(topics->counters().writesRefused, 4u);
    EXPECT_EQ(charger.find("/Dc/0/Voltage")->value, venus::ItemValue{12.8});
    EXPECT_TRUE(transport.published.empty());  // no error topic (§4.3)
}

TEST_F(VenusTopicsTest, WriteRejectedByTheOwnerIsCountedNotAnswered) {
    start();
    clearPublished();
    writeResult = venus::SetResult::Rejected;
    transport.deliver(w("solarcharger/288/Mode"), R"({"value": 9})");
    ASSERT_EQ(writes.size(), 1u);
    EXPECT_EQ(topics->counters().writesRefused, 1u);
    EXPECT_EQ(topics->counters().writesOk, 0u);
    EXPECT_TRUE(transport.published.empty());
}

TEST_F(VenusTopicsTest, MalformedWritesAreIgnored) {
    start();
    clearPublished();
    transport.deliver(w("solarcharger/288/Mode"), "2");
    transport.deliver(w("solarcharger/288/Mode"), "not json");
    transport.deliver(w("solarcharger/288/Mode"), R"({"val": 2})");
    transport.deliver(w("solarcharger/288/Mode"), R"({"value": [2]})");
    transport.deliver(w("solarcharger/288/Mode"), "");
    EXPECT_TRUE(writes.empty());
    EXPECT_EQ(topics->counters().malformed, 5u);
    EXPECT_TRUE(transport.published.empty());
}

TEST_F(VenusTopicsTest, RetainedRequestsAreStaleAndIgnored) {
    start();
    clearPublished();
    mqtt::Message stale;
    stale.topic = w("solarcharger/288/Mode");
    stale.payload = R"({"value": 3})";
    stale.retain = true;  // replayed by the broker on (re)subscription
    transport.deliver(stale);
    EXPECT_TRUE(writes.empty());
    stale.retain = false;
    transport.deliver(stale);
    EXPECT_EQ(writes.size(), 1u);
}

TEST_F(VenusTopicsTest, RemovedDeviceGetsZeroLengthPayloadsOnEveryTopic) {
    start();
    clearPublished();
    directory.remove(kChargerService);  // not alive: still cleared (§4.3)
    EXPECT_EQ(transport.published.size(), charger.items().size());
    for (const auto& [path, item] : charger.items()) {
        const auto got = transport.on(n("solarcharger/288" + path));
        ASSERT_EQ(got.size(), 1u) << path;
        EXPECT_TRUE(got[0].payload.empty()) << path;
        EXPECT_FALSE(got[0].retain);
    }
    EXPECT_EQ(transport.countUnder(n("battery/")), 0u);

    // It is gone: no more reads, writes or changes for it.
    keepAlive(R"({"keepalive-options": ["suppress-republish"]})");
    clearPublished();
    charger.update("/Dc/0/Voltage", 13.3, "13.30V");
    transport.deliver(r("solarcharger/288"), "");
    transport.deliver(w("solarcharger/288/Mode"), R"({"value": 2})");
    runFor(60ms);
    EXPECT_EQ(transport.countUnder(n("solarcharger/")), 0u);
    EXPECT_TRUE(writes.empty());
}

TEST_F(VenusTopicsTest, RemovedDeviceWhileAliveDropsItsPendingChanges) {
    start();
    keepAlive(R"({"keepalive-options": ["suppress-republish"]})");
    charger.update("/Dc/0/Voltage", 13.3, "13.30V");  // pending in the batch
    clearPublished();
    directory.remove(kChargerService);
    runFor(60ms);
    const auto voltage = transport.on(n("solarcharger/288/Dc/0/Voltage"));
    ASSERT_EQ(voltage.size(), 1u);
    EXPECT_TRUE(voltage[0].payload.empty());  // cleared, and the change never follows
}

TEST_F(VenusTopicsTest, DeviceAddedWhileAliveIsPublishedAtOnce) {
    start();
    venus::ItemTree inverter;
    inverter.add("/Ac/Out/L1/V", 230.1, "230.1V");
    inverter.add("/Mode", std::int32_t{2}, "2");
    directory.add({"com.victronenergy.inverter.tty_ttyUSB2", "inverter", 290, &inverter, nullptr});
    EXPECT_EQ(transport.countUnder(n("inverter/")), 0u);  // not alive: nothing
    directory.remove("com.victronenergy.inverter.tty_ttyUSB2");

    keepAlive(R"({"keepalive-options": ["suppress-republish"]})");
    clearPublished();
    directory.add({"com.victronenergy.inverter.tty_ttyUSB2", "inverter", 290, &inverter, nullptr});
    EXPECT_EQ(transport.countUnder(n("inverter/290/")), 2u);
    EXPECT_EQ(transport.on(n("inverter/290/Ac/Out/L1/V"))[0].payload, R"({"value":230.1})");
    // And its changes flow like any other device's.
    inverter.update("/Mode", std::int32_t{3}, "3");
    ASSERT_TRUE(runUntil([&] { return transport.on(n("inverter/290/Mode")).size() == 2; }));
    EXPECT_EQ(transport.on(n("inverter/290/Mode"))[1].payload, R"({"value":3})");
    directory.remove("com.victronenergy.inverter.tty_ttyUSB2");
}

TEST_F(VenusTopicsTest, ItemsAddedAndRemovedWhileAlive) {
    start();
    keepAlive(R"({"keepalive-options": ["suppress-republish"]})");
    clearPublished();
    charger.add("/Load/State", std::int32_t{1}, "1");
    ASSERT_TRUE(runUntil([&] { return !transport.on(n("solarcharger/288/Load/State")).empty(); }));
    charger.remove("/DcX");
    const auto gone = transport.on(n("solarcharger/288/DcX"));
    ASSERT_EQ(gone.size(), 1u);
    EXPECT_TRUE(gone[0].payload.empty());
}

}  // namespace
}  // namespace vreglink::mqttgw
