#include "ble/message.h"

#include <type_traits>

namespace vreglink::ble {

const char* opcodeName(Opcode opcode) {
    switch (opcode) {
        case Opcode::GetDevices:
            return "get_devices";
        case Opcode::DeviceList:
            return "device_list";
        case Opcode::Subscribe:
            return "subscribe";
        case Opcode::GetValues:
            return "get_values";
        case Opcode::SetValue:
            return "set_value";
        case Opcode::CommandStatus:
            return "command_status";
        case Opcode::Value:
            return "value";
        case Opcode::VregError:
            return "vreg_error";
        case Opcode::GetPathList:
            return "get_path_list";
        case Opcode::GetPathValues:
            return "get_path_values";
        case Opcode::PathList:
            return "path_list";
        case Opcode::NewPath:
            return "new_path";
        case Opcode::PathValue:
            return "path_value";
        case Opcode::PathResponse:
            return "path_response";
    }
    return "unknown";
}

Opcode opcodeOf(const Message& message) {
    return std::visit([](const auto& m) { return std::decay_t<decltype(m)>::kOpcode; }, message);
}

std::optional<Instance> instanceOf(const Message& message) {
    return std::visit(
        [](const auto& m) -> std::optional<Instance> {
            if constexpr (requires { m.instance; }) {
                return m.instance;
            } else {
                return std::nullopt;
            }
        },
        message);
}

std::vector<DeviceEntry> deviceEntries(const DeviceList& list) {
    std::vector<DeviceEntry> out;
    out.reserve(list.entries.size() / 2);
    for (std::size_t i = 0; i + 1 < list.entries.size(); i += 2) {
        out.push_back({Instance(list.entries[i]), list.entries[i + 1]});
    }
    return out;
}

}  // namespace vreglink::ble
