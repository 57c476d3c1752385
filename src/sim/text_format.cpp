#include "sim/text_format.h"

#include <fmt/format.h>

namespace vreglink::sim::text {

std::string hex4(std::uint32_t v) {
    return fmt::format("0x{:04X}", v);
}
std::string hex8(std::uint32_t v) {
    return fmt::format("0x{:08X}", v);
}

std::string firmware(std::uint16_t version, bool zeroPad) {
    // The low 12 bits are the version X.YY as hex digits (§3.2): 0x4161 -> "161", 0x4413 -> "0413".
    const unsigned v = version & 0x0FFFu;
    return zeroPad ? fmt::format("{:04X}", v) : fmt::format("{:X}", v);
}

}  // namespace vreglink::sim::text
