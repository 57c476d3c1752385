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

}  // namespace vreglink::mqtt
