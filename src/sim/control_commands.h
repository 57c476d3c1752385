// The vreg-sim control line protocol: one command line in, one reply line out (without '\n').
//   get 0xEDF0          -> "9600" (lower-case hex) or "none"
//   set 0xEDF0 9600     -> "ok" (raw little-endian hex; pins measured values, see RegisterStore)
//   unpin 0xED8D        -> "ok" (the simulation drives the register again)
//   writes 0xEDF0       -> accepted host SETs of that register, e.g. "0"
//   frames              -> JSON counters
//   silent on|off, text on|off, noise RATE, disappear [SECONDS] -> "ok"
// Anything else: "error <message>".
#pragma once

#include <string>
#include <string_view>

namespace vreglink::sim {

class Simulator;

std::string executeControl(Simulator& simulator, std::string_view line);

}  // namespace vreglink::sim
