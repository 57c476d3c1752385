// vreg backup PORT [-o FILE] / vreg restore PORT FILE — writable settings to JSON and back.
#include "backup_file.h"
#include "commands.h"
#include "identity.h"
#include "output.h"
#include "progress.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <ctime>
#include <iostream>

namespace vreglink::cli {
namespace {

std::string utcNow() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", tm);
}

std::string displayValue(VregId id, ByteView data) {
    return catalog::decodeValue(catalog::Catalog::builtin().find(id), data).display();
}

}  // namespace

int runBackup(const GlobalOptions& g, const std::string& port,
              const std::optional<std::string>& out) {
    const auto& cat = catalog::Catalog::builtin();
    auto connection = connectOrReport(g, port);
    if (!connection) return kExitDeviceError;
    const auto identity = identifyOrReport(*connection, port);
    if (!identity) return kExitDeviceError;
    const DeviceIdentity& id = *identity;
    const auto family = id.family();
    if (!family) {
        fmt::print(stderr, "vreg: product {} is not in the catalog: don't know its settings\n",
                   formatProductId(*id.productId));
        return kExitDeviceError;
    }
    std::vector<const catalog::RegisterInfo*> regs;
    std::vector<VregId> ids;
    for (const auto* r : cat.registersFor(*family)) {
        if (!isBackupSetting(*r)) continue;
        regs.push_back(r);
        ids.push_back(r->id);
    }

    Backup backup;
    backup.device = id.toJson();
    backup.created = utcNow();
    std::size_t failed = 0;
    {
        ProgressBar bar(ids.size(), "backup");
        connection->getMany(ids, [&](std::size_t i, const device::VregReply& reply) {
            bar.update(i + 1);
            if (reply.status.isOk()) {
                backup.settings.push_back(
                    {ids[i], regs[i]->name, reply.data, displayValue(ids[i], reply.data)});
            } else if (reply.status.code != VregStatus::kNotSupported) {
                // Not supported = this product lacks it (normal). Anything else is a failure: a
                // backup with holes must not look complete.
                ++failed;
                fmt::print(stderr, "vreg: {}: {}\n", regs[i]->name, describeReply(reply));
            }
        });
    }
    if (failed > 0) {
        fmt::print(stderr,
                   "vreg: backup incomplete: {} settings could not be read; nothing written\n",
                   failed);
        return kExitDeviceError;
    }
    const std::string text = backupToJson(backup).dump(2) + "\n";
    if (!out || *out == "-") {
        std::fwrite(text.data(), 1, text.size(), stdout);
        return kExitOk;
    }
    if (auto written = writeFileAtomically(*out, text); !written) {
        fmt::print(stderr, "vreg: {}\n", written.error());
        return kExitDeviceError;
    }
    if (g.json) {
        printJsonLine({{"file", *out}, {"settings", backup.settings.size()}});
    } else {
        fmt::print("{} settings of {} ({}) saved to {}\n", backup.settings.size(), id.productName(),
                   id.serial, *out);
    }
    return kExitOk;
}

