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

enum class DeviceType : std::uint8_t { VeDirect };

struct DeviceConfig {
    DeviceType type = DeviceType::VeDirect;
    std::string path;                            // "/dev/ttyUSB0"
    std::string name;                            // service suffix; empty: from the tty name
    std::optional<std::int32_t> deviceInstance;  // empty: derived, then negotiated (§2.9)
    std::chrono::milliseconds timeout{1000};     // per try
    unsigned retries = 2;

    // Settings that need a new device session when they change (reload).
    bool sameSession(const DeviceConfig& other) const {
        return type == other.type && path == other.path && timeout == other.timeout &&
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
