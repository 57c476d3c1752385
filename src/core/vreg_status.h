// The VregLink status code space (venus-dbus-mqtt.md §3.2): bit 15 set means error.
// Every get/set in vreglink, on every link and every front end, answers with one of these.
#pragma once

#include <cstdint>
#include <string>

namespace vreglink {

struct VregStatus {
    std::uint16_t code = 0;

    static constexpr std::uint16_t kOk = 0x0000;
    static constexpr std::uint16_t kNotSupported = 0x8100;  // unknown/unsupported/read-only
    static constexpr std::uint16_t kBusy = 0x8200;          // queue full, try again
    static constexpr std::uint16_t kInvalid = 0x8300;       // data invalid or out of range
    static constexpr std::uint16_t kTimeout = 0x8400;       // device did not answer / is gone

    constexpr VregStatus() = default;
    constexpr explicit VregStatus(std::uint16_t c) : code(c) {}

    static constexpr VregStatus ok() { return VregStatus(kOk); }
    static constexpr VregStatus notSupported() { return VregStatus(kNotSupported); }
    static constexpr VregStatus busy() { return VregStatus(kBusy); }
    static constexpr VregStatus invalid() { return VregStatus(kInvalid); }
    static constexpr VregStatus timeout() { return VregStatus(kTimeout); }

    constexpr bool isOk() const { return code == kOk; }
    constexpr bool isError() const { return (code & 0x8000) != 0; }
    friend constexpr bool operator==(VregStatus, VregStatus) = default;
};

// "0x8300" — how the status is printed everywhere.
std::string formatStatus(VregStatus status);
// "data invalid or out of range" — a short meaning for people.
const char* describeStatus(VregStatus status);

}  // namespace vreglink
