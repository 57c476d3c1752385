// What a client asks for on the R and W topics of one portal (venus-dbus-mqtt.md §4.2):
// keep-alive (R/<portal>/keepalive, legacy R/<portal>/system/0/Serial), a read of a leaf or a
// subtree (R/<portal>/<type>/<instance>[/<path>]), or a write
// (W/<portal>/<type>/<instance>/<path>). Pure topic parsing, no device lookup.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vreglink::mqttgw {

enum class RequestKind : std::uint8_t { KeepAlive, Read, Write };

struct RequestTopic {
    RequestKind kind = RequestKind::Read;
    // R/<portal>/system/0/Serial: a keep-alive that also reads the Serial (dbus-flashmq does both).
    bool legacyKeepAlive = false;
    std::string type;  // "solarcharger"; empty for keep-alives
    std::int32_t instance = 0;
    std::string path;  // D-Bus style, leading '/': "/Dc/0/Voltage", "/Dc", "/" for the device
};

// nullopt for everything that is not a request to `portalId`: N topics, other portals (§4.5:
// relayed by the broker but not acted on), wildcards (§4.2: not supported), an instance that is
// not a number, a W without a path.
std::optional<RequestTopic> parseRequestTopic(std::string_view topic, std::string_view portalId);

}  // namespace vreglink::mqttgw