int runRestore(const GlobalOptions& g, const std::string& port, const RestoreOptions& o) {
    const auto& cat = catalog::Catalog::builtin();
    auto text = readFile(o.file);
    if (!text) {
        fmt::print(stderr, "vreg: {}\n", text.error());
        return kExitUsage;
    }
    auto backup = parseBackup(*text);
    if (!backup) {
        fmt::print(stderr, "vreg: {}: {}\n", o.file, backup.error());
        return kExitUsage;
    }
    // Validate every entry before touching the device: a bad file writes nothing.
    for (const auto& e : backup->settings) {
        if (auto ok = catalog::checkRawValue(cat.find(e.id), e.data); !ok) {
            fmt::print(stderr, "vreg: {}: {} ({}): {}\n", o.file, formatVregId(e.id), e.name,
                       ok.error());
            return kExitUsage;
        }
    }

    auto connection = connectOrReport(g, port);
    if (!connection) return kExitDeviceError;
    const auto identity = identifyOrReport(*connection, port);
    if (!identity) return kExitDeviceError;
    const DeviceIdentity& id = *identity;
    const std::string backupPid = backup->device.value("product_id", "");
    if (backupPid != formatProductId(*id.productId) && !o.force) {
        fmt::print(stderr,
                   "vreg: the backup is of product {} but {} is {} ({}); use --force to restore "
                   "anyway\n",
                   backupPid.empty() ? "unknown" : backupPid, port, formatProductId(*id.productId),
                   id.productName());
        return kExitUsage;
    }

    // Differences: read what the device has now.
    auto entries = backup->settings;
    sortForRestore(entries);
    std::vector<VregId> ids;
    for (const auto& e : entries) ids.push_back(e.id);
    std::vector<BackupEntry> changes;
    std::size_t unreadable = 0;
    connection->getMany(ids, [&](std::size_t i, const device::VregReply& reply) {
        if (!reply.status.isOk()) {
            ++unreadable;
            fmt::print(stderr, "vreg: {}: cannot read current value: {}\n", entries[i].name,
                       describeReply(reply));
            return;
        }
        if (reply.data != entries[i].data) {
            changes.push_back(entries[i]);
            if (!g.json) {
                fmt::print("  {}  {:<34} {} -> {}\n", formatVregId(entries[i].id), entries[i].name,
                           displayValue(entries[i].id, reply.data),
                           displayValue(entries[i].id, entries[i].data));
            }
        }
    });
    if (changes.empty()) {
        if (!g.json)
            fmt::print("Nothing to restore: the device matches the backup.\n");
        else
            printJsonLine({{"changes", 0}, {"written", 0}});
        return unreadable == 0 ? kExitOk : kExitDeviceError;
    }
    if (o.dryRun) {
        if (!g.json)
            fmt::print("{} settings differ (dry run, nothing written)\n", changes.size());
        else
            printJsonLine({{"changes", changes.size()}, {"written", 0}});
        return kExitOk;
    }
    if (!o.yes) {
        if (!isTerminal(stdin)) {
            fmt::print(stderr,
                       "vreg: {} settings differ; not a terminal, so use --yes to write them\n",
                       changes.size());
            return kExitUsage;
        }
        fmt::print("Write {} settings to {}? [y/N] ", changes.size(), port);
        std::fflush(stdout);
        std::string answer;
        std::getline(std::cin, answer);
        if (answer != "y" && answer != "Y" && answer != "yes") {
            fmt::print("Nothing written.\n");
            return kExitOk;
        }
    }

    std::size_t verified = 0;
    std::vector<nlohmann::json> results;
    for (const auto& e : changes) {
        const auto written = connection->set(e.id, e.data);
        std::string outcome;
        if (written.status.isError()) {
            outcome = describeReply(written);
        } else {
            const auto readBack = connection->get(e.id);
            if (readBack.status.isOk() && readBack.data == e.data) {
                ++verified;
                outcome = "verified";
            } else if (readBack.status.isOk()) {
                outcome = fmt::format("device reports {}", displayValue(e.id, readBack.data));
            } else {
                outcome = "read-back failed: " + describeReply(readBack);
            }
        }
        if (g.json) {
            results.push_back({{"vreg", formatVregId(e.id)},
                               {"name", e.name},
                               {"data", toHex(e.data)},
                               {"result", outcome}});
        } else {
            fmt::print("  {:<34} {:<18} {}\n", e.name, displayValue(e.id, e.data), outcome);
        }
    }
    if (g.json) {
        printJsonLine({{"changes", changes.size()}, {"written", verified}, {"results", results}});
    } else {
        fmt::print("{} of {} settings written and verified\n", verified, changes.size());
    }
    return verified == changes.size() && unreadable == 0 ? kExitOk : kExitDeviceError;
}

}  // namespace vreglink::cli
