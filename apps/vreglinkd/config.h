// vreglinkd's configuration: one TOML file (packaging/vreglinkd.toml documents every key), with
// command-line flags layered on top. Parsing reports the line and key of the first problem.
#pragma once

#include "core/log.h"

#include "core/result.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vreglink::daemon {

enum class DeviceType : std::uint8_t { VeDirect, Ble };

// Bluetooth requests are paced at 15 ms per 20-byte chunk (ble-gatt.md §1.3): a try needs time.
inline constexpr std::chrono::milliseconds kBleMinTimeout{2000};

struct DeviceConfig {
    DeviceType type = DeviceType::VeDirect;
    std::string path;                            // VE.Direct: "/dev/ttyUSB0"
    std::string address;                         // Bluetooth: "C0:FF:EE:00:00:01" (upper case)
    std::optional<std::uint32_t> pin;            // Bluetooth passkey 0..999999; empty: none
    std::string adapter;                         // Bluetooth: "hci0"; empty: BlueZ's first
    std::string name;                            // service suffix; empty: tty name / ble_<addr>
    std::optional<std::int32_t> deviceInstance;  // empty: derived, then negotiated (§2.9)
    std::chrono::milliseconds timeout{1000};     // per try (Bluetooth: 3000 by default)
    unsigned retries = 2;

    // What names the device in logs, the instance registry and on reload: the tty path, or
    // "ble:" + address.
    std::string key() const { return type == DeviceType::Ble ? "ble:" + address : path; }

    // Settings that need a new device session when they change (reload).
    bool sameSession(const DeviceConfig& other) const {
        return type == other.type && path == other.path && address == other.address &&
               pin == other.pin && adapter == other.adapter && timeout == other.timeout &&
               retries == other.retries;
    }
};

struct Config {
    std::string bus = "system";  // "system", "session" or a D-Bus address
    bool readOnly = false;
    LogLevel logLevel = LogLevel::Info;
    std::chrono::milliseconds budget{3000};  // every VregLink call answered by then (§3.4)
    std::vector<DeviceConfig> devices;
};

// Parses TOML text; `origin` names the file in messages ("vreglinkd.toml:12: device[1].path: …").
Result<Config> parseConfig(std::string_view text, const std::string& origin);
Result<Config> loadConfig(const std::string& file);

// Command-line overrides (flags win over the file).
struct Overrides {
    std::optional<std::string> bus;
    std::vector<std::string> devices;  // added to the file's devices (same path: ignored)
    bool readOnly = false;             // only ever switches read-only on
    std::optional<LogLevel> logLevel;
};
void applyOverrides(Config& config, const Overrides& overrides);

}  // namespace vreglink::daemon
