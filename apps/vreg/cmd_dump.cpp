// vreg dump PORT — every register the catalog lists for the device's family.
#include "commands.h"
#include "identity.h"
#include "output.h"
#include "progress.h"

#include <fmt/format.h>

namespace vreglink::cli {

int runDump(const GlobalOptions& g, const std::string& port, const DumpOptions& o) {
    const auto& cat = catalog::Catalog::builtin();
    std::optional<catalog::Family> family;
    if (o.family) {
        family = catalog::parseFamily(*o.family);
        if (!family) {
            fmt::print(stderr, "vreg: unknown family '{}'\n", *o.family);
            return kExitUsage;
        }
    }
    auto connection = connectOrReport(g, port);
    if (!connection) return kExitDeviceError;

    const auto identity = identifyOrReport(*connection, port);
    if (!identity) return kExitDeviceError;
    const DeviceIdentity& id = *identity;
    if (!family) family = id.family();

    std::vector<const catalog::RegisterInfo*> regs;
    if (o.all || !family) {
        if (!o.all) {
            fmt::print(stderr, "vreg: product {} is not in the catalog; dumping every register\n",
                       formatProductId(*id.productId));
        }
        for (const auto& r : cat.registers()) regs.push_back(&r);
    } else {
        regs = cat.registersFor(*family);
    }
    // Write-only commands (e.g. 0x1029 zero current) have nothing to read.
    std::erase_if(regs, [](const auto* r) { return r->access == catalog::Access::Command; });

    std::vector<VregId> ids;
    for (const auto* r : regs) ids.push_back(r->id);

    if (!g.json) {
        fmt::print("{} {} firmware {} serial {}\n", id.productName(),
                   formatProductId(*id.productId), id.firmware, id.serial);
    }
    std::size_t supported = 0;
    std::size_t unsupported = 0;
    std::size_t failed = 0;
    {
        ProgressBar bar(ids.size(), "dump");
        connection->getMany(ids, [&](std::size_t i, const device::VregReply& reply) {
            bar.update(i + 1);
            if (reply.status.isOk()) {
                ++supported;
            } else if (reply.status.code == VregStatus::kNotSupported) {
                ++unsupported;
            } else {
                ++failed;
            }
            if (g.json) {
                printJsonLine(registerJson(ids[i], regs[i], reply));
            } else if (reply.status.isOk() || reply.status.code != VregStatus::kNotSupported) {
                // Registers the product doesn't have are expected in a family-wide list: they
                // are counted below rather than printed one by one.
                fmt::print("{}\n", registerLine(ids[i], regs[i], reply));
            }
        });
    }
    if (!g.json) {
        fmt::print("{} registers read, {} not supported by this device, {} failed\n", supported,
                   unsupported, failed);
    }
    return failed == 0 ? kExitOk : kExitDeviceError;
}

}  // namespace vreglink::cli
