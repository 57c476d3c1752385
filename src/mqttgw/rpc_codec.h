// The JSON of VregLink RPC over MQTT (README "VregLink RPC over MQTT"): requests and replies, for
// the server (vreglinkd) and the client (`vreg --mqtt`) alike. The N/R/W topics cannot reach
// VregLink (venus-dbus-mqtt.md §4.7) and the mqtt-rpc `vregs` format is not public (§4.8, §10), so
// this is vreglink's own small protocol; statuses are VregLink's (§3.2). Pure: no transport, no
// clock, no exceptions — bad input gives an RpcError that names the problem.
#pragma once

#include "core/bytes.h"
#include "core/ids.h"
#include "core/result.h"
#include "core/vreg_status.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace vreglink::mqttgw {

enum class RpcOp : std::uint8_t { List, Get, Set };
const char* rpcOpName(RpcOp op);  // "list", "get", "set"

inline constexpr std::size_t kMaxVregsPerRequest = 64;
inline constexpr std::size_t kMaxRequestBytes = 64 * 1024;

struct RpcRequest {
    nlohmann::json id;  // a string or a number, echoed as sent; null when absent
    RpcOp op = RpcOp::Get;
    std::string device;         // "solarcharger/288" (get, set)
    std::vector<VregId> vregs;  // get: 1..kMaxVregsPerRequest; set: exactly one
    bool several = false;       // sent as "vregs": the reply carries "results"
    Bytes data;                 // set
    std::string client;  // MQTT 3.1.1: the reply goes to vreglink/<portal>/rpc/reply/<client>
};

// A request that cannot be carried out as sent; what could be read of it travels along so that
// the error reply can still be addressed (client) and matched (id).
struct RpcError {
    VregStatus status;
    std::string message;  // a sentence naming the problem
    nlohmann::json id;    // null when it could not be read
    std::string client;   // empty when it could not be read
};

using ParsedRequest = std::variant<RpcRequest, RpcError>;

// Server side. Malformed JSON, missing or wrong-typed fields, bad hex, bad registers: 0x8300;
// an unknown op: 0x8100.
ParsedRequest parseRequest(std::string_view payload);
// Client side; parseRequest(encodeRequest(r)) gives r back.
std::string encodeRequest(const RpcRequest& request);

// "solarcharger/288": <type>/<decimal instance>, as the directory keys devices (§4.2).
bool isDeviceKey(std::string_view text);

struct RpcRegisterResult {
    VregId vreg;
    VregStatus status;
    Bytes data;         // empty on error
    std::string error;  // a sentence when status is an error
    friend bool operator==(const RpcRegisterResult&, const RpcRegisterResult&) = default;
};

// One entry of a "list" reply, read from the device's item tree (§2.5); nullopt = invalid/absent.
struct RpcDeviceEntry {
    std::string device;                    // "solarcharger/288"
    std::string service;                   // "com.victronenergy.solarcharger.ttyUSB0"
    std::optional<std::string> productId;  // "0xA056"
    std::optional<std::string> product;
    std::optional<std::string> serial;
    std::optional<std::string> name;        // /CustomName
    std::optional<std::string> connection;  // /Mgmt/Connection
    friend bool operator==(const RpcDeviceEntry&, const RpcDeviceEntry&) = default;
};

enum class RpcReplyKind : std::uint8_t {
    Status,    // {"id", "status", "status_text"[, "error"]}: the request failed as a whole
    Register,  // + "data": one get or set
    Results,   // + "results": a "vregs" get
    Devices,   // + "devices": list
};

struct RpcReply {
    nlohmann::json id;
    VregStatus status;
    std::string error;  // a sentence when status is an error
    RpcReplyKind kind = RpcReplyKind::Status;
    Bytes data;                              // Register
    std::vector<RpcRegisterResult> results;  // Results
    std::vector<RpcDeviceEntry> devices;     // Devices
};

RpcReply errorReply(const RpcError& error);
// Server side. Status is a JSON integer (33536), plus "status_text" ("0x8300") for people.
std::string encodeReply(const RpcReply& reply);
// Client side; parseReply(encodeReply(r)) gives r back. Errors name the problem.
Result<RpcReply> parseReply(std::string_view payload);

}  // namespace vreglink::mqttgw
