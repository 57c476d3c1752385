// R/W topic parsing (venus-dbus-mqtt.md §4.2, §4.4, §4.5).
#include "mqttgw/request_topic.h"

#include <gtest/gtest.h>

namespace vreglink::mqttgw {
namespace {

TEST(RequestTopic, KeepAlives) {
    auto r = parseRequestTopic("R/c0619ab1/keepalive", "c0619ab1");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->kind, RequestKind::KeepAlive);
    EXPECT_FALSE(r->legacyKeepAlive);
    r = parseRequestTopic("R/c0619ab1/system/0/Serial", "c0619ab1");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->kind, RequestKind::KeepAlive);
    EXPECT_TRUE(r->legacyKeepAlive);
    EXPECT_FALSE(parseRequestTopic("W/c0619ab1/keepalive", "c0619ab1"));  // a W needs a device
}

TEST(RequestTopic, ReadsOfLeavesNodesAndDevices) {
    auto r = parseRequestTopic("R/p1/solarcharger/288/Dc/0/Voltage", "p1");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->kind, RequestKind::Read);
    EXPECT_EQ(r->type, "solarcharger");
    EXPECT_EQ(r->instance, 288);
    EXPECT_EQ(r->path, "/Dc/0/Voltage");
    r = parseRequestTopic("R/p1/solarcharger/288/Dc", "p1");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->path, "/Dc");
    r = parseRequestTopic("R/p1/solarcharger/288", "p1");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->path, "/");
    r = parseRequestTopic("R/p1/battery/-1/Soc", "p1");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->instance, -1);
}

TEST(RequestTopic, Writes) {
    auto r = parseRequestTopic("W/p1/solarcharger/288/Settings/ChargeCurrentLimit", "p1");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->kind, RequestKind::Write);
    EXPECT_EQ(r->path, "/Settings/ChargeCurrentLimit");
    EXPECT_FALSE(parseRequestTopic("W/p1/solarcharger/288", "p1"));
    EXPECT_FALSE(parseRequestTopic("W/p1/solarcharger/288/", "p1"));
}

TEST(RequestTopic, NotOursOrNotSupported) {
    EXPECT_FALSE(parseRequestTopic("N/p1/solarcharger/288/Dc/0/Voltage", "p1"));
    EXPECT_FALSE(parseRequestTopic("R/p2/solarcharger/288/Dc/0/Voltage", "p1"));  // §4.5
    EXPECT_FALSE(parseRequestTopic("R/p1x/keepalive", "p1"));
    EXPECT_FALSE(parseRequestTopic("R/p1", "p1"));
    EXPECT_FALSE(parseRequestTopic("R/p1/solarcharger/+/Dc/0/Voltage", "p1"));  // no wildcards
    EXPECT_FALSE(parseRequestTopic("R/p1/solarcharger/288/#", "p1"));
    EXPECT_FALSE(parseRequestTopic("R/p1/solarcharger/abc/Dc", "p1"));
    EXPECT_FALSE(parseRequestTopic("R/p1/solarcharger", "p1"));
    EXPECT_FALSE(parseRequestTopic("R/p1//288", "p1"));
    EXPECT_FALSE(parseRequestTopic("P/p1/in", "p1"));
    EXPECT_FALSE(parseRequestTopic("R/keepalive", ""));
}

}  // namespace
}  // namespace vreglink::mqttgw
