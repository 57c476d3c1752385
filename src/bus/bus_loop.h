// Drives one sd-bus connection from the asio loop (DESIGN.md "Runtime"): the connection's fd
// becomes a stream_descriptor wait (read and/or write, as sd-bus asks) and its absolute
// CLOCK_MONOTONIC timeout a steady_timer. On any wake: process until idle, then re-arm from fresh
// poll data. The same loop serves sdbus-c++ client connections and the services' raw sd-bus
// connections, through BusPump. Internal to the dbus module.
#pragma once

#include "core/result.h"

#include <asio/io_context.hpp>
#include <asio/posix/stream_descriptor.hpp>
#include <asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <memory>

namespace vreglink::bus {

// What sd-bus asks the loop to wait for (sd_bus_get_fd/_events/_timeout).
struct BusPollData {
    int fd = -1;
    short events = 0;                        // POLLIN / POLLOUT
    std::uint64_t timeoutUsec = UINT64_MAX;  // absolute CLOCK_MONOTONIC; MAX: none
};

// One connection as the loop sees it. Errors are final: the bus is gone.
class BusPump {
  public:
    virtual ~BusPump() = default;
    // Handles one queued message or I/O step: true if it did something, false when idle.
    virtual Result<bool> processOne() = 0;
    virtual Result<BusPollData> pollData() = 0;
};

// Shared, so that asio completions still queued after the owner is gone find it (weak) and do
// nothing, instead of touching freed memory.
class BusLoop : public std::enable_shared_from_this<BusLoop> {
  public:
    BusLoop(asio::io_context& io, std::unique_ptr<BusPump> pump);
    ~BusLoop();
    BusLoop(const BusLoop&) = delete;
    BusLoop& operator=(const BusLoop&) = delete;

    BusPump& pump() { return *pump_; }
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
    std::unique_ptr<BusPump> pump_;
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

}  // namespace vreglink::bus
