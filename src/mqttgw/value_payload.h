// The JSON payloads of Venus value topics (venus-dbus-mqtt.md §4.3): N topics carry
// {"value": …} with null for invalid; W topics carry {"value": …} to write. Pure, no transport.
#pragma once

#include "core/result.h"
#include "venus/item_value.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace vreglink::mqttgw {

// {"value":12.8}, {"value":936}, {"value":"text"}, {"value":null}: compact, as dbus-flashmq's
// nlohmann dump writes them. Invalid values and
// non-finite doubles give null (JSON has no NaN). Doubles use the shortest text that reads back
// to the same double, always with a '.' or an exponent so readers keep them as floats.
std::string encodeValuePayload(const venus::ItemValue& value);
// Appends the JSON text of `value` alone ("12.8", "null", "\"a\\\"b\"") to `out`.
void appendJsonValue(std::string& out, const venus::ItemValue& value);
// Appends `text` as a JSON string literal, quotes included.
void appendJsonString(std::string& out, std::string_view text);

// {"value": <unix seconds>} and, when `echo` is given, "full-publish-completed-echo" (§4.4).
std::string encodeTimestampPayload(std::int64_t unixSeconds, std::string_view echo = {});

// A W payload to the value to write (§4.3 "writes need a value key", types as §2.4):
// integer -> int32, or int64 when it does not fit; float -> double; string; bool -> int 0/1;
// null -> Invalid. Errors name the problem: not JSON, not an object, no "value", an array or
// object as value, an integer beyond int64.
Result<venus::ItemValue> decodeWritePayload(std::string_view payload);

}  // namespace vreglink::mqttgw
