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

// [mqtt] (issue 6; venus-dbus-mqtt.md §4): the daemon's devices on an MQTT broker.
struct MqttConfig {
    bool enabled = false;  // a [mqtt] table with enabled unset, or --mqtt
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;  // 0: 1883, or 8883 with TLS
    std::string portalId;    // empty: derived from the machine (portal_id.h)
    std::string clientId;    // empty: "vreglinkd-<portal>"
    std::string username;
    std::string password;
    std::string caFile;    // TLS when set: verify the broker against this CA
    std::string certFile;  // client certificate and key, for brokers that require one
    std::string keyFile;
    bool mqtt311Only = false;    // protocol = "3.1.1"; default "5" (falls back to 3.1.1)
    bool venusTopics = true;     // N/R/W topics and keep-alive, as dbus-flashmq (§4.2-4.4)
    bool rpc = true;             // VregLink RPC on vreglink/<portal>/rpc
    bool rpcWrites = false;      // RPC "set" refused (0x8100) unless true
    bool homeAssistant = false;  // Home Assistant MQTT discovery
    std::string homeAssistantPrefix = "homeassistant";

    friend bool operator==(const MqttConfig&, const MqttConfig&) = default;
};

struct Config {
    std::string bus = "system";  // "system", "session" or a D-Bus address
    bool readOnly = false;
    LogLevel logLevel = LogLevel::Info;
    std::chrono::milliseconds budget{3000};  // every VregLink call answered by then (§3.4)
    std::vector<DeviceConfig> devices;
    MqttConfig mqtt;
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
    std::optional<std::string> mqtt;    // --mqtt HOST[:PORT]: enables MQTT there
    std::optional<std::string> portal;  // --portal ID
};
void applyOverrides(Config& config, const Overrides& overrides);

}  // namespace vreglink::daemon
