// vreg monitor PORT — live values from TEXT blocks and async frames; refreshed in place on a
// terminal, JSON lines with --json. Survives a pulled cable: says so, resumes when it is back.
// Through vreglinkd (--dbus) the service's items instead: cmd_monitor_dbus.cpp.
#include "catalog/text_fields.h"
#include "commands.h"
#include "output.h"

#include <fmt/format.h>
#include <asio/signal_set.hpp>

#include <chrono>
#include <csignal>
#include <map>

namespace vreglink::cli {
namespace {

using Clock = std::chrono::steady_clock;

class Monitor final : public device::DeviceListener {
  public:
    Monitor(device::VeDirectDevice& device, bool json) : device_(device), json_(json) {}

    void onTextBlock(const device::TextFields& fields) override {
        if (json_) {
            nlohmann::json j{{"type", "text"}, {"time", unixTime()}};
            nlohmann::json raw = nlohmann::json::object();
            nlohmann::json values = nlohmann::json::object();
            for (const auto& [label, value] : fields) {
                raw[label] = value;
                values[label] = valueJson(catalog::decodeTextField(label, value));
            }
            j["fields"] = std::move(raw);
            j["values"] = std::move(values);
            printJsonLine(j);
            std::fflush(stdout);
            return;
        }
        dirty_ = true;
    }

    void onVregUpdate(VregId id, ByteView data) override {
        if (json_) {
            const auto* info = catalog::Catalog::builtin().find(id);
            auto j =
                registerJson(id, info, {VregStatus::ok(), Bytes(data.begin(), data.end()), {}});
            j["type"] = "vreg";
            j["time"] = unixTime();
            printJsonLine(j);
            std::fflush(stdout);
            return;
        }
        dirty_ = true;
    }

    void onLinkStateChanged(device::LinkState state, std::string_view reason) override {
        linkMessage_ =
            state == device::LinkState::Connected
                ? std::string()
                : fmt::format("device {}{}{} — waiting for it to come back",
                              device::linkStateName(state), reason.empty() ? "" : ": ", reason);
        if (json_) {
            printJsonLine({{"type", "link"},
                           {"time", unixTime()},
                           {"state", device::linkStateName(state)},
                           {"reason", std::string(reason)}});
            std::fflush(stdout);
        } else if (!terminal_) {
            fmt::print(stderr, "vreg: {}\n",
                       linkMessage_.empty() ? "device connected again" : linkMessage_);
        }
        dirty_ = true;
    }

    // Redraws at most a few times a second; on a pipe prints each new TEXT snapshot once.
    void refresh() {
        if (json_ || !dirty_) return;
        const auto now = Clock::now();
        if (now - lastDraw_ < std::chrono::milliseconds(200)) return;
        lastDraw_ = now;
        dirty_ = false;
        std::string screen;
        if (terminal_) screen += "\033[H\033[2J";
        screen += fmt::format("vreg monitor {}   ({} blocks, {} rejected)\n", device_.path(),
                              device_.decoderCounters().textBlocks,
                              device_.decoderCounters().rejectedTotal());
        if (!linkMessage_.empty()) screen += "!! " + linkMessage_ + "\n";
        screen += "\n";
        const auto& cache = device_.cache();
        for (const auto& [label, cached] : cache.texts()) {
            const auto* info = catalog::findTextField(label);
            const auto value = catalog::decodeTextField(label, cached.value);
            screen +=
                fmt::format("  {:<9} {:<30} {:<34} {:>5.1f}s\n", label, info ? info->name : "",
                            value.display(), seconds(cached.age(now)));
        }
        if (!cache.vregs().empty()) screen += "\n";
        std::map<VregId, const device::Cached<Bytes>*> sorted;
        for (const auto& [id, cached] : cache.vregs()) sorted[id] = &cached;
        for (const auto& [id, cached] : sorted) {
            const auto* info = catalog::Catalog::builtin().find(id);
            const auto value = catalog::decodeValue(info, cached->value);
            screen +=
                fmt::format("  {}    {:<30} {:<34} {:>5.1f}s\n", formatVregId(id),
                            info ? info->name : "", value.display(), seconds(cached->age(now)));
        }
        if (!terminal_) screen += "\n";
        std::fwrite(screen.data(), 1, screen.size(), stdout);
        std::fflush(stdout);
    }

  private:
    static double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

    device::VeDirectDevice& device_;
    bool json_;
    bool terminal_ = isTerminal(stdout);
    bool dirty_ = false;
    Clock::time_point lastDraw_{};
    std::string linkMessage_;
};

}  // namespace

void runMonitorLoop(DeviceConnection& connection, const MonitorOptions& o,
                    const std::function<void()>& refresh) {
    bool stop = false;
    asio::signal_set signals(connection.io(), SIGINT, SIGTERM);
    signals.async_wait([&](const asio::error_code& ec, int) {
        if (!ec) stop = true;
    });
    const auto limit =
        o.seconds > 0
            ? std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds))
            : Clock::duration(std::chrono::hours(24 * 365));
    connection.runUntil(
        [&] {
            refresh();
            return stop;
        },
        limit);
    signals.cancel();
}

int runMonitor(const GlobalOptions& g, const std::string& port, const MonitorOptions& o) {
    auto connection = connectOrReport(g, port);
    if (!connection) return kExitDeviceError;
    if (connection->vedirect() == nullptr) return runDbusMonitor(g, *connection, o);
    Monitor monitor(*connection->vedirect(), g.json);
    connection->device().addListener(&monitor);
    runMonitorLoop(*connection, o, [&] { monitor.refresh(); });
    connection->device().removeListener(&monitor);
    return kExitOk;
}

}  // namespace vreglink::cli
