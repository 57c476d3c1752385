// vreglinkd: publishes Victron VE.Direct devices on D-Bus as Venus OS does — one
// com.victronenergy.<type>.<tty> service per device, BusItem paths and /Devices/0/VregLink
// (venus-dbus-mqtt.md §2, §3, §9). One thread, one asio loop (DESIGN.md "Runtime").
#include "config.h"
#include "core/log.h"
#include "device_manager.h"
#include "help_text.h"
#include "mqtt_gateway.h"
#include "systemd_notify.h"

#include "bus/bus_connection.h"
#include "mqtt/broker_address.h"

#include <CLI/CLI.hpp>
#include <asio/io_context.hpp>
#include <asio/signal_set.hpp>

#include <csignal>
#include <memory>
#include <optional>
#include <string>

namespace {

using namespace vreglink;
using namespace vreglink::daemon;

enum ExitCode : int { kOk = 0, kRuntimeError = 1, kUsage = 2 };

// Everything the daemon runs, so SIGTERM can take it down in order: services leave the bus
// first, then the client connection.
struct Daemon {
    asio::io_context io;
    asio::signal_set signals{io, SIGINT, SIGTERM, SIGHUP};
    SystemdNotifier notifier{io};
    std::optional<std::string> configFile;
    Overrides overrides;
    Config config;
    bus::BusSpec bus;
    std::unique_ptr<bus::BusConnection> client;
    venus::DeviceDirectory directory;   // outlives the devices, which list themselves in it
    std::unique_ptr<MqttGateway> mqtt;  // follows the directory; goes after the devices
    std::unique_ptr<DeviceManager> devices;

    Result<Config> load() const {
        Config c;
        if (configFile) {
            auto loaded = loadConfig(*configFile);
            if (!loaded) return loaded;
            c = std::move(loaded).value();
        }
        applyOverrides(c, overrides);
        return c;
    }

    void waitSignals() {
        signals.async_wait([this](const std::error_code& ec, int signo) {
            if (ec) return;
            if (signo == SIGHUP) {
                reload();
                waitSignals();
                return;
            }
            logInfo("{}: leaving the bus", signo == SIGTERM ? "SIGTERM" : "SIGINT");
            notifier.stopping();
            devices.reset();  // services leave; MQTT topics of the devices are cleared
            if (!mqtt) return finish();
            mqtt->stop([this] { finish(); });  // "offline", and the last messages reach the broker
        });
    }

    void finish() {
        mqtt.reset();
        client.reset();
        io.stop();
    }

    // [mqtt] at start and on reload: started, changed in place, restarted or stopped.
    void applyMqtt() {
        if (!config.mqtt.enabled) {
            if (mqtt) logInfo("mqtt: disabled");
            mqtt.reset();
            return;
        }
        if (mqtt && mqtt->canApply(config.mqtt)) {
            mqtt->apply(config.mqtt);
            return;
        }
        mqtt.reset();
        auto started = MqttGateway::start(io, config.mqtt, directory);
        if (!started) {
            logError("{} (MQTT stays off until the config is fixed and reloaded)", started.error());
            return;
        }
        mqtt = std::move(started).value();
    }

    // SIGHUP: re-read the file; a broken file keeps the running config (and says why).
    void reload() {
        notifier.reloading();
        auto next = load();
        if (!next) {
            logError("reload: {} (keeping the running configuration)", next.error());
        } else {
            if (next->bus != config.bus) {
                logWarning("reload: bus changes need a restart (still on {})", bus.describe());
                next->bus = config.bus;
            }
            config = std::move(next).value();
            setLogLevel(config.logLevel);
            devices->apply(config);
            applyMqtt();
            logInfo("reloaded: {} device(s), {}", config.devices.size(),
                    config.readOnly ? "read-only" : "read-write");
        }
        notifier.ready(devices->status());
    }
};

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{helpDescription()};
    app.footer(helpFooter());
    app.set_version_flag("--version", "vreglinkd " VREGLINKD_VERSION);
    app.get_formatter()->column_width(34);

    Daemon d;
    std::string configFile;
    std::string busText;
    std::string levelText;
    app.add_option("-c,--config", configFile, "TOML configuration file (see CONFIGURATION)")
        ->check(CLI::ExistingFile);
    app.add_option("--bus", busText,
                   "system (default), session, or a D-Bus address (unix:path=/run/x/bus)");
    app.add_option("--device", d.overrides.devices,
                   "VE.Direct serial port to publish, repeatable (added to the file's devices)");
    app.add_flag("--read-only", d.overrides.readOnly,
                 "refuse every write: SetVreg answers 0x8100, SetValue answers 1");
    std::string mqttText;
    std::string portalText;
    app.add_option("--mqtt", mqttText,
                   "also publish on this MQTT broker: HOST[:PORT] (more settings: [mqtt])");
    app.add_option("--portal", portalText,
                   "MQTT portal id in every topic (default: derived from /etc/machine-id)");
    app.add_option("--log-level", levelText, "debug, info (default), warning or error")
        ->check(CLI::IsMember({"debug", "info", "warning", "error"}));
    try {  // CLI11 reports by exception: this is the edge
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? kOk : kUsage;
    }
    setLogProgram("vreglinkd");
    if (!configFile.empty()) d.configFile = configFile;
    if (!busText.empty()) d.overrides.bus = busText;
    if (!levelText.empty()) d.overrides.logLevel = parseLogLevel(levelText);
    if (!mqttText.empty()) {
        if (const auto address = mqtt::parseBrokerAddress(mqttText); !address) {
            logError("--mqtt {}: {}", mqttText, address.error());
            return kUsage;
        }
        d.overrides.mqtt = mqttText;
    }
    if (!portalText.empty()) {
        if (!mqtt::isValidPortalId(portalText)) {
            logError("--portal: \"{}\" must be 1..64 characters without '/', '+', '#' or spaces",
                     portalText);
            return kUsage;
        }
        d.overrides.portal = portalText;
    }

    auto config = d.load();
    if (!config) {
        logError("{}", config.error());
        return kUsage;
    }
    d.config = std::move(config).value();
    setLogLevel(d.config.logLevel);
    auto bus = bus::BusSpec::parse(d.config.bus);
    if (!bus) {
        logError("bus: {}", bus.error());
        return kUsage;
    }
    d.bus = bus.value();
    if (d.config.devices.empty()) {
        logWarning("no devices configured (--device PATH or [[device]] in --config)");
    }

    std::signal(SIGPIPE, SIG_IGN);
    d.waitSignals();  // before anything else, so an early SIGTERM is handled on the loop

    // The daemon's own connection: com.victronenergy.settings negotiation (§2.9). Each device's
    // service has its own connection (DESIGN.md "One D-Bus connection per published service").
    auto client = bus::BusConnection::open(d.io, d.bus);
    if (!client) {
        logError("cannot connect to the {}: {}", d.bus.describe(), client.error());
        return kRuntimeError;
    }
    d.client = std::move(client).value();
    d.devices = std::make_unique<DeviceManager>(d.io, d.bus, d.client.get(), &d.directory, [&d] {
        if (d.devices) d.notifier.status(d.devices->status());
    });
    logInfo("vreglinkd {} on the {}, {} device(s){}", VREGLINKD_VERSION, d.bus.describe(),
            d.config.devices.size(), d.config.readOnly ? ", read-only" : "");
    d.applyMqtt();
    d.devices->apply(d.config);

    // Ready once the devices are set up; they register on the bus as they appear.
    d.notifier.ready(d.devices->status());
    d.notifier.startWatchdog();
    d.io.run();
    return kOk;
}
