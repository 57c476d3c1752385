#include "core/vreg_status.h"

#include <fmt/format.h>

namespace vreglink {

std::string formatStatus(VregStatus status) {
    return fmt::format("0x{:04X}", status.code);
}

const char* describeStatus(VregStatus status) {
    switch (status.code) {
        case VregStatus::kOk:
            return "ok";
        case 0x8000:
            return "unknown register (read)";
        case VregStatus::kNotSupported:
            return "register not supported or read-only";
        case VregStatus::kBusy:
            return "busy, try again";
        case VregStatus::kInvalid:
            return "data invalid or out of range";
        case VregStatus::kTimeout:
            return "device did not answer";
        case 0x8500:
            return "too many invalid requests";
        case 0x8600:
            return "not initialised yet";
        default:
            return status.isError() ? "error" : "ok";
    }
}

}  // namespace vreglink
