// vreg-sim ble: simulated VictronConnect peripherals (ble-gatt.md §5.5) behind a test instance of
// BlueZ's D-Bus API, on the bus BlueZ itself uses — the system bus, which scripts and tests point
// at a private dbus-daemon with DBUS_SYSTEM_BUS_ADDRESS. `vreg` and `vreglinkd` then find the
// devices exactly as they would find real ones (issue 4 part 5).
//   vreg-sim ble smartshunt [--address C0:FF:EE:00:00:01] [--pin 123456]
// Prints one "vreg-sim: ble <model> …" line per peripheral once org.bluez is served, and runs until
// SIGTERM/SIGINT. SIGUSR1 toggles "stop answering"; SIGUSR2 drops every connected link.
#include "sim_commands.h"

#include "bus/bus_spec.h"
#include "link/ble_address.h"
#include "sim/bluez/bluez_simulator.h"
#include "sim/bluez/victron_peripheral.h"

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <asio/io_context.hpp>
#include <asio/signal_set.hpp>

#include <csignal>
#include <cstdio>
#include <string>
#include <vector>

namespace vreglink::simapp {
namespace {

struct Hosted {
    std::string model;
    std::string address;
    std::string name;
};

// C0:FF:EE:00:00:01, …:02, …: stable defaults, so scripts can name the devices.
std::string defaultAddress(std::size_t index) {
    return fmt::format("C0:FF:EE:00:00:{:02X}", index + 1);
}

void waitSignals(asio::signal_set& signals, asio::io_context& io,
                 sim::bluez::BluezSimulator& simulator, const std::vector<Hosted>& hosted) {
    signals.async_wait([&](const std::error_code& ec, int signo) {
        if (ec) return;
        if (signo == SIGUSR1) {
            auto& knobs = simulator.knobs();
            knobs.stopAnswering = !knobs.stopAnswering;
            std::fprintf(stderr, "vreg-sim: ble answers %s\n", knobs.stopAnswering ? "off" : "on");
        } else if (signo == SIGUSR2) {
            for (const auto& h : hosted) {
                if (simulator.disconnect(h.address)) {
                    std::fprintf(stderr, "vreg-sim: ble %s disconnected\n", h.address.c_str());
                }
            }
        } else {
            io.stop();
            return;
        }
        waitSignals(signals, io, simulator, hosted);
    });
}

}  // namespace

int runBleSim(int argc, char** argv) {
    CLI::App app{
        "Simulated VictronConnect Bluetooth peripherals behind a test instance of BlueZ's D-Bus "
        "API\n(org.bluez on the system bus; point DBUS_SYSTEM_BUS_ADDRESS at a private "
        "dbus-daemon).\nSIGUSR1 toggles 'stop answering', SIGUSR2 drops every connected link.",
        "vreg-sim ble"};
    std::vector<std::string> models;
    std::vector<std::string> addresses;
    std::uint32_t pin = 0;
    std::string busText = "system";
    unsigned mtu = 23;
    unsigned intervalMs = 15;
    unsigned packetsPerEvent = 1;
    std::uint32_t seed = 1;
    bool known = false;
    bool rejectKeepAlive = false;

    std::vector<std::string> names;
    for (auto n : sim::bluez::victronPeripheralModels()) names.emplace_back(n);
    app.add_option("model", models, "Products to simulate, one peripheral each")
        ->required()
        ->check(CLI::IsMember(names));
    app.add_option("--address", addresses,
                   "Bluetooth address per model, in order (default C0:FF:EE:00:00:01, …:02, …)")
        ->check([](const std::string& text) {
            return link::BleAddress::parse(text) ? std::string{}
                                                 : "not a Bluetooth address: " + text;
        });
    app.add_option("--pin", pin, "Passkey every peripheral asks for (factory default 000000)")
        ->check(CLI::Range(0U, 999999U));
    app.add_option("--bus", busText, "system, session or a D-Bus address")->capture_default_str();
    app.add_option("--mtu", mtu, "ATT MTU (a SmartShunt negotiates 23)")
        ->capture_default_str()
        ->check(CLI::Range(23U, 517U));
    app.add_option("--interval", intervalMs, "Connection interval in ms")
        ->capture_default_str()
        ->check(CLI::Range(1U, 4000U));
    app.add_option("--packets-per-event", packetsPerEvent,
                   "Packets per direction per connection event")
        ->capture_default_str()
        ->check(CLI::Range(1U, 64U));
    app.add_flag("--known", known,
                 "Devices are already known to BlueZ (paired earlier), no discovery needed");
    app.add_flag("--reject-keepalive", rejectKeepAlive,
                 "Answer the 0x0093 keep-alive set with an error, like the 2021 SmartShunt chip");
    app.add_option("--seed", seed, "Seed for measurements and the Instant Readout bytes");
    CLI11_PARSE(app, argc, argv);

    if (addresses.size() > models.size()) {
        std::fprintf(stderr, "vreg-sim ble: more --address options than models\n");
        return 2;
    }
    auto bus = bus::BusSpec::parse(busText);
    if (!bus) {
        std::fprintf(stderr, "vreg-sim ble: %s\n", bus.error().c_str());
        return 2;
    }

    std::signal(SIGPIPE, SIG_IGN);
    asio::io_context io;
    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.add(SIGUSR1);
    signals.add(SIGUSR2);

    auto simulator = sim::bluez::BluezSimulator::start(io, *bus);
    if (!simulator) {
        std::fprintf(stderr, "vreg-sim ble: %s\n", simulator.error().c_str());
        return 1;
    }
    auto& knobs = (*simulator)->knobs();
    knobs.mtu = static_cast<std::uint16_t>(mtu);
    knobs.connectionInterval = std::chrono::milliseconds(intervalMs);
    knobs.packetsPerEvent = packetsPerEvent;

    std::vector<Hosted> hosted;
    for (std::size_t i = 0; i < models.size(); ++i) {
        // Addresses are printed and compared in BlueZ's form (upper case).
        const std::string address = i < addresses.size()
                                        ? link::BleAddress::parse(addresses[i])->text()
                                        : defaultAddress(i);
        auto peripheral = sim::bluez::makeVictronPeripheral(io, models[i], address, pin,
                                                            seed + static_cast<std::uint32_t>(i));
        peripheral->setRejectKeepAlive(rejectKeepAlive);
        const std::string name = peripheral->name();
        if (auto added = (*simulator)->addPeripheral(std::move(peripheral), !known); !added) {
            std::fprintf(stderr, "vreg-sim ble: %s: %s\n", address.c_str(), added.error().c_str());
            return 1;
        }
        hosted.push_back({models[i], address, name});
    }
    waitSignals(signals, io, **simulator, hosted);

    for (const auto& h : hosted) {
        std::printf("vreg-sim: ble %s %s at %s (PIN %06u) on %s\n", h.model.c_str(), h.name.c_str(),
                    h.address.c_str(), pin, bus->describe().c_str());
    }
    std::fflush(stdout);
    io.run();
    return 0;
}

}  // namespace vreglink::simapp
