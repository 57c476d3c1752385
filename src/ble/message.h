// The VictronConnect Bluetooth messages (ble-gatt.md §4.2-§4.4): an opcode (CBOR uint), then a
// fixed, opcode-specific list of CBOR items. One struct per opcode; Message is their variant.
// Register values are the little-endian VREG payload exactly as on every other link (§4.5).
#pragma once

#include "ble/instance.h"
#include "core/bytes.h"
#include "core/ids.h"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace vreglink::ble {

// Table 4.4. 0x00, 0x04, 0x0C and > 0x10 were never seen and are unknown opcodes.
enum class Opcode : std::uint8_t {
    GetDevices = 0x01,
    DeviceList = 0x02,
    Subscribe = 0x03,
    GetValues = 0x05,
    SetValue = 0x06,
    CommandStatus = 0x07,
    Value = 0x08,
    VregError = 0x09,
    GetPathList = 0x0A,  // path API (§4.4.9) [S]: known so that it can be skipped
    GetPathValues = 0x0B,
    PathList = 0x0D,
    NewPath = 0x0E,
    PathValue = 0x0F,
    PathResponse = 0x10,
};
// "get_devices", "value", ... (stable: used in logs).
const char* opcodeName(Opcode opcode);

// `01` — H→D, no arguments; answered by DeviceList (§4.4.1).
struct GetDevices {
    static constexpr Opcode kOpcode = Opcode::GetDevices;
    friend bool operator==(const GetDevices&, const GetDevices&) = default;
};

// `02 [u, …]` — D→H (§4.4.2). A flat list read as (instance, flag) pairs, see deviceEntries().
struct DeviceList {
    static constexpr Opcode kOpcode = Opcode::DeviceList;
    std::vector<std::uint32_t> entries;
    // The SmartShunt sends `9F … FF` (vector 17); kept so a simulator can answer byte for byte.
    bool indefinite = false;
    friend bool operator==(const DeviceList&, const DeviceList&) = default;
};

// `03 u(instance) [u(vreg), …]?` — H→D (§4.4.3). The register array is optional (ORIONTR sends
// it, the app does not): absent and empty are different messages.
struct Subscribe {
    static constexpr Opcode kOpcode = Opcode::Subscribe;
    Instance instance;
    std::optional<std::vector<VregId>> vregs;
    friend bool operator==(const Subscribe&, const Subscribe&) = default;
};

// `05 u(instance) [u(vreg), …]` — H→D (§4.4.4). The app sends one register per message.
struct GetValues {
    static constexpr Opcode kOpcode = Opcode::GetValues;
    Instance instance;
    std::vector<VregId> vregs;
    friend bool operator==(const GetValues&, const GetValues&) = default;
};

// `06 u(instance) [u(vreg), b(value)]` — H→D (§4.4.5): always an array of exactly two.
struct SetValue {
    static constexpr Opcode kOpcode = Opcode::SetValue;
    Instance instance;
    VregId vreg;
    Bytes value;
    friend bool operator==(const SetValue&, const SetValue&) = default;
};

// `07 u(instance) u(opcode) u(status)` — D→H (§4.4.6). Seen only as `07 00 03 00` (subscribe
// OK); the first field being the responding instance is a guess [G].
struct CommandStatus {
    static constexpr Opcode kOpcode = Opcode::CommandStatus;
    Instance instance;
    std::uint32_t opcode = 0;  // the request answered
    std::uint32_t status = 0;  // see commandstatus:: below
    friend bool operator==(const CommandStatus&, const CommandStatus&) = default;
};

// `08 u(instance) u(vreg) b(payload)` — D→H (§4.4.7): a Get answer or a pushed update.
struct Value {
    static constexpr Opcode kOpcode = Opcode::Value;
    Instance instance;
    VregId vreg;
    Bytes payload;
    friend bool operator==(const Value&, const Value&) = default;
};

