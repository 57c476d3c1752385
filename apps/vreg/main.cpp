// vreg — read and write the registers of Victron devices, for people.
#include "commands.h"
#include "core/log.h"
#include "mqtt/broker_address.h"
#include "mqtt_connect.h"
#include "output.h"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

namespace vc = vreglink::cli;

namespace {

constexpr const char* kPortHelp =
    "serial port, ble:ADDRESS, with --dbus a service, with --mqtt <portal>/<type>/<instance>";

// The --mqtt* options as typed; checked and turned into a target after parsing.
struct MqttArgs {
    std::string broker;
    std::string portal;
    std::string user;
    std::string password;
    std::string ca;
    std::string cert;
    std::string key;
};

vreglink::Result<vc::MqttTarget> mqttTarget(const MqttArgs& a) {
    auto address = vreglink::mqtt::parseBrokerAddress(a.broker);
    if (!address) return vreglink::Error{fmt::format("--mqtt {}: {}", a.broker, address.error())};
    if (!a.portal.empty() && !vreglink::mqtt::isValidPortalId(a.portal)) {
        return vreglink::Error{fmt::format(
            "--portal '{}': a portal id is 1..64 characters without '/', '+', '#' or spaces",
            a.portal)};
    }
    if (!a.password.empty() && a.user.empty()) {
        return vreglink::Error{"--mqtt-password needs --mqtt-user"};
    }
    if (a.cert.empty() != a.key.empty()) {
        return vreglink::Error{"--mqtt-cert and --mqtt-key go together"};
    }
    if (!a.cert.empty() && a.ca.empty()) {
        return vreglink::Error{"a client certificate needs TLS: give --mqtt-ca FILE too"};
    }
    vc::MqttTarget target;
    target.client.host = address->host;
    target.client.port = address->port;
    target.client.username = a.user;
    target.client.password = a.password;
    if (!a.ca.empty()) target.client.tls = vreglink::mqtt::TlsOptions{a.ca, a.cert, a.key};
    target.portal = a.portal;
    return target;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "vreg — read and write the registers (VREGs) of Victron Energy devices.\n"
        "PORT is a VE.Direct serial port: /dev/ttyUSB0, /dev/serial/by-id/…, or a pty; a "
        "Bluetooth\n"
        "device: ble:AA:BB:CC:DD:EE:FF (through BlueZ on the system bus, --pin for its PIN; "
        "vreg scan\n"
        "lists them); with --dbus a vreglinkd service: com.victronenergy.solarcharger.ttyUSB0 "
        "or\n"
        "solarcharger.ttyUSB0; with --mqtt a device of a remote vreglinkd:\n"
        "<portal>/<type>/<instance> (c0619ab1e2f3/solarcharger/288), or <type>/<instance> with "
        "--portal.\n"
        "REG is a register id (0xEDF0) or a catalog name (bat_max_current).\n"
        "Exit codes: 0 ok, 1 device error (the VregLink status is printed), 2 usage."};
    app.require_subcommand(1);
    app.set_version_flag("--version", "vreg 0.1.0");

    vc::GlobalOptions g;
    unsigned timeoutMs = 1000;
    app.add_flag("--json", g.json, "machine-readable output: one JSON object per line");
    app.add_option("--timeout", timeoutMs,
                   "per-try timeout in milliseconds (Bluetooth: at least 2000)")
        ->capture_default_str()
        ->check(CLI::Range(10u, 60000u));
    app.add_flag("--stats", g.connection.printStats,
                 "print link statistics (bytes, requests, retries) as JSON on stderr at the end");
    app.add_option("--retries", g.connection.retries, "retries after a timeout")
        ->capture_default_str()
        ->check(CLI::Range(0u, 10u));

    std::uint32_t pin = 0;
    auto* pinOpt =
        app.add_option("--pin", pin, "Bluetooth: the device's 6-digit PIN (passkey) for pairing")
            ->check(CLI::Range(0U, 999999U));
    double bleSearchSeconds = 10;
    app.add_option("--ble-search-seconds", bleSearchSeconds,
                   "Bluetooth: how long BlueZ may search for a device it does not know yet; "
                   "connecting then has 20 s more")
        ->capture_default_str()
        ->check(CLI::Range(0.5, 600.0));

    std::string dbusBus;
    auto* dbusOpt = app.add_flag("--dbus{system}", dbusBus,
                                 "go through vreglinkd on D-Bus: --dbus (system bus), "
                                 "--dbus=session or --dbus=ADDRESS; PORT is then a service name");

