// vreg --dbus monitor SERVICE — a Venus service's items as a GX user sees them
// (venus-dbus-mqtt.md §2.3): the whole tree from GetItems, then each ItemsChanged batch. A table
// refreshed in place on a terminal, each batch once as lines on a pipe, JSON lines with --json.
// A service leaves the bus with its device and comes back with it (§2.1): monitor says so, keeps
// waiting, and reads the whole tree again when it returns.
#include "commands.h"
#include "dbus/items_watcher.h"
#include "output.h"

#include <fmt/format.h>

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <variant>

namespace vreglink::cli {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// Invalid (an empty `ai` on the wire, §2.2) is JSON null, as dbus-flashmq publishes it (§2.4).
nlohmann::json itemValueJson(const venus::ItemValue& value) {
    return std::visit(
        [](const auto& v) -> nlohmann::json {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, venus::Invalid>) {
                return nullptr;
            } else {
                return v;
            }
        },
        value);
}

std::optional<std::size_t> terminalRows() {
    winsize size{};
    if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) != 0 || size.ws_row == 0) return std::nullopt;
    return size.ws_row;
}

std::size_t pathWidth(const auto& items) {
    std::size_t width = 0;
    for (const auto& entry : items) width = std::max(width, entry.first.size());
    return width;
}

// A solar charger has 31 days of /History/Daily/<n>/… (§2.7), hundreds of paths that change once
// a day: the table shows them after the live values, which would otherwise scroll off.
bool isHistory(std::string_view path) {
    return path.starts_with("/History/");
}

class DbusMonitor final : public dbus::ItemsListener {
  public:
    // Until the first GetItems is in (or the service is known to be absent), nothing is printed:
    // a service that is not there is a start-up error, not an event.
    enum class Start : std::uint8_t { Waiting, Running, Absent, Failed };

    DbusMonitor(std::string service, bool json) : service_(std::move(service)), json_(json) {}

    Start start() const { return start_; }
    const std::string& error() const { return error_; }

    void onItems(const dbus::ItemSnapshots& items) override {
        start_ = Start::Running;
        error_.clear();
        const auto now = Clock::now();
        for (const auto& [path, item] : items) rows_[path] = Row{item.text, now};
        if (json_) {
            const double time = unixTime();
            for (const auto& [path, item] : items) {
                printJsonLine({{"type", "item"},
                               {"time", time},
                               {"path", path},
                               {"value", itemValueJson(item.value)},
                               {"text", item.text}});
            }
            std::fflush(stdout);
        } else if (!terminal_) {
            // Each batch once, then a blank line: the next batch is what changed after it.
            // Columns as wide as every path seen so far, so batches line up with the tree.
            const auto width = pathWidth(rows_);
            std::string lines;
            for (const auto& [path, item] : items) {
                lines += fmt::format("{:<{}}  {}\n", path, width, item.text);
            }
            lines += "\n";
            std::fwrite(lines.data(), 1, lines.size(), stdout);
            std::fflush(stdout);
        }
        dirty_ = true;
    }

    void onServicePresence(bool present, std::string_view reason) override {
        if (start_ == Start::Waiting && !present) {
            start_ = Start::Absent;  // runDbusMonitor reports it
            return;
        }
        const bool change = started_;  // the first answer is no news on a pipe
        started_ = true;
        absent_ = !present;
        if (json_) {
            printJsonLine({{"type", "service"},
                           {"time", unixTime()},
                           {"present", present},
                           {"reason", std::string(reason)}});
            std::fflush(stdout);
        } else if (!terminal_ && change) {
            fmt::print(stderr, "vreg: {}: {}{}\n", service_, reason,
                       present ? "" : " — waiting for it to come back");
        }
        dirty_ = true;
    }

    void onWatchError(std::string_view message) override {
        error_ = std::string(message);
        if (start_ == Start::Waiting) {
            start_ = Start::Failed;  // runDbusMonitor reports it
            return;
        }
        if (json_ || !terminal_) fmt::print(stderr, "vreg: {}\n", message);
        dirty_ = true;
    }

