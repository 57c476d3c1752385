// How products print TEXT values (vedirect.md §2.4): decimal, ON/OFF, 0x%04X / 0x%08X, "---".
#pragma once

#include <cstdint>
#include <string>

namespace vreglink::sim::text {

inline std::string dec(std::int64_t v) {
    return std::to_string(v);
}
inline std::string onOff(bool on) {
    return on ? "ON" : "OFF";
}
std::string hex4(std::uint32_t v);  // "0xA056" (PID)
std::string hex8(std::uint32_t v);  // "0x00000001" (OR)
// FW field: "161" on MPPTs; zero-padded "0413" on battery monitors and inverters (§2.4).
std::string firmware(std::uint16_t version, bool zeroPad);

}  // namespace vreglink::sim::text