    MqttArgs mqttArgs;
    auto* mqttOpt = app.add_option("--mqtt", mqttArgs.broker,
                                   "go through vreglinkd over MQTT: the broker HOST[:PORT] "
                                   "(1883, 8883 with --mqtt-ca); PORT is then "
                                   "<portal>/<type>/<instance>");
    mqttOpt->excludes(dbusOpt);
    app.add_option("--portal", mqttArgs.portal,
                   "MQTT: the vreglinkd (portal id) to ask; PORT is then <type>/<instance>")
        ->needs(mqttOpt);
    auto* mqttUserOpt =
        app.add_option("--mqtt-user", mqttArgs.user, "MQTT: user name")->needs(mqttOpt);
    app.add_option("--mqtt-password", mqttArgs.password, "MQTT: password (needs --mqtt-user)")
        ->needs(mqttUserOpt);
    auto* mqttCaOpt = app.add_option("--mqtt-ca", mqttArgs.ca,
                                     "MQTT over TLS: verify the broker against this CA file")
                          ->check(CLI::ExistingFile)
                          ->needs(mqttOpt);
    app.add_option("--mqtt-cert", mqttArgs.cert,
                   "MQTT over TLS: client certificate, for brokers that require one")
        ->check(CLI::ExistingFile)
        ->needs(mqttCaOpt);
    app.add_option("--mqtt-key", mqttArgs.key, "MQTT over TLS: the client certificate's key")
        ->check(CLI::ExistingFile)
        ->needs(mqttCaOpt);

    std::string port;
    double scanSeconds = 5;
    auto* scan = app.add_subcommand(
        "scan", "nearby Victron Bluetooth devices: name, address, signal, product (via BlueZ)");
    scan->add_option("--seconds", scanSeconds, "how long to listen")
        ->capture_default_str()
        ->check(CLI::Range(0.5, 600.0));
    scan->footer(
        "Lists the devices advertising Victron's manufacturer data (company id 0x02E1); the\n"
        "product comes from their Instant Readout header. --json (before scan): one object per\n"
        "device.\nExamples:\n  vreg scan\n  vreg --pin 123456 info ble:C0:FF:EE:00:00:01");

    auto* list = app.add_subcommand(
        "list", "the devices vreglinkd serves (needs --dbus, or --mqtt for every site's)");
    list->footer(
        "Examples:\n  vreg --dbus list\n"
        "  vreg --mqtt broker list                         # every vreglinkd on the broker\n"
        "  vreg --mqtt broker --portal c0619ab1e2f3 list   # one site\n"
        "  vreg --mqtt broker --json list");

    auto* info = app.add_subcommand("info", "product, firmware, serial and state");
    info->add_option("PORT", port, kPortHelp)->required();

    std::vector<std::string> regs;
    auto* get = app.add_subcommand("get", "read registers: name, value with unit, raw bytes");
    get->add_option("PORT", port, kPortHelp)->required();
    get->add_option("REG", regs, "register ids or names")->required();
    get->footer(
        "Examples:\n  vreg get /dev/ttyUSB0 bat_max_current 0xEDF7\n"
        "  vreg --mqtt broker get c0619ab1e2f3/solarcharger/288 bat_max_current");

    vc::SetOptions setOptions;
    std::string raw;
    auto* set = app.add_subcommand("set", "write a register; validated first, then read back");
    set->add_option("PORT", port, kPortHelp)->required();
    set->add_option("REG", setOptions.reg, "register id or name")->required();
    auto* valueOpt = set->add_option("VALUE", setOptions.value,
                                     "value: 14.4, 14.4V, 30A, on, an enum label, hex:9600");
    auto* rawOpt = set->add_option("--raw", raw, "raw little-endian bytes as hex, e.g. 9600");
    valueOpt->excludes(rawOpt);
    set->add_flag("--force", setOptions.force, "write even if the catalog says read-only");
    set->footer(
        "Examples:\n  vreg set /dev/ttyUSB0 bat_max_current 20A\n"
        "  vreg set /dev/ttyUSB0 device_mode off\n  vreg set /dev/ttyUSB0 0xEDF0 --raw c800\n"
        "  vreg --mqtt broker set c0619ab1e2f3/solarcharger/288 bat_max_current 20A");

    vc::DumpOptions dumpOptions;
    auto* dump = app.add_subcommand("dump", "read every register the catalog lists for the device");
    dump->add_option("PORT", port, kPortHelp)->required();
    dump->add_option("--family", dumpOptions.family,
                     "mppt, bmv, smartshunt, inverter, dcdc, charger, multirs");
    dump->add_flag("--all", dumpOptions.all, "every catalog register, whatever the product");
    dump->footer(
        "Examples:\n  vreg dump /dev/ttyUSB0\n"
        "  vreg --mqtt broker --portal c0619ab1e2f3 dump solarcharger/288");

