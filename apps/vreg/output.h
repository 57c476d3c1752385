// How the CLI shows register values: one line for people, one JSON object for programs.
// Shared by get, dump, monitor, backup and restore so every command prints values alike.
#pragma once

#include "catalog/catalog.h"
#include "catalog/value_codec.h"
#include "device/device.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>

namespace vreglink::cli {

// Exit codes (issue: 0 ok, 1 device error, 2 usage).
inline constexpr int kExitOk = 0;
inline constexpr int kExitDeviceError = 1;
inline constexpr int kExitUsage = 2;

// {"vreg":"0xEDF0","name":"bat_max_current","status":0,"data":"9600","value":15.0,"unit":"A",
//  "text":"15.0 A"} — or with "error" instead of data/value when status is an error.
nlohmann::json registerJson(VregId id, const catalog::RegisterInfo* info,
                            const device::VregReply& reply);
// The decoded value as JSON: number, label string, text string, or null for n/a.
nlohmann::json valueJson(const catalog::DecodedValue& value);

// "0xEDF0  bat_max_current                 15.0 A         [96 00]"
std::string registerLine(VregId id, const catalog::RegisterInfo* info,
                         const device::VregReply& reply);

// "error 0x8400 (device did not answer): no answer after 3 tries"
std::string describeReply(const device::VregReply& reply);

void printJsonLine(const nlohmann::json& j);
bool isTerminal(std::FILE* stream);
// Seconds since the Unix epoch: the "time" of monitor's JSON lines.
double unixTime();

}  // namespace vreglink::cli