// `09 u(instance) u(vreg) u(code)` — D→H (§4.4.8), codes in vregerror:: below.
struct VregError {
    static constexpr Opcode kOpcode = Opcode::VregError;
    Instance instance;
    VregId vreg;
    std::uint32_t code = 0;
    friend bool operator==(const VregError&, const VregError&) = default;
};

// The path-based API (§4.4.9) [S, unverified on devices]: decoded so that a transfer carrying
// it is not lost, not interpreted further.
// `0A u(instance)` getPathList
struct GetPathList {
    static constexpr Opcode kOpcode = Opcode::GetPathList;
    Instance instance;
    friend bool operator==(const GetPathList&, const GetPathList&) = default;
};
// `0B u(instance) [u(index), …]` getPathValues
struct GetPathValues {
    static constexpr Opcode kOpcode = Opcode::GetPathValues;
    Instance instance;
    std::vector<std::uint32_t> indexes;
    friend bool operator==(const GetPathValues&, const GetPathValues&) = default;
};
// `0D u(instance) b(list)` PathList: Qt qCompress (4-byte big-endian length + zlib), kept as is
struct PathList {
    static constexpr Opcode kOpcode = Opcode::PathList;
    Instance instance;
    Bytes compressed;
    friend bool operator==(const PathList&, const PathList&) = default;
};
// `0E u(instance) u(index) text(path)` NewPath
struct NewPath {
    static constexpr Opcode kOpcode = Opcode::NewPath;
    Instance instance;
    std::uint32_t index = 0;
    std::string path;
    friend bool operator==(const NewPath&, const NewPath&) = default;
};
// `0F u(instance) u(index) value` PathValue: the value may be any CBOR item; kept encoded.
struct PathValue {
    static constexpr Opcode kOpcode = Opcode::PathValue;
    Instance instance;
    std::uint32_t index = 0;
    Bytes item;  // exactly one well-formed CBOR item
    friend bool operator==(const PathValue&, const PathValue&) = default;
};
// `10 u(instance) u(index) u(response)` PathResponse
struct PathResponse {
    static constexpr Opcode kOpcode = Opcode::PathResponse;
    Instance instance;
    std::uint32_t index = 0;
    std::uint32_t response = 0;
    friend bool operator==(const PathResponse&, const PathResponse&) = default;
};

using Message =
    std::variant<GetDevices, DeviceList, Subscribe, GetValues, SetValue, CommandStatus, Value,
                 VregError, GetPathList, GetPathValues, PathList, NewPath, PathValue, PathResponse>;

Opcode opcodeOf(const Message& message);
// Every message but GetDevices and DeviceList addresses an instance.
std::optional<Instance> instanceOf(const Message& message);

// "value(3, 0xED8C, 46 fc ff ff)" — for logs and test failures.
std::string formatMessage(const Message& message);

// Codes of VregError (§4.4.8 table); only 1, 2 and 3 were seen.
namespace vregerror {
inline constexpr std::uint32_t kUnknownVreg = 1;   // unknown / not supported register
inline constexpr std::uint32_t kNotAvailable = 2;  // e.g. a history day not (yet) filled
inline constexpr std::uint32_t kNotReadable = 3;   // write-only command register
}  // namespace vregerror

// Status of CommandStatus (§4.4.6): 0 seen; 1 and 2 named by PATHAPI [S].
namespace commandstatus {
inline constexpr std::uint32_t kOk = 0;
inline constexpr std::uint32_t kUnknown = 1;
inline constexpr std::uint32_t kRejected = 2;  // rejected or unsupported
}  // namespace commandstatus

// The device list as pairs (§4.3): `[0,0, 1,0, 3,1]` = instances 0, 1, 3; the flag is 1 only for
// the product instance [G]. An odd last entry has no pair and is left out.
struct DeviceEntry {
    Instance instance;
    std::uint32_t flag = 0;
    friend bool operator==(const DeviceEntry&, const DeviceEntry&) = default;
};
std::vector<DeviceEntry> deviceEntries(const DeviceList& list);

}  // namespace vreglink::ble
