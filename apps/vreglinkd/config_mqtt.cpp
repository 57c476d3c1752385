// The [mqtt] table of vreglinkd's configuration and the --mqtt HOST[:PORT] flag.
#include "config.h"
#include "config_toml.h"
#include "mqtt/broker_address.h"

namespace vreglink::daemon {
namespace {

std::optional<Error> readPort(const toml::table& table, std::uint16_t& port,
                              const std::string& origin) {
    std::int64_t value = port;
    if (auto e = readValue(table, "port", value, origin, "mqtt.", "an integer")) return e;
    if (value < 0 || value > 65535) {
        return errorAt(origin, table.get("port"), "mqtt.port", "must be 1..65535");
    }
    port = static_cast<std::uint16_t>(value);
    return std::nullopt;
}

std::optional<Error> readFile(const toml::table& table, const char* key, std::string& out,
                              const std::string& origin) {
    if (auto e = readValue(table, key, out, origin, "mqtt.", "a file path")) return e;
    if (!out.empty() && out.front() != '/') {
        return errorAt(origin, table.get(key), std::string("mqtt.") + key,
                       "expected an absolute path");
    }
    return std::nullopt;
}

}  // namespace

Result<MqttConfig> parseMqttConfig(const toml::table& table, const std::string& origin) {
    if (auto e =
            checkKeys(table,
                      {"enabled", "host", "port", "portal_id", "client_id", "username", "password",
                       "ca_file", "cert_file", "key_file", "protocol", "venus_topics", "rpc",
                       "rpc_writes", "home_assistant", "home_assistant_prefix"},
                      origin, "mqtt.")) {
        return *e;
    }
    MqttConfig m;
    m.enabled = true;  // a [mqtt] table means MQTT, unless it says enabled = false
    const std::string p = "mqtt.";
    if (auto e = readValue(table, "enabled", m.enabled, origin, p, "true or false")) return *e;
    if (auto e = readValue(table, "host", m.host, origin, p, "a string")) return *e;
    if (m.host.empty()) return errorAt(origin, table.get("host"), "mqtt.host", "empty");
    if (auto e = readPort(table, m.port, origin)) return *e;
    if (auto e = readValue(table, "portal_id", m.portalId, origin, p, "a string")) return *e;
    if (table.get("portal_id") && !mqtt::isValidPortalId(m.portalId)) {
        return errorAt(origin, table.get("portal_id"), "mqtt.portal_id",
                       "must be 1..64 characters without '/', '+', '#' or spaces");
    }
    if (auto e = readValue(table, "client_id", m.clientId, origin, p, "a string")) return *e;
    if (auto e = readValue(table, "username", m.username, origin, p, "a string")) return *e;
    if (auto e = readValue(table, "password", m.password, origin, p, "a string")) return *e;
    if (!m.password.empty() && m.username.empty()) {
        return errorAt(origin, table.get("password"), "mqtt.password", "needs a username");
    }
    for (auto [key, out] : {std::pair{"ca_file", &m.caFile}, std::pair{"cert_file", &m.certFile},
                            std::pair{"key_file", &m.keyFile}}) {
        if (auto e = readFile(table, key, *out, origin)) return *e;
    }
    if (m.certFile.empty() != m.keyFile.empty()) {
        return errorAt(origin, table.get(m.certFile.empty() ? "key_file" : "cert_file"),
                       "mqtt.cert_file", "cert_file and key_file go together");
    }
    if (!m.certFile.empty() && m.caFile.empty()) {
        return errorAt(origin, table.get("cert_file"), "mqtt.cert_file",
                       "a client certificate needs TLS: set ca_file too");
    }
    std::string protocol = "5";
    if (auto e = readValue(table, "protocol", protocol, origin, p, "a string")) return *e;
    if (protocol != "5" && protocol != "3.1.1") {
        return errorAt(origin, table.get("protocol"), "mqtt.protocol",
                       "expected \"5\" (falls back to 3.1.1) or \"3.1.1\"");
    }
    m.mqtt311Only = protocol == "3.1.1";
    if (auto e = readValue(table, "venus_topics", m.venusTopics, origin, p, "true or false")) {
        return *e;
    }
    if (auto e = readValue(table, "rpc", m.rpc, origin, p, "true or false")) return *e;
    if (auto e = readValue(table, "rpc_writes", m.rpcWrites, origin, p, "true or false")) {
        return *e;
    }
    if (auto e = readValue(table, "home_assistant", m.homeAssistant, origin, p, "true or false")) {
        return *e;
    }
    if (auto e = readValue(table, "home_assistant_prefix", m.homeAssistantPrefix, origin, p,
                           "a string")) {
        return *e;
    }
    return m;
}

}  // namespace vreglink::daemon
