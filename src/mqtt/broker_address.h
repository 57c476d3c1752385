// "HOST", "HOST:PORT", "[IPv6]:PORT": how people name an MQTT broker on a command line
// (`vreglinkd --mqtt`, `vreg --mqtt`). Port 0 means the default (1883, or 8883 with TLS).
#pragma once

#include "core/result.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace vreglink::mqtt {

struct BrokerAddress {
    std::string host;
    std::uint16_t port = 0;
};

// Errors name what is wrong ("\"x\" is not a port (1..65535)").
Result<BrokerAddress> parseBrokerAddress(std::string_view text);

// A portal id is one topic level of N/<portal>/… (venus-dbus-mqtt.md §4.1): 1..64 characters
// without '/', '+', '#', spaces or control characters. The daemon and `vreg --mqtt` check alike.
bool isValidPortalId(std::string_view id);

}  // namespace vreglink::mqtt
