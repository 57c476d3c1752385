#include "backup_file.h"

#include "core/unique_fd.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <unistd.h>

namespace vreglink::cli {

nlohmann::json backupToJson(const Backup& backup) {
    nlohmann::json settings = nlohmann::json::array();
    for (const auto& e : backup.settings) {
        settings.push_back({{"vreg", formatVregId(e.id)},
                            {"name", e.name},
                            {"data", toHex(e.data)},
                            {"value", e.value}});
    }
    return {{"format", "vreglink-backup"},
            {"version", 1},
            {"created", backup.created},
            {"device", backup.device},
            {"settings", std::move(settings)}};
}

Result<Backup> parseBackup(const std::string& text) {
    const auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return Error{"not valid JSON"};
    if (!j.is_object() || j.value("format", "") != "vreglink-backup") {
        return Error{"not a vreglink backup (\"format\" is not \"vreglink-backup\")"};
    }
    if (j.value("version", 0) != 1) return Error{"unsupported backup version"};
    Backup b;
    b.device = j.value("device", nlohmann::json::object());
    b.created = j.value("created", "");
    const auto settings = j.value("settings", nlohmann::json::array());
    if (!settings.is_array()) return Error{"\"settings\" is not a list"};
    for (std::size_t i = 0; i < settings.size(); ++i) {
        const auto& s = settings[i];
        if (!s.is_object()) return Error{fmt::format("setting {} is not an object", i + 1)};
        const auto id = parseVregId(s.value("vreg", ""));
        const auto data = parseHexBytes(s.value("data", "-"));
        if (!id || !data) {
            return Error{fmt::format(
                "setting {}: needs \"vreg\" (e.g. \"0xEDF0\") and \"data\" (hex)", i + 1)};
        }
        b.settings.push_back({*id, s.value("name", ""), *data, s.value("value", "")});
    }
    return b;
}

bool isBackupSetting(const catalog::RegisterInfo& info) {
    if (info.access != catalog::Access::ReadWrite) return false;
    if ((info.id.value & 0xFF00) == 0x2000) return false;  // volatile VE.Smart link values
    if (info.id.value == 0xE800) return false;             // baud rate
    if (info.id.value == 0x010E) return false;             // identify (blink), not a setting
    return true;
}

void sortForRestore(std::vector<BackupEntry>& entries) {
    auto rank = [](VregId id) {
        if (id.value == 0xEDEF) return 0;  // system voltage first
        if (id.value == 0xEDF1) return 1;  // then battery type
        return 2;
    };
    std::stable_sort(entries.begin(), entries.end(), [&](const auto& a, const auto& b) {
        return std::pair(rank(a.id), a.id.value) < std::pair(rank(b.id), b.id.value);
    });
}

Result<bool> writeFileAtomically(const std::string& path, const std::string& content) {
    const std::string tmp = path + ".tmp";
    auto fail = [&](const char* what, int err) -> Result<bool> {
        ::unlink(tmp.c_str());
        return Error{fmt::format("cannot {} {}: {}", what, tmp, std::strerror(err))};
    };
    {
        UniqueFd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
        if (!fd) return Error{fmt::format("cannot write {}: {}", tmp, std::strerror(errno))};
        std::size_t done = 0;
        while (done < content.size()) {
            const ssize_t n = ::write(fd.get(), content.data() + done, content.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return fail("write", errno);
            done += static_cast<std::size_t>(n);
        }
        if (::fsync(fd.get()) != 0) return fail("sync", errno);
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) return fail("rename", errno);
    return true;
}

Result<std::string> readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{fmt::format("cannot read {}: {}", path, std::strerror(errno))};
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace vreglink::cli
