#include "mqttgw/rpc_json.h"

#include "catalog/catalog.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <string>

namespace vreglink::mqttgw::detail {
namespace {

using nlohmann::json;

// Only asked after the non-throwing parse failed: keeps nlohmann's description of the first
// syntax error ("syntax error while parsing object key - …; last read: '{x'") without exceptions.
class SyntaxErrorFinder final : public nlohmann::json_sax<json> {
  public:
    std::string message;

    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { return true; }
    bool key(string_t&) override { return true; }
    bool end_object() override { return true; }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }
    bool parse_error(std::size_t, const std::string&,
                     const nlohmann::detail::exception& error) override {
        message = error.what();
        // "[json.exception.parse_error.101] parse error at line 1, …": keep what people read.
        if (const auto bracket = message.find("] "); message.starts_with('[') && bracket != 0) {
            message.erase(0, bracket + 2);
        }
        return false;
    }
};

bool isHexDigitsOnly(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return hexDigitValue(c) >= 0; });
}

}  // namespace

Result<json> parseJson(std::string_view text) {
    json value = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!value.is_discarded()) return value;
    SyntaxErrorFinder finder;
    (void)json::sax_parse(text, &finder);
    if (finder.message.empty()) finder.message = "not a JSON document";
    return Error{"malformed JSON: " + finder.message};
}

Result<VregId> readVreg(const json& value, std::string_view field) {
    if (value.is_number_integer()) {  // nlohmann reads every non-negative integer as unsigned
        if (!value.is_number_unsigned() || value.get<std::uint64_t>() > 0xFFFF) {
            return Error{
                fmt::format("{} {} is not a register id (0..65535)", field, shortDump(value))};
        }
        return VregId(static_cast<std::uint16_t>(value.get<std::uint64_t>()));
    }
    if (!value.is_string()) {
        return Error{fmt::format("{} must be a string like \"0xEDF0\" or a register name, not {}",
                                 field, shortDump(value))};
    }
    auto resolved = catalog::Catalog::builtin().resolve(value.get_ref<const std::string&>());
    if (!resolved) return Error{fmt::format("bad {}: {}", field, resolved.error())};
    return *resolved;
}

Result<Bytes> readHex(const json& value, std::string_view field) {
    if (!value.is_string()) {
        return Error{
            fmt::format("{} must be a hex string like \"9600\", not {}", field, shortDump(value))};
    }
    const auto& text = value.get_ref<const std::string&>();
    if (auto bytes = parseHexBytes(text)) return std::move(*bytes);
    if (isHexDigitsOnly(text)) {
        return Error{
            fmt::format("bad {} \"{}\": odd number of hex digits ({})", field, text, text.size())};
    }
    return Error{fmt::format("bad {} {}: not hex bytes like \"9600\"", field, shortDump(value))};
}

Result<VregStatus> readStatus(const json& value, std::string_view field) {
    if (!value.is_number_unsigned() || value.get<std::uint64_t>() > 0xFFFF) {
        return Error{
            fmt::format("{} must be an integer 0..65535, not {}", field, shortDump(value))};
    }
    return VregStatus(static_cast<std::uint16_t>(value.get<std::uint64_t>()));
}

std::string shortDump(const json& value) {
    // Containers by kind only: dumping one is recursive, and a request may nest deeply.
    if (value.is_object()) return "an object";
    if (value.is_array()) return "an array";
    constexpr std::size_t kLimit = 40;
    std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
    if (text.size() > kLimit) text = text.substr(0, kLimit) + "…";
    return text;
}

}  // namespace vreglink::mqttgw::detail
