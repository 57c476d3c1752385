// vreg monitor PORT — live values from TEXT blocks and async frames; refreshed in place on a
// terminal, JSON lines with --json. Survives a pulled cable: says so, resumes when it is back.
// Over Bluetooth there is no TEXT: the values the device pushes (~1 Hz for the subscribed
// product instance, ble-gatt.md §3.1 step 11) are shown instead; on a pipe one line per push.
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
    // `vedirect` null: a Bluetooth device, whose pushes the monitor keeps itself.
    Monitor(device::VeDirectDevice* vedirect, std::string port, bool json)
        : vedirect_(vedirect), port_(std::move(port)), json_(json) {}

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
        if (vedirect_ == nullptr) {
            pushed_[id] = {Bytes(data.begin(), data.end()), Clock::now()};
            ++pushes_;
            if (!terminal_) {
                // A pipe: each push once, as `vreg get` prints it.
                const auto* info = catalog::Catalog::builtin().find(id);
                fmt::print("{}\n",
                           registerLine(id, info,
                                        {VregStatus::ok(), Bytes(data.begin(), data.end()), {}}));
                std::fflush(stdout);
                return;
            }
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
        // Bluetooth on a pipe: each push was printed as it came (onVregUpdate).
        if (json_ || !dirty_ || (vedirect_ == nullptr && !terminal_)) return;
        const auto now = Clock::now();
        if (now - lastDraw_ < std::chrono::milliseconds(200)) return;
        lastDraw_ = now;
        dirty_ = false;
        std::string screen;
        if (terminal_) screen += "\033[H\033[2J";
        // (value, age) per register, sorted: the session's cache, or the pushes seen here.
        std::map<VregId, std::pair<const Bytes*, Clock::duration>> vregs;
        if (vedirect_ != nullptr) {
            screen += fmt::format("vreg monitor {}   ({} blocks, {} rejected)\n", vedirect_->path(),
                                  vedirect_->decoderCounters().textBlocks,
                                  vedirect_->decoderCounters().rejectedTotal());
            for (const auto& [id, cached] : vedirect_->cache().vregs()) {
                vregs[id] = {&cached.value, cached.age(now)};
            }
        } else {
            screen += fmt::format("vreg monitor {}   ({} pushes)\n", port_, pushes_);
            for (const auto& [id, pushed] : pushed_) {
                vregs[id] = {&pushed.value, now - pushed.at};
            }
        }
        if (!linkMessage_.empty()) screen += "!! " + linkMessage_ + "\n";
        screen += "\n";
        if (vedirect_ != nullptr) {
            for (const auto& [label, cached] : vedirect_->cache().texts()) {
                const auto* info = catalog::findTextField(label);
                const auto value = catalog::decodeTextField(label, cached.value);
                screen +=
                    fmt::format("  {:<9} {:<30} {:<34} {:>5.1f}s\n", label, info ? info->name : "",
                                value.display(), seconds(cached.age(now)));
            }
            if (!vregs.empty()) screen += "\n";
        }
        for (const auto& [id, entry] : vregs) {
            const auto* info = catalog::Catalog::builtin().find(id);
            const auto value = catalog::decodeValue(info, *entry.first);
            screen += fmt::format("  {}    {:<30} {:<34} {:>5.1f}s\n", formatVregId(id),
                                  info ? info->name : "", value.display(), seconds(entry.second));
        }
        if (!terminal_) screen += "\n";
        std::fwrite(screen.data(), 1, screen.size(), stdout);
        std::fflush(stdout);
    }

  private:
    static double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

    struct Pushed {
        Bytes value;
        Clock::time_point at;
    };

    device::VeDirectDevice* vedirect_;
    std::string port_;
    bool json_;
    std::map<VregId, Pushed> pushed_;  // Bluetooth only
    std::uint64_t pushes_ = 0;
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
    if (g.connection.mqtt) {
        // VregLink RPC answers requests; it carries no pushes, and polling would only load the
        // remote link. The live values are on the N topics.
        fmt::print(stderr,
                   "vreg: monitor does not work over --mqtt (VregLink RPC carries no live values); "
                   "subscribe to N/<portal>/<type>/<instance>/# after a keep-alive instead, e.g. "
                   "mosquitto_sub -t 'N/<portal>/#' with mosquitto_pub -t "
                   "R/<portal>/keepalive -n\n");
        return kExitUsage;
    }
    auto connection = connectOrReport(g, port);
    if (!connection) return kExitDeviceError;
    if (connection->bus() != nullptr) return runDbusMonitor(g, *connection, o);
    Monitor monitor(connection->vedirect(), port, g.json);
    connection->device().addListener(&monitor);
    runMonitorLoop(*connection, o, [&] { monitor.refresh(); });
    connection->device().removeListener(&monitor);
    return kExitOk;
}

}  // namespace vreglink::cli
