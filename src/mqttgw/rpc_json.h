// Pieces both halves of the RPC codec share (rpc_codec.h): JSON parsing that explains a syntax
// error without throwing, and the readers for the fields requests and replies have in common
// ("vreg", hex "data", "status"). Errors are sentences that name the field.
#pragma once

#include "core/bytes.h"
#include "core/ids.h"
#include "core/result.h"
#include "core/vreg_status.h"

#include <nlohmann/json.hpp>

#include <string_view>

namespace vreglink::mqttgw::detail {

// A JSON document, or "malformed JSON: syntax error at line 1, column 5: …".
Result<nlohmann::json> parseJson(std::string_view text);

// `field` names the value in messages ("\"vreg\"", "\"vregs\"[2]"). A register is a string, hex
// ("0xEDF0", "EDF0", "edf0") or a catalog name ("bat_max_current"), or an integer 0..65535.
Result<VregId> readVreg(const nlohmann::json& value, std::string_view field);
// Hex bytes, upper or lower case, optionally "0x" and spaces or ':' between bytes (parseHexBytes).
Result<Bytes> readHex(const nlohmann::json& value, std::string_view field);
// An integer 0..65535.
Result<VregStatus> readStatus(const nlohmann::json& value, std::string_view field);

// A readable rendering of a JSON value for messages: scalars cut short when long, containers
// by kind ("an array").
std::string shortDump(const nlohmann::json& value);

}  // namespace vreglink::mqttgw::detail
