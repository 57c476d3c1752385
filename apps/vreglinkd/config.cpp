#include "config.h"
#include "config_toml.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include "link/ble_address.h"
#include "mqtt/broker_address.h"

#include <fstream>
#include <set>
#include <sstream>

namespace vreglink::daemon {
namespace {

// The passkey: an integer 0..999999, or a string of exactly six digits — TOML integers cannot
// have leading zeros, so a PIN like 012345 is written "012345" (or 12345).
std::optional<Error> readPin(const toml::table& table, std::optional<std::uint32_t>& out,
                             const std::string& origin, const std::string& prefix) {
    const toml::node* node = table.get("pin");
    if (node == nullptr) return std::nullopt;
    const auto bad = [&] {
        return errorAt(origin, node, prefix + "pin",
                       "expected 0..999999 or a six-digit string like \"012345\"");
    };
    std::int64_t value = -1;
    if (const auto number = node->value_exact<std::int64_t>()) {
        value = *number;
    } else if (const auto text = node->value_exact<std::string>()) {
        if (text->size() != 6) return bad();
        value = 0;
        for (const char c : *text) {
            if (c < '0' || c > '9') return bad();
            value = value * 10 + (c - '0');
        }
    } else {
        return bad();
    }
    if (value < 0 || value > 999999) return bad();
    out = static_cast<std::uint32_t>(value);
    return std::nullopt;
}

// Keys of one link type only: a `pin` on a serial port is a mistake worth reporting.
std::optional<Error> checkTypeKeys(const toml::table& table, DeviceType type,
                                   const std::string& origin, const std::string& prefix) {
    const bool ble = type == DeviceType::Ble;
    for (const char* key : {"path", "address", "pin", "adapter"}) {
        const bool bleKey = std::string_view(key) != "path";
        if (bleKey != ble && table.get(key) != nullptr) {
            return errorAt(origin, table.get(key), prefix + key,
                           fmt::format("not a key of type = \"{}\"", ble ? "ble" : "vedirect"));
        }
    }
    return std::nullopt;
}

std::optional<Error> readLinkKeys(const toml::table& table, DeviceConfig& device,
                                  const std::string& origin, const std::string& prefix) {
    if (device.type == DeviceType::VeDirect) {
        if (auto e = readValue(table, "path", device.path, origin, prefix, "a string")) return e;
        if (device.path.empty()) return errorAt(origin, &table, prefix + "path", "missing");
        return std::nullopt;
    }
    std::string address;
    if (auto e = readValue(table, "address", address, origin, prefix, "a string")) return e;
    if (address.empty()) return errorAt(origin, &table, prefix + "address", "missing");
    const auto parsed = link::BleAddress::parse(address);
    if (!parsed) {
        return errorAt(
            origin, table.get("address"), prefix + "address",
            fmt::format("\"{}\" is not a Bluetooth address like AA:BB:CC:DD:EE:FF", address));
    }
    device.address = parsed->text();
    if (auto e = readPin(table, device.pin, origin, prefix)) return e;
    if (auto e = readValue(table, "adapter", device.adapter, origin, prefix, "a string")) return e;
    device.timeout = std::chrono::milliseconds(3000);
    return std::nullopt;
}

Result<DeviceConfig> parseDevice(const toml::table& table, const std::string& origin,
                                 const std::string& prefix) {
    if (auto e = checkKeys(table,
                           {"type", "path", "address", "pin", "adapter", "name", "device_instance",
                            "timeout_ms", "retries"},
                           origin, prefix)) {
        return *e;
    }
    DeviceConfig device;
    std::string type = "vedirect";
    if (auto e = readValue(table, "type", type, origin, prefix, "a string")) return *e;
    if (type == "ble") {
        device.type = DeviceType::Ble;
    } else if (type != "vedirect") {
        return errorAt(origin, table.get("type"), prefix + "type",
                       fmt::format("unknown device type \"{}\" (supported: vedirect, ble)", type));
    }
    if (auto e = checkTypeKeys(table, device.type, origin, prefix)) return *e;
    if (auto e = readLinkKeys(table, device, origin, prefix)) return *e;
    if (auto e = readValue(table, "name", device.name, origin, prefix, "a string")) return *e;
    if (const toml::node* node = table.get("device_instance")) {
        std::int64_t instance = 0;
        if (auto e = readValue(table, "device_instance", instance, origin, prefix, "an integer")) {
            return *e;
        }
        if (instance < 0 || instance > 0xFFFF) {
            return errorAt(origin, node, prefix + "device_instance", "must be 0..65535");
        }
        device.deviceInstance = static_cast<std::int32_t>(instance);
    }
    const std::int64_t minTimeout = device.type == DeviceType::Ble ? kBleMinTimeout.count() : 10;
    if (auto e =
            readMillis(table, "timeout_ms", device.timeout, minTimeout, 60000, origin, prefix)) {
        return *e;
    }
    std::int64_t retries = device.retries;
    if (auto e = readValue(table, "retries", retries, origin, prefix, "an integer")) return *e;
    if (retries < 0 || retries > 10) {
        return errorAt(origin, table.get("retries"), prefix + "retries", "must be 0..10");
    }
    device.retries = static_cast<unsigned>(retries);
    return device;
}

}  // namespace

Result<Config> parseConfig(std::string_view text, const std::string& origin) {
    toml::table root;
    try {  // toml++ reports syntax errors by exception: this is the edge (DESIGN.md "Errors")
        root = toml::parse(text, origin);
    } catch (const toml::parse_error& e) {
        return Error{fmt::format("{}:{}:{}: {}", origin, e.source().begin.line,
                                 e.source().begin.column, e.description())};
    }
    if (auto e = checkKeys(root, {"bus", "read_only", "log_level", "budget_ms", "device", "mqtt"},
                           origin, "")) {
        return *e;
    }
    Config config;
    if (auto e = readValue(root, "bus", config.bus, origin, "", "a string")) return *e;
    if (config.bus != "system" && config.bus != "session" &&
        config.bus.find(':') == std::string::npos) {
        return errorAt(origin, root.get("bus"), "bus",
                       "expected \"system\", \"session\" or an address like unix:path=/run/bus");
    }
    if (auto e = readValue(root, "read_only", config.readOnly, origin, "", "true or false")) {
        return *e;
    }
    std::string level = logLevelName(config.logLevel);
    if (auto e = readValue(root, "log_level", level, origin, "", "a string")) return *e;
    if (auto parsed = parseLogLevel(level)) {
        config.logLevel = *parsed;
    } else {
        return errorAt(origin, root.get("log_level"), "log_level",
                       "expected debug, info, warning or error");
    }
    if (auto e = readMillis(root, "budget_ms", config.budget, 100, 20000, origin, "")) return *e;

    if (const toml::node* devices = root.get("device")) {
        const toml::array* array = devices->as_array();
        if (array == nullptr) {
            return errorAt(origin, devices, "device", "expected [[device]] tables");
        }
        for (std::size_t i = 0; i < array->size(); ++i) {
            const std::string prefix = fmt::format("device[{}].", i);
            const toml::table* table = (*array)[i].as_table();
            if (table == nullptr) return errorAt(origin, &(*array)[i], prefix, "expected a table");
            auto device = parseDevice(*table, origin, prefix);
            if (!device) return Error{device.error()};
            const bool ble = device->type == DeviceType::Ble;
            for (const auto& other : config.devices) {
                if (other.key() == device->key()) {
                    const char* key = ble ? "address" : "path";
                    return errorAt(origin, table->get(key), prefix + key,
                                   fmt::format("{} is configured twice",
                                               ble ? device->address : device->path));
                }
            }
            config.devices.push_back(std::move(device).value());
        }
    }
    if (const toml::node* mqtt = root.get("mqtt")) {
        const toml::table* table = mqtt->as_table();
        if (table == nullptr) return errorAt(origin, mqtt, "mqtt", "expected a [mqtt] table");
        auto parsed = parseMqttConfig(*table, origin);
        if (!parsed) return Error{parsed.error()};
        config.mqtt = std::move(parsed).value();
    }
    return config;
}

Result<Config> loadConfig(const std::string& file) {
    std::ifstream in(file);
    if (!in) return Error{fmt::format("cannot read {}", file)};
    std::stringstream text;
    text << in.rdbuf();
    return parseConfig(text.str(), file);
}

void applyOverrides(Config& config, const Overrides& overrides) {
    if (overrides.bus) config.bus = *overrides.bus;
    if (overrides.readOnly) config.readOnly = true;
    if (overrides.logLevel) config.logLevel = *overrides.logLevel;
    if (overrides.mqtt) {
        config.mqtt.enabled = true;
        if (const auto address = mqtt::parseBrokerAddress(*overrides.mqtt)) {  // checked by main
            config.mqtt.host = address->host;
            config.mqtt.port = address->port;
        }
    }
    if (overrides.portal) config.mqtt.portalId = *overrides.portal;
    for (const auto& path : overrides.devices) {
        bool known = false;
        for (const auto& d : config.devices) known = known || d.key() == path;
        if (known) continue;
        DeviceConfig device;
        device.path = path;
        config.devices.push_back(std::move(device));
    }
}

}  // namespace vreglink::daemon
