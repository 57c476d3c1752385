// systemd Type=notify integration: READY/RELOADING/STOPPING/STATUS, and the watchdog ping from a
// loop timer, so a stuck loop stops pinging and systemd restarts the daemon. Without
// NOTIFY_SOCKET (not under systemd) everything here does nothing.
#pragma once

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>

#include <string_view>

namespace vreglink::daemon {

class SystemdNotifier {
  public:
    explicit SystemdNotifier(asio::io_context& io);

    void ready(std::string_view status);
    void reloading();
    void stopping();
    void status(std::string_view status);
    // Starts WATCHDOG=1 pings every half of WatchdogSec (sd_watchdog_enabled), if enabled.
    void startWatchdog();

  private:
    void send(std::string_view message);
    void ping();

    asio::steady_timer timer_;
    std::chrono::microseconds interval_{0};
};

}  // namespace vreglink::daemon
