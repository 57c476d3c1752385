// Value payloads (venus-dbus-mqtt.md §4.3). Encoding is hand-written: it runs for every published
// topic (a full republish is thousands of them), needs no allocation beyond the result and no
// locale. Decoding uses nlohmann's non-throwing parser: W payloads are rare and untrusted.
#include "mqttgw/value_payload.h"

#include <nlohmann/json.hpp>

#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <type_traits>
#include <variant>

namespace vreglink::mqttgw {

namespace {

template <typename Int>
void appendInteger(std::string& out, Int v) {
    std::array<char, 24> buf{};
    const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v);
    (void)ec;  // 24 characters hold any 64-bit integer
    out.append(buf.data(), end);
}

void appendDouble(std::string& out, double v) {
    if (!std::isfinite(v)) {
        out += "null";
        return;
    }
    std::array<char, 32> buf{};
    const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v);
    (void)ec;  // shortest round-trip text of a double is at most 24 characters
    const std::string_view text(buf.data(), static_cast<std::size_t>(end - buf.data()));
    out += text;
    // "1" would read back as an integer (Python json, JavaScript BigInt parsers): keep it a float.
    if (text.find_first_of(".e") == std::string_view::npos) out += ".0";
}

}  // namespace

void appendJsonString(std::string& out, std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += '"';
    for (const char c : text) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    const auto u = static_cast<unsigned char>(c);
                    out += "\\u00";
                    out += kHex[u >> 4];
                    out += kHex[u & 0xF];
                } else {
                    out += c;  // UTF-8 passes through as it is
                }
        }
    }
    out += '"';
}

void appendJsonValue(std::string& out, const venus::ItemValue& value) {
    std::visit(
        [&out](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, venus::Invalid>) {
                out += "null";
            } else if constexpr (std::is_same_v<T, double>) {
                appendDouble(out, v);
            } else if constexpr (std::is_same_v<T, std::string>) {
                appendJsonString(out, v);
            } else {
                appendInteger(out, v);
            }
        },
        value);
}

std::string encodeValuePayload(const venus::ItemValue& value) {
    std::string out;
    out.reserve(32);
    out += "{\"value\":";
    appendJsonValue(out, value);
    out += '}';
    return out;
}

std::string encodeTimestampPayload(std::int64_t unixSeconds, std::string_view echo) {
    // Key order as dbus-flashmq's nlohmann dump (sorted): the echo first, then the value.
    std::string out = "{";
    if (!echo.empty()) {
        out += "\"full-publish-completed-echo\":";
        appendJsonString(out, echo);
        out += ',';
    }
    out += "\"value\":";
    appendInteger(out, unixSeconds);
    out += '}';
    return out;
}

Result<venus::ItemValue> decodeWritePayload(std::string_view payload) {
    const auto json = nlohmann::json::parse(payload, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded()) return Error{"payload is not JSON"};
    if (!json.is_object()) return Error{"payload is not a JSON object"};
    const auto it = json.find("value");
    if (it == json.end()) return Error{"payload has no \"value\" key"};
    const nlohmann::json& v = *it;
    switch (v.type()) {
        case nlohmann::json::value_t::null:
            return venus::ItemValue{venus::Invalid{}};
        case nlohmann::json::value_t::boolean:
            return venus::ItemValue{std::int32_t{v.get_ref<const bool&>() ? 1 : 0}};
        case nlohmann::json::value_t::number_integer:
            return venus::itemValueFromInteger(v.get_ref<const std::int64_t&>());
        case nlohmann::json::value_t::number_unsigned: {
            const std::uint64_t u = v.get_ref<const std::uint64_t&>();
            if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
                return Error{"\"value\" is an integer beyond int64"};
            }
            return venus::itemValueFromInteger(static_cast<std::int64_t>(u));
        }
        case nlohmann::json::value_t::number_float:
            return venus::ItemValue{v.get_ref<const double&>()};
        case nlohmann::json::value_t::string:
            return venus::ItemValue{v.get_ref<const std::string&>()};
        case nlohmann::json::value_t::array:
            return Error{"\"value\" is an array"};
        case nlohmann::json::value_t::object:
            return Error{"\"value\" is an object"};
        default:
            return Error{"\"value\" has an unsupported JSON type"};
    }
}

}  // namespace vreglink::mqttgw
