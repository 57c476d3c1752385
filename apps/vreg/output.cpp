#include "output.h"

#include <fmt/format.h>

#include <chrono>

#include <unistd.h>

namespace vreglink::cli {

nlohmann::json valueJson(const catalog::DecodedValue& value) {
    using Kind = catalog::DecodedValue::Kind;
    switch (value.kind) {
        case Kind::Number:
            return value.number ? nlohmann::json(*value.number) : nlohmann::json();
        case Kind::NotAvailable:
            return nullptr;
        case Kind::Label:
        case Kind::Flags:
        case Kind::Text:
        case Kind::Raw:
            return value.text;
    }
    return nullptr;
}

nlohmann::json registerJson(VregId id, const catalog::RegisterInfo* info,
                            const device::VregReply& reply) {
    nlohmann::json j;
    j["vreg"] = formatVregId(id);
    if (info) j["name"] = info->name;
    j["status"] = reply.status.code;
    if (reply.status.isError()) {
        j["error"] = reply.message.empty() ? describeStatus(reply.status) : reply.message;
        return j;
    }
    j["data"] = toHex(reply.data);
    const auto value = catalog::decodeValue(info, reply.data);
    j["value"] = valueJson(value);
    if (!value.unit.empty()) j["unit"] = value.unit;
    j["text"] = value.display();
    return j;
}

std::string describeReply(const device::VregReply& reply) {
    std::string s =
        fmt::format("error {} ({})", formatStatus(reply.status), describeStatus(reply.status));
    if (!reply.message.empty()) s += ": " + reply.message;
    return s;
}

std::string registerLine(VregId id, const catalog::RegisterInfo* info,
                         const device::VregReply& reply) {
    const std::string name = info ? info->name : "(unknown register)";
    if (reply.status.isError()) {
        return fmt::format("{}  {:<34} {}", formatVregId(id), name, describeReply(reply));
    }
    const auto value = catalog::decodeValue(info, reply.data);
    std::string line = fmt::format("{}  {:<34} {:<18} [{}]", formatVregId(id), name,
                                   value.display(), toHexSpaced(reply.data));
    if (!value.note.empty()) line += "  (" + value.note + ")";
    return line;
}

void printJsonLine(const nlohmann::json& j) {
    const std::string s = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::fwrite(s.data(), 1, s.size(), stdout);
    std::fputc('\n', stdout);
}

bool isTerminal(std::FILE* stream) {
    return ::isatty(::fileno(stream)) == 1;
}

double unixTime() {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace vreglink::cli
