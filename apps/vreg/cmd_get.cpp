// vreg get PORT REG… — name, value with unit, raw bytes.
#include "commands.h"
#include "output.h"

#include <fmt/format.h>

namespace vreglink::cli {

int runGet(const GlobalOptions& g, const std::string& port, const std::vector<std::string>& regs) {
    const auto& cat = catalog::Catalog::builtin();
    std::vector<VregId> ids;
    for (const auto& r : regs) {
        auto id = cat.resolve(r);
        if (!id) {
            fmt::print(stderr, "vreg: {}\n", id.error());
            return kExitUsage;
        }
        ids.push_back(*id);
    }
    auto connection = connectOrReport(g, port);
    if (!connection) return kExitDeviceError;

    int exitCode = kExitOk;
    connection->getMany(ids, [&](std::size_t i, const device::VregReply& reply) {
        const auto* info = cat.find(ids[i]);
        if (reply.status.isError()) exitCode = kExitDeviceError;
        if (g.json) {
            printJsonLine(registerJson(ids[i], info, reply));
        } else {
            fmt::print("{}\n", registerLine(ids[i], info, reply));
        }
    });
    return exitCode;
}

}  // namespace vreglink::cli
