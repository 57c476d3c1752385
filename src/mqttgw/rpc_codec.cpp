// Requests of VregLink RPC over MQTT (README "VregLink RPC over MQTT"). Fields are read in a fixed
// order — id, client, op, then the op's own — so that an error reply can echo what was readable.
#include "mqttgw/rpc_codec.h"

#include "mqttgw/rpc_json.h"

#include <fmt/format.h>

#include <charconv>
#include <optional>

namespace vreglink::mqttgw {
namespace {

using nlohmann::json;

// The reader: turns a field problem into the RpcError carrying what was read so far.
class RequestReader {
  public:
    explicit RequestReader(const json& object) : object_(object) {}

    const json* field(std::string_view name) const {
        const auto it = object_.find(name);
        return it == object_.end() ? nullptr : &*it;
    }
    RpcError fail(std::string message, VregStatus status = VregStatus::invalid()) const {
        return RpcError{status, std::move(message), request.id, request.client};
    }

    std::optional<RpcError> readEnvelope();  // id, client
    std::optional<RpcError> readOp();
    std::optional<RpcError> readDevice();
    std::optional<RpcError> readVregs();
    std::optional<RpcError> readData();

    RpcRequest request;

  private:
    const json& object_;
};

std::optional<RpcError> RequestReader::readEnvelope() {
    if (const json* id = field("id")) {
        if (!id->is_string() && !id->is_number()) {
            return fail(
                fmt::format("\"id\" must be a string or a number, not {}", detail::shortDump(*id)));
        }
        request.id = *id;
    }
    if (const json* client = field("client")) {
        if (!client->is_string() || client->get_ref<const std::string&>().empty() ||
            client->get_ref<const std::string&>().find_first_of("+#") != std::string::npos) {
            return fail(fmt::format("\"client\" must be a client id without '+' or '#', not {}",
                                    detail::shortDump(*client)));
        }
        request.client = client->get<std::string>();
    }
    return std::nullopt;
}

std::optional<RpcError> RequestReader::readOp() {
    const json* op = field("op");
    if (op == nullptr) return fail("missing \"op\" (list, get or set)");
    if (!op->is_string()) {
        return fail(fmt::format("\"op\" must be a string (list, get or set), not {}",
                                detail::shortDump(*op)));
    }
    const auto& name = op->get_ref<const std::string&>();
    for (const RpcOp known : {RpcOp::List, RpcOp::Get, RpcOp::Set}) {
        if (name == rpcOpName(known)) {
            request.op = known;
            return std::nullopt;
        }
    }
    // An op this server does not know: "not supported" rather than "invalid" (§3.2).
    return fail(fmt::format("unknown op {} (list, get or set)", detail::shortDump(*op)),
                VregStatus::notSupported());
}

std::optional<RpcError> RequestReader::readDevice() {
    const json* device = field("device");
    if (device == nullptr) return fail("missing \"device\" (like \"solarcharger/288\")");
    if (!device->is_string() || !isDeviceKey(device->get_ref<const std::string&>())) {
        return fail(
            fmt::format("\"device\" must be <type>/<instance> like \"solarcharger/288\", "
                        "not {}",
                        detail::shortDump(*device)));
    }
    request.device = device->get<std::string>();
    return std::nullopt;
}

std::optional<RpcError> RequestReader::readVregs() {
    const json* one = field("vreg");
    const json* several = field("vregs");
    if (one != nullptr && several != nullptr) return fail("give \"vreg\" or \"vregs\", not both");
    if (one != nullptr) {
        auto id = detail::readVreg(*one, "\"vreg\"");
        if (!id) return fail(id.error());
        request.vregs = {*id};
        return std::nullopt;
    }
    if (several == nullptr) return fail("missing \"vreg\" (like \"0xEDF0\")");
    if (request.op != RpcOp::Get) return fail("\"vregs\" is for get; set takes one \"vreg\"");
    if (!several->is_array() || several->empty()) {
        return fail(fmt::format("\"vregs\" must be a non-empty array of registers, not {}",
                                detail::shortDump(*several)));
    }
    if (several->size() > kMaxVregsPerRequest) {
        return fail(fmt::format("too many \"vregs\": {} (at most {} per request)", several->size(),
                                kMaxVregsPerRequest));
    }
    request.several = true;
    for (std::size_t i = 0; i < several->size(); ++i) {
        auto id = detail::readVreg((*several)[i], fmt::format("\"vregs\"[{}]", i));
        if (!id) return fail(id.error());
        request.vregs.push_back(*id);
    }
    return std::nullopt;
}

std::optional<RpcError> RequestReader::readData() {
    const json* data = field("data");
    if (data == nullptr) return fail("missing \"data\" (hex bytes like \"9600\")");
    auto bytes = detail::readHex(*data, "\"data\"");
    if (!bytes) return fail(bytes.error());
    request.data = std::move(*bytes);
    return std::nullopt;
}

}  // namespace

const char* rpcOpName(RpcOp op) {
    switch (op) {
        case RpcOp::List:
            return "list";
        case RpcOp::Get:
            return "get";
        case RpcOp::Set:
            return "set";
    }
    return "?";
}

bool isDeviceKey(std::string_view text) {
    const auto slash = text.find('/');
    if (slash == 0 || slash == std::string_view::npos) return false;
    const auto digits = text.substr(slash + 1);
    std::int32_t instance = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), instance);
    return !digits.empty() && digits.front() != '-' && ec == std::errc() &&
           end == digits.data() + digits.size();
}

ParsedRequest parseRequest(std::string_view payload) {
    if (payload.size() > kMaxRequestBytes) {
        return RpcError{VregStatus::invalid(),
                        fmt::format("request too large: {} bytes (at most {})", payload.size(),
                                    kMaxRequestBytes),
                        {},
                        {}};
    }
    auto document = detail::parseJson(payload);
    if (!document) return RpcError{VregStatus::invalid(), document.error(), {}, {}};
    if (!document->is_object()) {
        return RpcError{
            VregStatus::invalid(),
            fmt::format("a request must be a JSON object, not {}", detail::shortDump(*document)),
            {},
            {}};
    }
    RequestReader reader(*document);
    if (auto error = reader.readEnvelope()) return std::move(*error);
    if (auto error = reader.readOp()) return std::move(*error);
    if (reader.request.op == RpcOp::List) return std::move(reader.request);
    if (auto error = reader.readDevice()) return std::move(*error);
    if (auto error = reader.readVregs()) return std::move(*error);
    if (reader.request.op == RpcOp::Set) {
        if (auto error = reader.readData()) return std::move(*error);
    }
    return std::move(reader.request);
}

std::string encodeRequest(const RpcRequest& request) {
    json out = json::object();
    if (!request.id.is_null()) out["id"] = request.id;
    out["op"] = rpcOpName(request.op);
    if (!request.client.empty()) out["client"] = request.client;
    if (request.op != RpcOp::List) {
        out["device"] = request.device;
        if (request.several) {
            json vregs = json::array();
            for (const VregId id : request.vregs) vregs.push_back(formatVregId(id));
            out["vregs"] = std::move(vregs);
        } else if (!request.vregs.empty()) {
            out["vreg"] = formatVregId(request.vregs.front());
        }
    }
    if (request.op == RpcOp::Set) out["data"] = toHex(request.data);
    return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace vreglink::mqttgw
