// formatMessage (message.h): one line per message for logs and test failures.
#include "ble/message.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace vreglink::ble {
namespace {

std::string vregList(const std::vector<VregId>& vregs) {
    std::string out = "[";
    for (std::size_t i = 0; i < vregs.size(); ++i) {
        if (i != 0) out += ", ";
        out += formatVregId(vregs[i]);
    }
    return out + "]";
}

template <typename T>
std::string numberList(const std::vector<T>& values) {
    return fmt::format("[{}]", fmt::join(values, ", "));
}

struct Formatter {
    std::string operator()(const GetDevices&) const { return "get_devices"; }
    std::string operator()(const DeviceList& m) const {
        return fmt::format("device_list({}{})", numberList(m.entries),
                           m.indefinite ? ", indefinite" : "");
    }
    std::string operator()(const Subscribe& m) const {
        if (!m.vregs) return fmt::format("subscribe({})", m.instance.value);
        return fmt::format("subscribe({}, {})", m.instance.value, vregList(*m.vregs));
    }
    std::string operator()(const GetValues& m) const {
        return fmt::format("get_values({}, {})", m.instance.value, vregList(m.vregs));
    }
    std::string operator()(const SetValue& m) const {
        return fmt::format("set_value({}, {}, {})", m.instance.value, formatVregId(m.vreg),
                           toHexSpaced(m.value));
    }
    std::string operator()(const CommandStatus& m) const {
        return fmt::format("command_status({}, opcode {}, status {})", m.instance.value, m.opcode,
                           m.status);
    }
    std::string operator()(const Value& m) const {
        return fmt::format("value({}, {}, {})", m.instance.value, formatVregId(m.vreg),
                           toHexSpaced(m.payload));
    }
    std::string operator()(const VregError& m) const {
        return fmt::format("vreg_error({}, {}, code {})", m.instance.value, formatVregId(m.vreg),
                           m.code);
    }
    std::string operator()(const GetPathList& m) const {
        return fmt::format("get_path_list({})", m.instance.value);
    }
    std::string operator()(const GetPathValues& m) const {
        return fmt::format("get_path_values({}, {})", m.instance.value, numberList(m.indexes));
    }
    std::string operator()(const PathList& m) const {
        return fmt::format("path_list({}, {})", m.instance.value, toHexSpaced(m.compressed));
    }
    std::string operator()(const NewPath& m) const {
        return fmt::format("new_path({}, {}, \"{}\")", m.instance.value, m.index, m.path);
    }
    std::string operator()(const PathValue& m) const {
        return fmt::format("path_value({}, {}, cbor {})", m.instance.value, m.index,
                           toHexSpaced(m.item));
    }
    std::string operator()(const PathResponse& m) const {
        return fmt::format("path_response({}, {}, {})", m.instance.value, m.index, m.response);
    }
};

}  // namespace

std::string formatMessage(const Message& message) {
    return std::visit(Formatter{}, message);
}

}  // namespace vreglink::ble
