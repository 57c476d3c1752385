// vreg set PORT REG VALUE | --raw HEX — validated before anything is sent, then read back.
#include "commands.h"
#include "output.h"

#include <fmt/format.h>

namespace vreglink::cli {
namespace {

int refuse(const GlobalOptions& g, VregId id, const std::string& why) {
    // Nothing was sent: say so, with the status a gateway would answer (0x8300 / 0x8100).
    if (g.json) {
        nlohmann::json j;
        j["vreg"] = formatVregId(id);
        j["status"] = VregStatus::kInvalid;
        j["error"] = why;
        j["sent"] = false;
        printJsonLine(j);
    } else {
        fmt::print(stderr, "vreg: refused, nothing sent: {}\n", why);
    }
    return kExitUsage;
}

}  // namespace

int runSet(const GlobalOptions& g, const std::string& port, const SetOptions& o) {
    const auto& cat = catalog::Catalog::builtin();
    auto id = cat.resolve(o.reg);
    if (!id) {
        fmt::print(stderr, "vreg: {}\n", id.error());
        return kExitUsage;
    }
    const catalog::RegisterInfo* info = cat.find(*id);
    if (info && !info->writable() && !o.force) {
        return refuse(g, *id,
                      fmt::format("{} is read-only (use --force to send it anyway)", info->name));
    }

    Result<Bytes> value = Error{""};
    if (o.raw) {
        auto bytes = parseHexBytes(*o.raw);
        if (!bytes) return refuse(g, *id, fmt::format("'{}' is not hex bytes", *o.raw));
        value = catalog::checkRawValue(info, *bytes);
    } else {
        value = catalog::encodeValue(info, o.value);
    }
    if (!value) return refuse(g, *id, value.error());

    auto connection = connectOrReport(g, port);
    if (!connection) return kExitDeviceError;

    const auto written = connection->set(*id, *value);
    if (written.status.isError()) {
        if (g.json) {
            printJsonLine(registerJson(*id, info, written));
        } else {
            fmt::print(stderr, "vreg: set {} failed: {}\n", info ? info->name : formatVregId(*id),
                       describeReply(written));
        }
        return kExitDeviceError;
    }

    // A write-only command (0x102C synchronise, 0x1029 zero current…) has nothing to read back:
    // the device's acceptance is the result.
    if (info && info->access == catalog::Access::Command) {
        if (g.json) {
            auto j = registerJson(*id, info, written);
            j["written"] = toHex(*value);
            printJsonLine(j);
        } else {
            fmt::print("{}: command accepted by the device\n", info->name);
        }
        return kExitOk;
    }

    // Read back: the device may store something else than asked (clamping, a setting that only
    // applies in another mode, vedirect.md §3.3 "reads return the value in use").
    const auto readBack = connection->get(*id);
    const bool verified = readBack.status.isOk() && readBack.data == *value;
    if (g.json) {
        auto j = registerJson(*id, info, readBack);
        j["written"] = toHex(*value);
        j["verified"] = verified;
        printJsonLine(j);
    } else if (readBack.status.isError()) {
        fmt::print("set {}: written, but read-back failed: {}\n",
                   info ? info->name : formatVregId(*id), describeReply(readBack));
    } else {
        const auto wanted = catalog::decodeValue(info, *value);
        const auto now = catalog::decodeValue(info, readBack.data);
        if (verified) {
            fmt::print("{} = {}  (read back, verified)\n", info ? info->name : formatVregId(*id),
                       now.display());
        } else {
            fmt::print("{}: wrote {} but the device reports {}\n",
                       info ? info->name : formatVregId(*id), wanted.display(), now.display());
        }
    }
    return verified ? kExitOk : kExitDeviceError;
}

}  // namespace vreglink::cli
