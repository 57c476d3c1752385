#include "bus/bus_loop.h"

#include "core/log.h"

#include <fmt/format.h>
#include <poll.h>
#include <asio/post.hpp>

#include <limits>

namespace vreglink::bus {

BusLoop::BusLoop(asio::io_context& io, std::unique_ptr<BusPump> pump)
    : io_(io), pump_(std::move(pump)), descriptor_(io), timer_(io) {}

BusLoop::~BusLoop() {
    stop();
}

void BusLoop::wake() {
    if (wakePosted_ || stopped_) return;
    wakePosted_ = true;
    asio::post(io_, [weak = weak_from_this()] {
        const auto self = weak.lock();
        if (!self) return;
        self->wakePosted_ = false;
        self->process();
    });
}

void BusLoop::stop() {
    if (!stopped_) {
        stopped_ = true;
        releaseFd();
        ++timerGeneration_;
        timer_.cancel();
    }
    // Closing the connection from inside its own processPendingRequest() would pull sd-bus out
    // from under itself: process() closes it once the dispatch returns.
    if (!processing_) pump_.reset();
}

void BusLoop::releaseFd() {
    if (assignedFd_ < 0) return;
    // release(), not close(): the fd belongs to sd-bus. Pending waits complete as aborted.
    (void)descriptor_.release();
    assignedFd_ = -1;
    readWaiting_ = false;
    writeWaiting_ = false;
}

void BusLoop::process() {
    if (stopped_ || broken_ || !pump_) return;
    const auto keepAlive = shared_from_this();
    processing_ = true;
    for (;;) {
        const auto progressed = pump_->processOne();
        if (!progressed) {
            // sd_bus_process fails for good when the bus is gone (ECONNRESET): waiting again
            // would spin on the hung-up fd.
            logWarning("D-Bus connection failed: {}", progressed.error());
            broken_ = true;
            break;
        }
        if (!*progressed || stopped_) break;
    }
    processing_ = false;
    if (stopped_) {
        pump_.reset();
        return;
    }
    arm();
}

void BusLoop::arm() {
    if (stopped_ || broken_ || !pump_) return;
    const auto polled = pump_->pollData();
    if (!polled) {
        logWarning("D-Bus poll data unavailable: {}", polled.error());
        broken_ = true;
        return;
    }
    const BusPollData& poll = *polled;
    if (poll.fd != assignedFd_) {
        releaseFd();
        asio::error_code ec;
        descriptor_.assign(poll.fd, ec);
        if (ec) {
            logWarning("cannot wait on the D-Bus fd {}: {}", poll.fd, ec.message());
            broken_ = true;
            return;
        }
        assignedFd_ = poll.fd;
    }
    const auto onReady = [weak = weak_from_this()](bool read, const asio::error_code& ec) {
        const auto self = weak.lock();
        if (!self || ec == asio::error::operation_aborted) return;
        (read ? self->readWaiting_ : self->writeWaiting_) = false;
        self->process();
    };
    if ((poll.events & POLLIN) != 0 && !readWaiting_) {
        readWaiting_ = true;
        descriptor_.async_wait(asio::posix::stream_descriptor::wait_read,
                               [onReady](const asio::error_code& ec) { onReady(true, ec); });
    }
    if ((poll.events & POLLOUT) != 0 && !writeWaiting_) {
        writeWaiting_ = true;
        descriptor_.async_wait(asio::posix::stream_descriptor::wait_write,
                               [onReady](const asio::error_code& ec) { onReady(false, ec); });
    }
    armTimer(poll.timeoutUsec);
}

void BusLoop::armTimer(std::uint64_t timeoutUsec) {
    // sd-bus: UINT64_MAX = no timeout; 0 = messages already queued, process at once.
    constexpr auto kNever = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    if (timeoutUsec >= kNever) timeoutUsec = UINT64_MAX;
    if (timeoutUsec == timerDeadline_) return;
    timerDeadline_ = timeoutUsec;
    const auto generation = ++timerGeneration_;
    if (timeoutUsec == UINT64_MAX) {
        timer_.cancel();
        return;
    }
    // libstdc++'s steady_clock is CLOCK_MONOTONIC, the clock sd-bus's timeout is based on.
    timer_.expires_at(std::chrono::steady_clock::time_point(
        std::chrono::microseconds(static_cast<std::int64_t>(timeoutUsec))));
    timer_.async_wait([weak = weak_from_this(), generation](const asio::error_code& ec) {
        const auto self = weak.lock();
        if (!self || ec || generation != self->timerGeneration_) return;
        self->timerDeadline_ = UINT64_MAX;
        self->process();
    });
}

}  // namespace vreglink::bus
