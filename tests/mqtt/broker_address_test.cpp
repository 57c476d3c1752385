// How people name a broker on the command line (vreglinkd --mqtt, vreg --mqtt).
#include "mqtt/broker_address.h"

#include <gtest/gtest.h>

namespace vreglink::mqtt {
namespace {

TEST(BrokerAddress, HostPortAndIpv6Forms) {
    const auto plain = parseBrokerAddress("broker.lan");
    ASSERT_TRUE(plain) << plain.error();
    EXPECT_EQ(plain->host, "broker.lan");
    EXPECT_EQ(plain->port, 0);  // the default: 1883, or 8883 with TLS
    const auto withPort = parseBrokerAddress("10.0.0.5:1884");
    ASSERT_TRUE(withPort);
    EXPECT_EQ(withPort->host, "10.0.0.5");
    EXPECT_EQ(withPort->port, 1884);
    const auto v6 = parseBrokerAddress("[::1]:1883");
    ASSERT_TRUE(v6);
    EXPECT_EQ(v6->host, "::1");
    EXPECT_EQ(v6->port, 1883);
    const auto bare = parseBrokerAddress("::1");  // a bare IPv6 address has no port
    ASSERT_TRUE(bare);
    EXPECT_EQ(bare->host, "::1");
    EXPECT_EQ(bare->port, 0);
}

TEST(BrokerAddress, ErrorsSayWhatIsWrong) {
    for (const char* bad : {"", ":1883", "host:0", "host:99999", "host:x", "[::1", "[::1]x"}) {
        EXPECT_FALSE(parseBrokerAddress(bad)) << bad;
    }
    EXPECT_EQ(parseBrokerAddress("host:x").error(), "\"x\" is not a port (1..65535)");
}

}  // namespace
}  // namespace vreglink::mqtt
