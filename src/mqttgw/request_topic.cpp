// R/W topic parsing (venus-dbus-mqtt.md §4.2, §4.4).
#include "mqttgw/request_topic.h"

#include <charconv>

namespace vreglink::mqttgw {

std::optional<RequestTopic> parseRequestTopic(std::string_view topic, std::string_view portalId) {
    if (topic.size() < 2 || topic[1] != '/') return std::nullopt;
    RequestTopic request;
    if (topic[0] == 'R') {
        request.kind = RequestKind::Read;
    } else if (topic[0] == 'W') {
        request.kind = RequestKind::Write;
    } else {
        return std::nullopt;
    }
    std::string_view rest = topic.substr(2);
    if (portalId.empty() || rest.substr(0, portalId.size()) != portalId ||
        rest.size() <= portalId.size() || rest[portalId.size()] != '/') {
        return std::nullopt;
    }
    rest.remove_prefix(portalId.size() + 1);
    if (rest.find_first_of("+#") != std::string_view::npos) return std::nullopt;

    if (request.kind == RequestKind::Read && (rest == "keepalive" || rest == "system/0/Serial")) {
        request.legacyKeepAlive = rest != "keepalive";
        request.kind = RequestKind::KeepAlive;
        return request;
    }

    const auto typeEnd = rest.find('/');
    if (typeEnd == std::string_view::npos || typeEnd == 0) return std::nullopt;
    request.type = std::string(rest.substr(0, typeEnd));
    rest.remove_prefix(typeEnd + 1);

    const auto instanceEnd = rest.find('/');
    const std::string_view digits = rest.substr(0, instanceEnd);
    const auto [end, ec] =
        std::from_chars(digits.data(), digits.data() + digits.size(), request.instance);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) {
        return std::nullopt;
    }

    if (instanceEnd == std::string_view::npos || instanceEnd + 1 == rest.size()) {
        if (request.kind == RequestKind::Write) return std::nullopt;  // a write needs a leaf
        request.path = "/";  // R/<portal>/<type>/<instance>: the whole device
        return request;
    }
    request.path = "/";
    request.path.append(rest.substr(instanceEnd + 1));
    return request;
}

}  // namespace vreglink::mqttgw
