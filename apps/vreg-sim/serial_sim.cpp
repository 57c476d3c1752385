// vreg-sim <model>: a simulated VE.Direct product behind a pty (vedirect.md §4).
//   vreg-sim <model> --pty PATH [options]
// Prints "vreg-sim: <model> <product name> on <PATH> -> /dev/pts/N" once ready and runs until
// SIGTERM/SIGINT. SIGUSR1 toggles answering HEX; SIGUSR2 makes the device disappear for
// --gone-seconds and come back on a new pty.
#include "sim_commands.h"

#include "sim/control_server.h"
#include "sim/device_model.h"
#include "sim/simulator.h"

#include <CLI/CLI.hpp>
#include <asio/io_context.hpp>
#include <asio/signal_set.hpp>

#include <csignal>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace {

using namespace vreglink;

void waitSignals(asio::signal_set& signals, asio::io_context& io, sim::Simulator& simulator) {
    signals.async_wait([&](const std::error_code& ec, int signo) {
        if (ec) return;
        if (signo == SIGUSR1) {
            simulator.setSilent(!simulator.silent());
            std::fprintf(stderr, "vreg-sim: HEX answers %s\n", simulator.silent() ? "off" : "on");
        } else if (signo == SIGUSR2) {
            simulator.disappear(simulator.quirks().goneSeconds);
        } else {
            simulator.stop();
            io.stop();
            return;
        }
        waitSignals(signals, io, simulator);
    });
}

}  // namespace

namespace vreglink::simapp {

int runSerialSim(int argc, char** argv) {
    CLI::App app{"Simulated Victron VE.Direct product on a pseudo-terminal"};
    std::string model;
    std::string ptyPath;
    std::string controlPath;
    std::string serial;
    long replyDelayMs = 20;
    long textIntervalMs = 1000;
    long legacyPause = 0;
    long goneSeconds = 3;
    double noiseRate = 0;
    std::uint64_t seed = 1;
    bool noPacing = false, noText = false, asyncAfterChecksum = false, silent = false;

    std::vector<std::string> names;
    for (auto n : sim::modelNames()) names.emplace_back(n);
    app.add_option("model", model, "Product to simulate")->required()->check(CLI::IsMember(names));
    app.add_option("--pty", ptyPath, "Symlink to create for the pty")->required();
    app.add_option("--reply-delay", replyDelayMs, "HEX reply delay in ms")
        ->check(CLI::Range(0L, 10000L));
    app.add_option("--text-interval", textIntervalMs, "TEXT block interval in ms")
        ->check(CLI::Range(10L, 600000L));
    app.add_flag("--no-pacing", noPacing, "Write at once instead of 1920 bytes/s");
    app.add_flag("--no-text", noText, "Do not send TEXT blocks");
    app.add_option("--legacy-text-pause", legacyPause,
                   "Legacy firmware: pause TEXT for N s after each HEX frame (0 = modern)")
        ->check(CLI::Range(0L, 3600L));
    app.add_flag("--async-after-checksum", asyncAfterChecksum,
                 "Send async frames right after a TEXT checksum byte");
    app.add_option("--noise", noiseRate, "Fraction of output bytes flipped or dropped")
        ->check(CLI::Range(0.0, 1.0));
    app.add_option("--seed", seed, "Seed for noise and measurements");
    app.add_flag("--silent", silent, "Start without answering HEX");
    app.add_option("--gone-seconds", goneSeconds, "How long SIGUSR2 makes the device vanish")
        ->check(CLI::Range(0L, 86400L));
    app.add_option("--serial", serial, "Serial number (SER#, 0x010A)");
    app.add_option("--control", controlPath, "Unix socket for test control commands");
    CLI11_PARSE(app, argc, argv);

    sim::ModelOptions modelOptions;
    if (!serial.empty()) modelOptions.serial = serial;
    modelOptions.seed = static_cast<std::uint32_t>(seed);
    auto device = sim::makeModel(model, modelOptions);
    if (!device) {
        std::fprintf(stderr, "vreg-sim: unknown model %s\n", model.c_str());
        return 2;
    }
    const std::string productName = device->personality().productName;

    sim::Quirks quirks;
    quirks.replyDelay = std::chrono::milliseconds(replyDelayMs);
    quirks.textInterval = std::chrono::milliseconds(textIntervalMs);
    quirks.pacing = !noPacing;
    quirks.text = !noText;
    quirks.legacyTextPause = std::chrono::seconds(legacyPause);
    quirks.asyncAfterChecksum = asyncAfterChecksum;
    quirks.noiseRate = noiseRate;
    quirks.seed = seed;
    quirks.silent = silent;
    quirks.goneSeconds = std::chrono::seconds(goneSeconds);

    std::signal(SIGPIPE, SIG_IGN);
    asio::io_context io;
    // Signals first, so a SIGTERM during start-up is handled on the loop, not by default action.
    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.add(SIGUSR1);
    signals.add(SIGUSR2);

    sim::Simulator simulator(io, std::move(device), ptyPath, quirks);
    if (auto error = simulator.start()) {
        std::fprintf(stderr, "vreg-sim: %s\n", error->c_str());
        return 1;
    }
    std::unique_ptr<sim::ControlServer> control;
    if (!controlPath.empty()) {
        control = std::make_unique<sim::ControlServer>(io, simulator, controlPath);
        if (auto error = control->start()) {
            std::fprintf(stderr, "vreg-sim: %s\n", error->c_str());
            return 1;
        }
    }
    waitSignals(signals, io, simulator);

    std::printf("vreg-sim: %s %s on %s -> %s\n", model.c_str(), productName.c_str(),
                ptyPath.c_str(), simulator.slavePath().c_str());
    std::fflush(stdout);
    io.run();
    return 0;
}

}  // namespace vreglink::simapp
