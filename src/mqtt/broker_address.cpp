#include "mqtt/broker_address.h"

#include <charconv>
#include <string>

namespace vreglink::mqtt {

Result<BrokerAddress> parseBrokerAddress(std::string_view text) {
    std::string_view host = text;
    std::string_view port;
    if (!text.empty() && text.front() == '[') {  // [::1]:1883
        const auto close = text.find(']');
        if (close == std::string_view::npos) return Error{"unclosed [ in the broker address"};
        host = text.substr(1, close - 1);
        const auto rest = text.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':') return Error{"expected :PORT after ]"};
            port = rest.substr(1);
        }
    } else if (const auto colon = text.rfind(':');
               colon != std::string_view::npos && text.find(':') == colon) {
        host = text.substr(0, colon);  // one colon: HOST:PORT; more: a bare IPv6 address
        port = text.substr(colon + 1);
    }
    if (host.empty()) return Error{"expected HOST or HOST:PORT"};
    BrokerAddress address{std::string(host), 0};
    if (!port.empty()) {
        const auto [end, ec] =
            std::from_chars(port.data(), port.data() + port.size(), address.port);
        if (ec != std::errc() || end != port.data() + port.size() || address.port == 0) {
            return Error{"\"" + std::string(port) + "\" is not a port (1..65535)"};
        }
    }
    return address;
}

bool isValidPortalId(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    for (const char c : id) {
        if (c == '/' || c == '+' || c == '#' || c == ' ' || static_cast<unsigned char>(c) < 0x20) {
            return false;
        }
    }
    return true;
}

}  // namespace vreglink::mqtt
