#include "device/ble_vreg_error.h"

#include "ble/message.h"

#include <fmt/format.h>

namespace vreglink::device {

VregReply replyForVregError(std::uint32_t code) {
    switch (code) {
        case ble::vregerror::kUnknownVreg:
            return {VregStatus::notSupported(), {}, "register not supported (device error 1)"};
        case ble::vregerror::kNotAvailable:
            return {VregStatus::notSupported(), {}, "no data yet (device error 2)"};
        case ble::vregerror::kNotReadable:
            return {VregStatus::notSupported(), {}, "write-only register (device error 3)"};
        default:
            return {VregStatus::notSupported(), {}, fmt::format("device error {}", code)};
    }
}

}  // namespace vreglink::device
