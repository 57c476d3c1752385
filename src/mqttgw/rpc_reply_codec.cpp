// Replies of VregLink RPC over MQTT (README "VregLink RPC over MQTT"): the status is the VregLink
// code as a JSON integer (§3.2) with "status_text" beside it for people; errors add "error".
#include "mqttgw/rpc_codec.h"
#include "mqttgw/rpc_json.h"

#include <fmt/format.h>

namespace vreglink::mqttgw {
namespace {

using nlohmann::json;

json optionalText(const std::optional<std::string>& text) {
    return text ? json(*text) : json();
}

json encodeResult(const RpcRegisterResult& result) {
    json out{{"vreg", formatVregId(result.vreg)},
             {"status", result.status.code},
             {"data", toHex(result.data)}};
    if (!result.error.empty()) out["error"] = result.error;
    return out;
}

json encodeDevice(const RpcDeviceEntry& device) {
    return json{{"device", device.device},
                {"service", device.service},
                {"product_id", optionalText(device.productId)},
                {"product", optionalText(device.product)},
                {"serial", optionalText(device.serial)},
                {"name", optionalText(device.name)},
                {"connection", optionalText(device.connection)}};
}

// Client side: a missing or null field reads as empty / nullopt; a wrong type is an error.
Result<std::string> readText(const json& object, const char* name) {
    const auto it = object.find(name);
    if (it == object.end() || it->is_null()) return std::string();
    if (!it->is_string()) return Error{fmt::format("\"{}\" must be a string", name)};
    return it->get<std::string>();
}

Result<std::optional<std::string>> readOptionalText(const json& object, const char* name) {
    const auto it = object.find(name);
    if (it == object.end() || it->is_null()) return std::optional<std::string>();
    if (!it->is_string()) return Error{fmt::format("\"{}\" must be a string or null", name)};
    return std::optional<std::string>(it->get<std::string>());
}

Result<RpcRegisterResult> parseResult(const json& entry, std::size_t index) {
    const auto where = fmt::format("\"results\"[{}]", index);
    if (!entry.is_object()) return Error{where + " must be an object"};
    RpcRegisterResult result;
    auto vreg = detail::readVreg(entry.contains("vreg") ? entry["vreg"] : json(), where + ".vreg");
    auto status =
        detail::readStatus(entry.contains("status") ? entry["status"] : json(), where + ".status");
    auto data = detail::readHex(entry.contains("data") ? entry["data"] : json(""), where + ".data");
    auto error = readText(entry, "error");
    if (!vreg) return Error{vreg.error()};
    if (!status) return Error{status.error()};
    if (!data) return Error{data.error()};
    if (!error) return Error{where + ": " + error.error()};
    return RpcRegisterResult{*vreg, *status, std::move(*data), std::move(*error)};
}

Result<RpcDeviceEntry> parseDevice(const json& entry, std::size_t index) {
    const auto where = fmt::format("\"devices\"[{}]", index);
    if (!entry.is_object()) return Error{where + " must be an object"};
    RpcDeviceEntry device;
    auto key = readText(entry, "device");
    auto service = readText(entry, "service");
    if (!key) return Error{where + ": " + key.error()};
    if (!service) return Error{where + ": " + service.error()};
    device.device = std::move(*key);
    device.service = std::move(*service);
    const std::pair<const char*, std::optional<std::string>*> texts[] = {
        {"product_id", &device.productId},
        {"product", &device.product},
        {"serial", &device.serial},
        {"name", &device.name},
        {"connection", &device.connection}};
    for (const auto& [name, target] : texts) {
        auto text = readOptionalText(entry, name);
        if (!text) return Error{where + ": " + text.error()};
        *target = std::move(*text);
    }
    return device;
}

}  // namespace

RpcReply errorReply(const RpcError& error) {
    RpcReply reply;
    reply.id = error.id;
    reply.status = error.status;
    reply.error = error.message;
    return reply;
}

std::string encodeReply(const RpcReply& reply) {
    json out{{"id", reply.id},
             {"status", reply.status.code},
             {"status_text", formatStatus(reply.status)}};
    if (!reply.error.empty()) out["error"] = reply.error;
    switch (reply.kind) {
        case RpcReplyKind::Status:
            break;
        case RpcReplyKind::Register:
            out["data"] = toHex(reply.data);
            break;
        case RpcReplyKind::Results: {
            json results = json::array();
            for (const auto& r : reply.results) results.push_back(encodeResult(r));
            out["results"] = std::move(results);
            break;
        }
        case RpcReplyKind::Devices: {
            json devices = json::array();
            for (const auto& d : reply.devices) devices.push_back(encodeDevice(d));
            out["devices"] = std::move(devices);
            break;
        }
    }
    return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<RpcReply> parseReply(std::string_view payload) {
    auto document = detail::parseJson(payload);
    if (!document) return Error{document.error()};
    if (!document->is_object()) return Error{"a reply must be a JSON object"};
    const json& object = *document;
    RpcReply reply;
    reply.id = object.contains("id") ? object["id"] : json();
    auto status =
        detail::readStatus(object.contains("status") ? object["status"] : json(), "\"status\"");
    if (!status) return Error{status.error()};
    reply.status = *status;
    auto error = readText(object, "error");
    if (!error) return Error{error.error()};
    reply.error = std::move(*error);

    if (const auto results = object.find("results"); results != object.end()) {
        if (!results->is_array()) return Error{"\"results\" must be an array"};
        reply.kind = RpcReplyKind::Results;
        for (std::size_t i = 0; i < results->size(); ++i) {
            auto result = parseResult((*results)[i], i);
            if (!result) return Error{result.error()};
            reply.results.push_back(std::move(*result));
        }
    } else if (const auto devices = object.find("devices"); devices != object.end()) {
        if (!devices->is_array()) return Error{"\"devices\" must be an array"};
        reply.kind = RpcReplyKind::Devices;
        for (std::size_t i = 0; i < devices->size(); ++i) {
            auto device = parseDevice((*devices)[i], i);
            if (!device) return Error{device.error()};
            reply.devices.push_back(std::move(*device));
        }
    } else if (const auto data = object.find("data"); data != object.end()) {
        auto bytes = detail::readHex(*data, "\"data\"");
        if (!bytes) return Error{bytes.error()};
        reply.kind = RpcReplyKind::Register;
        reply.data = std::move(*bytes);
    }
    return reply;
}

}  // namespace vreglink::mqttgw
