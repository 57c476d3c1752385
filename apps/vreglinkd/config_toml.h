// TOML reading helpers shared by the parts of vreglinkd's configuration (config.cpp: the daemon
// and its devices; config_mqtt.cpp: [mqtt]): every problem names the file, line and key.
#pragma once

#include "core/result.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <set>
#include <string>

namespace vreglink::daemon {

// "file:LINE: key: message" — the line of the node when toml++ knows it.
inline Error errorAt(const std::string& origin, const toml::node* node, const std::string& key,
                     const std::string& message) {
    if (node != nullptr && node->source().begin.line > 0) {
        return Error{fmt::format("{}:{}: {}: {}", origin, node->source().begin.line, key, message)};
    }
    return Error{fmt::format("{}: {}: {}", origin, key, message)};
}

// Unknown keys are errors: a misspelt `read_ony = true` must not silently allow writes.
inline std::optional<Error> checkKeys(const toml::table& table, const std::set<std::string>& known,
                                      const std::string& origin, const std::string& prefix) {
    for (const auto& [key, node] : table) {
        if (!known.contains(std::string(key.str()))) {
            return errorAt(origin, &node, prefix + std::string(key.str()), "unknown key");
        }
    }
    return std::nullopt;
}

template <typename T>
std::optional<Error> readValue(const toml::table& table, const char* key, T& out,
                               const std::string& origin, const std::string& prefix,
                               const char* expected) {
    const toml::node* node = table.get(key);
    if (node == nullptr) return std::nullopt;
    auto value = node->value<T>();
    if (!value || !node->is<T>()) {
        return errorAt(origin, node, prefix + key, fmt::format("expected {}", expected));
    }
    out = *value;
    return std::nullopt;
}

inline std::optional<Error> readMillis(const toml::table& table, const char* key,
                                       std::chrono::milliseconds& out, std::int64_t min,
                                       std::int64_t max, const std::string& origin,
                                       const std::string& prefix) {
    std::int64_t ms = out.count();
    if (auto e = readValue(table, key, ms, origin, prefix, "an integer (milliseconds)")) return e;
    if (ms < min || ms > max) {
        return errorAt(origin, table.get(key), prefix + key,
                       fmt::format("must be between {} and {} ms", min, max));
    }
    out = std::chrono::milliseconds(ms);
    return std::nullopt;
}

struct MqttConfig;
// The [mqtt] table (config_mqtt.cpp).
Result<MqttConfig> parseMqttConfig(const toml::table& table, const std::string& origin);

}  // namespace vreglink::daemon