    vc::MonitorOptions monitorOptions;
    auto* monitor = app.add_subcommand(
        "monitor",
        "live values from TEXT blocks and async frames (Bluetooth: the values the device pushes); "
        "with --dbus the service's D-Bus items");
    monitor->add_option("PORT", port, kPortHelp)->required();
    monitor->add_option("--seconds", monitorOptions.seconds,
                        "stop after this long (default: Ctrl-C)");
    monitor->footer(
        "On a terminal a table refreshed in place; on a pipe each update once; --json (before\n"
        "monitor) for JSON lines.\n"
        "Examples:\n  vreg monitor /dev/ttyUSB0\n"
        "  vreg --pin 123456 monitor ble:C0:FF:EE:00:00:01 --seconds 10\n"
        "  vreg --dbus monitor solarcharger.ttyUSB0     # GetItems, then each ItemsChanged\n"
        "  vreg --dbus --json monitor solarcharger.ttyUSB0 --seconds 10");

    std::optional<std::string> backupFile;
    auto* backup = app.add_subcommand("backup", "save all writable settings to a JSON file");
    backup->add_option("PORT", port, kPortHelp)->required();
    backup->add_option("-o,--output", backupFile, "file (written atomically); default stdout");
    backup->footer(
        "Examples:\n  vreg backup /dev/ttyUSB0 -o mppt.json\n"
        "  vreg --mqtt broker backup c0619ab1e2f3/solarcharger/288 -o site1-mppt.json");

    vc::RestoreOptions restoreOptions;
    auto* restore = app.add_subcommand(
        "restore", "write the settings of a backup: shows differences, asks, verifies each write");
    restore->add_option("PORT", port, kPortHelp)->required();
    restore->add_option("FILE", restoreOptions.file, "backup file")->required();
    restore->add_flag("-y,--yes", restoreOptions.yes, "don't ask");
    restore->add_flag("--force", restoreOptions.force, "restore onto a different product");
    restore->add_flag("--dry-run", restoreOptions.dryRun, "only show the differences");
    restore->footer(
        "Examples:\n  vreg restore /dev/ttyUSB0 mppt.json\n"
        "  vreg --mqtt broker restore c0619ab1e2f3/solarcharger/288 site1-mppt.json");

    vc::DecodeOptions decodeOptions;
    auto* decode = app.add_subcommand(
        "decode", "decode a capture file: btsnoop/pcap Bluetooth, or --vedirect (- for stdin)");
    decode->add_option("FILE", decodeOptions.file, "capture file")->required();
    decode->add_flag("--vedirect", decodeOptions.vedirect, "raw VE.Direct serial capture");
    decode->add_flag("--json", decodeOptions.json,
                     "Bluetooth capture: one JSON object per message instead of a table");
    decode->add_flag("--summary", decodeOptions.summary,
                     "print only the counts, as one JSON object");

    // The commands report failures themselves; the library's progress notes (a Bluetooth link
    // "retrying in 1000 ms" while vreg gives up) would only contradict them.
    vreglink::setLogProgram("vreg");
    vreglink::setLogLevel(vreglink::LogLevel::Warning);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? vc::kExitOk : vc::kExitUsage;
    }
    g.connection.timeout = std::chrono::milliseconds(timeoutMs);
    if (rawOpt->count() > 0) setOptions.raw = raw;
    if (dbusOpt->count() > 0) g.connection.dbus = dbusBus.empty() ? "system" : dbusBus;
    if (pinOpt->count() > 0) g.connection.pin = pin;
    g.connection.bleSearch = std::chrono::milliseconds(static_cast<long>(bleSearchSeconds * 1000));
    if (mqttOpt->count() > 0) {
        auto target = mqttTarget(mqttArgs);
        if (!target) {
            std::fprintf(stderr, "vreg: %s\n", target.error().c_str());
            return vc::kExitUsage;
        }
        g.connection.mqtt = std::move(target).value();
        // A PORT that names no remote device is a usage error, found before anything connects.
        const bool takesPort = info->parsed() || get->parsed() || set->parsed() || dump->parsed() ||
                               backup->parsed() || restore->parsed();
        if (takesPort) {
            if (auto remote = vc::parseRemoteDevice(port, mqttArgs.portal); !remote) {
                std::fprintf(stderr, "vreg: %s\n", remote.error().c_str());
                return vc::kExitUsage;
            }
        }
    }

    if (scan->parsed()) return vc::runScan(g, scanSeconds);
    if (list->parsed()) return vc::runList(g);
    if (info->parsed()) return vc::runInfo(g, port);
    if (get->parsed()) return vc::runGet(g, port, regs);
    if (set->parsed()) {
        if (!setOptions.raw && valueOpt->count() == 0) {
            std::fprintf(stderr, "vreg set: give a VALUE or --raw HEX\n");
            return vc::kExitUsage;
        }
        return vc::runSet(g, port, setOptions);
    }
    if (dump->parsed()) return vc::runDump(g, port, dumpOptions);
    if (monitor->parsed()) return vc::runMonitor(g, port, monitorOptions);
    if (backup->parsed()) return vc::runBackup(g, port, backupFile);
    if (restore->parsed()) return vc::runRestore(g, port, restoreOptions);
    if (decode->parsed()) return vc::runDecode(g, decodeOptions);
    return vc::kExitUsage;
}