    // The table, in place: at most 5 times a second, and once a second for the ages.
    void refresh() {
        if (json_ || !terminal_) return;
        const auto now = Clock::now();
        if (now - lastDraw_ < 200ms || (!dirty_ && now - lastDraw_ < 1s)) return;
        lastDraw_ = now;
        dirty_ = false;
        std::string screen = "\033[H\033[2J";
        screen += fmt::format("vreg monitor {}   ({} items)\n", service_, rows_.size());
        std::size_t used = 2;  // the header and the blank line under it
        if (absent_) {
            screen += "!! service left the bus — waiting for it to come back\n";
            ++used;
        }
        if (!error_.empty()) {
            screen += "!! " + error_ + "\n";
            ++used;
        }
        screen += "\n";
        // What fits the window: a solar charger has hundreds of /History paths.
        std::size_t room = rows_.size();
        if (const auto height = terminalRows(); height && *height > used + 2) {
            const std::size_t fits = *height - used - 1;  // the last line holds the cursor
            if (room > fits) room = fits - 1;             // one line says how many are left out
        }
        const auto width = pathWidth(rows_);
        std::size_t shown = 0;
        for (const bool history : {false, true}) {
            for (const auto& [path, row] : rows_) {
                if (isHistory(path) != history || shown == room) continue;
                ++shown;
                screen += fmt::format("  {:<{}}  {:<24} {:>6.1f}s\n", path, width, row.text,
                                      std::chrono::duration<double>(now - row.updated).count());
            }
        }
        if (room < rows_.size()) {
            screen += fmt::format("  … {} more: a pipe or --json shows every item\n",
                                  rows_.size() - room);
        }
        std::fwrite(screen.data(), 1, screen.size(), stdout);
        std::fflush(stdout);
    }

  private:
    struct Row {
        std::string text;
        Clock::time_point updated;
    };

    std::string service_;
    bool json_;
    bool terminal_ = isTerminal(stdout);
    Start start_ = Start::Waiting;
    bool started_ = false;  // presence reported once
    bool absent_ = false;
    bool dirty_ = false;
    std::string error_;
    std::map<std::string, Row> rows_;
    Clock::time_point lastDraw_{};
};

// The shape of the other --dbus commands' answer for a service that is not there: a VregLink
// status (0x8400, as VregLinkClient answers a failed call) with the D-Bus reason.
int reportStartFailure(const std::string& service, const std::string& why) {
    fmt::print(stderr, "vreg: {}: {}\n", service,
               describeReply({VregStatus::timeout(), {}, fmt::format("D-Bus: {}", why)}));
    return kExitDeviceError;
}

}  // namespace

int runDbusMonitor(const GlobalOptions& g, DeviceConnection& connection, const MonitorOptions& o) {
    const std::string& service = connection.service();
    DbusMonitor monitor(service, g.json);  // outlives the watcher that calls it
    // The budget of the other --dbus reads (identity.cpp): vreglinkd answers GetItems from
    // memory, so this only bounds a daemon that is stuck.
    const auto call = std::max(g.connection.timeout, std::chrono::milliseconds(3000));
    auto watcher = dbus::ServiceItemsWatcher::start(connection.io(), *connection.bus(), service,
                                                    monitor, call);
    if (!watcher) {
        fmt::print(stderr, "vreg: {}\n", watcher.error());
        return kExitDeviceError;
    }
    connection.runUntil([&] { return monitor.start() != DbusMonitor::Start::Waiting; }, call + 2s);
    switch (monitor.start()) {
        case DbusMonitor::Start::Running:
            break;
        case DbusMonitor::Start::Absent:
            return reportStartFailure(service, "the service is not on the bus");
        case DbusMonitor::Start::Failed:
            return reportStartFailure(service, monitor.error());
        case DbusMonitor::Start::Waiting:
            return reportStartFailure(service, "no answer to GetItems");
    }
    runMonitorLoop(connection, o, [&] { monitor.refresh(); });
    return kExitOk;
}

}  // namespace vreglink::cli
