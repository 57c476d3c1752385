#include "systemd_notify.h"

#include "core/log.h"

#include <systemd/sd-daemon.h>

#include <fmt/format.h>

#include <ctime>
#include <string>

namespace vreglink::daemon {

SystemdNotifier::SystemdNotifier(asio::io_context& io) : timer_(io) {}

void SystemdNotifier::send(std::string_view message) {
    const std::string text(message);
    // 0 (no NOTIFY_SOCKET) and errors alike are not fatal: the daemon works without systemd.
    if (sd_notify(0, text.c_str()) < 0) logDebug("sd_notify failed");
}

void SystemdNotifier::ready(std::string_view statusText) {
    send(fmt::format("READY=1\nSTATUS={}", statusText));
}

void SystemdNotifier::reloading() {
    // MONOTONIC_USEC lets systemd >= 253 match the reload (harmless before).
    timespec ts{};
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    const auto usec = static_cast<long long>(ts.tv_sec) * 1000000LL + ts.tv_nsec / 1000;
    send(fmt::format("RELOADING=1\nMONOTONIC_USEC={}", usec));
}

void SystemdNotifier::stopping() {
    send("STOPPING=1");
}

void SystemdNotifier::status(std::string_view statusText) {
    send(fmt::format("STATUS={}", statusText));
}

void SystemdNotifier::startWatchdog() {
    std::uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return;
    interval_ = std::chrono::microseconds(usec / 2);
    logDebug("watchdog: ping every {} ms", interval_.count() / 1000);
    ping();
}

void SystemdNotifier::ping() {
    send("WATCHDOG=1");
    timer_.expires_after(interval_);
    timer_.async_wait([this](const std::error_code& ec) {
        if (!ec) ping();
    });
}

}  // namespace vreglink::daemon
