// The backup file: every writable setting of one device, as JSON, written atomically.
//
// {"format": "vreglink-backup", "version": 1, "created": "2026-11-20T10:00:00Z",
//  "device": {"product_id": "0xA056", "product": "...", "serial": "...", "firmware": "1.61", ...},
//  "settings": [{"vreg": "0xEDF0", "name": "bat_max_current", "data": "9600", "value": "15.0 A"}]}
//
// "data" (the raw bytes) is what restore writes; "value" is for people reading the file.
#pragma once

#include "catalog/register_info.h"
#include "core/bytes.h"
#include "core/result.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace vreglink::cli {

struct BackupEntry {
    VregId id;
    std::string name;
    Bytes data;
    std::string value;
};

struct Backup {
    nlohmann::json device;  // DeviceIdentity::toJson()
    std::string created;
    std::vector<BackupEntry> settings;
};

nlohmann::json backupToJson(const Backup& backup);
Result<Backup> parseBackup(const std::string& text);

// Which registers a backup holds: writable settings, minus what must not be replayed — volatile
// VE.Smart networking values that expire within a minute (0x20xx, vedirect.md §3.6), write-only
// commands, identify, and the VE.Direct baud rate (0xE800, §1: writing it cuts the link).
bool isBackupSetting(const catalog::RegisterInfo& info);

// Restore order: system voltage (0xEDEF) and battery type (0xEDF1) before the voltages that
// depend on them (vedirect.md §3.3 "Writes to charger voltage settings must come after…").
void sortForRestore(std::vector<BackupEntry>& entries);

// Writes to PATH.tmp in the same folder, fsyncs, renames over PATH: a crash leaves the old file
// or the new one, never half of one.
Result<bool> writeFileAtomically(const std::string& path, const std::string& content);
Result<std::string> readFile(const std::string& path);

}  // namespace vreglink::cli
