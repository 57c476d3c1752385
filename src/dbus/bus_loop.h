// Drives one sd-bus connection from the asio loop (DESIGN.md "Runtime"): the connection's fd
// becomes a stream_descriptor wait (read and/or write, as sd-bus asks) and its absolute
// CLOCK_MONOTONIC timeout a steady_timer. On any wake: processPendingRequest() until it has
// nothing left, then re-arm from fresh poll data. Internal to the dbus module.
#pragma once

#include <asio/io_context.hpp>
#include <asio/posix/stream_descriptor.hpp>
#include <asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <memory>

namespace sdbus {
class IConnection;
}

namespace vreglink::dbus {

// Shared, so that asio completions still queued after the owner is gone find it (weak) and do
// nothing, instead of touching freed memory.
class BusLoop : public std::enable_shared_from_this<BusLoop> {
  public:
    BusLoop(asio::io_context& io, std::unique_ptr<sdbus::IConnection> connection);
    ~BusLoop();
    BusLoop(const BusLoop&) = delete;
    BusLoop& operator=(const BusLoop&) = delete;

    sdbus::IConnection& connection() { return *connection_; }
    // Process and re-arm soon (posted): after a send from outside a D-Bus callback, or after a
    // synchronous call that may have queued incoming messages without a new fd edge.
    void wake();
    // Stops waiting and closes the connection. The fd is released to sd-bus, never closed here.
    void stop();

  private:
    void process();
    void arm();
    void armTimer(std::uint64_t timeoutUsec);
    void releaseFd();

    asio::io_context& io_;
    std::unique_ptr<sdbus::IConnection> connection_;
    asio::posix::stream_descriptor descriptor_;
    asio::steady_timer timer_;
    int assignedFd_ = -1;
    std::uint64_t timerDeadline_ = UINT64_MAX;  // what timer_ waits for; MAX: nothing
    std::uint64_t timerGeneration_ = 0;         // stale timer completions are ignored
    bool readWaiting_ = false;
    bool writeWaiting_ = false;
    bool wakePosted_ = false;
    bool processing_ = false;
    bool stopped_ = false;
    bool broken_ = false;  // processing failed (bus gone): stop waiting instead of spinning on HUP
};

}  // namespace vreglink::dbus
