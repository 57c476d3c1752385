// mqtt::Client on the asio loop: libmosquitto's socket as a stream_descriptor, the queued
// events handled after each library call, the keep-alive tick and the state timer (DESIGN.md
// "Runtime").
//
// libmosquitto 2.0 quirks handled here:
// - TLS handshake steps run only inside mosquitto_loop_read (mosquitto_loop_write does nothing
//   while the handshake is pending), so a write-ready socket in the connecting phase gets both.
// - A failed non-blocking connect or a broker closing mid-handshake is not always reported (the
//   library keeps "waiting for the handshake"): before the session is up, every wake checks
//   SO_ERROR and peeks for end-of-file first, so a dead socket can never make the loop spin.
// - The library closes its socket itself (connection lost, TLS failure) and opens a new one on
//   the next connect: the descriptor is released, never closed, whenever the socket changes.
#include "mqtt/client.h"

#include "core/log.h"

#include <mosquitto.h>
#include <asio/post.hpp>

#include <cerrno>
#include <cstring>

#include <sys/socket.h>

namespace vreglink::mqtt {
namespace {

// After a write-ready wake that left the library still wanting to write (it may report that
// while a TLS handshake waits for the peer), the next write wait starts this much later.
constexpr std::chrono::milliseconds kWriteRetryDelay{2};
constexpr std::chrono::seconds kTickPeriod{1};
constexpr int kMaxPacketsPerWake = 64;

}  // namespace

// --- after every library call ----------------------------------------------------------

bool Client::settle() {
    syncSocket();
    if (dispatching_) return true;  // the outer settle() goes on with the queue
    dispatching_ = true;
    const std::weak_ptr<int> alive = alive_;
    while (!events_.empty()) {
        LibraryEvent event = std::move(events_.front());
        events_.pop_front();
        handle(event);
        if (alive.expired()) return false;  // a listener destroyed the client
        syncSocket();
    }
    dispatching_ = false;
    arm();
    return true;
}

void Client::settleLater() {
    // From a public call: listeners are never called back from inside their own publish().
    if (events_.empty() || dispatchPosted_ || dispatching_) return;
    dispatchPosted_ = true;
    asio::post(io_, [weak = std::weak_ptr<int>(alive_), this] {
        if (weak.expired()) return;
        dispatchPosted_ = false;
        (void)settle();
    });
}

void Client::syncSocket() {
    if (assignedFd_ >= 0 && (!mosq_ || mosquitto_socket(mosq_.get()) != assignedFd_)) {
        releaseDescriptor();
    }
}

void Client::releaseDescriptor() {
    if (assignedFd_ < 0) return;
    // release(), not close(): the socket is libmosquitto's. Pending waits complete as aborted.
    (void)descriptor_.release();
    ++descriptorGeneration_;  // a completion already queued for the old socket is stale too
    assignedFd_ = -1;
    readWaiting_ = false;
    writeWaiting_ = false;
}

void Client::arm() {
    if (closing_ || dispatching_ || !activeState()) return;
    const int fd = mosquitto_socket(mosq_.get());
    if (fd < 0) {
        // Closed without a callback (a TLS failure inside mosquitto_loop_read reports only its
        // return code, which onReady turned into an event): nothing to wait on.
        if (events_.empty()) queueEvent({LibraryEvent::Kind::Closed, 0, MOSQ_ERR_CONN_LOST, 0, {}});
        settleLater();
        return;
    }
    if (fd != assignedFd_) {
        releaseDescriptor();
        asio::error_code ec;
        descriptor_.assign(fd, ec);
        if (ec) {
            failAttempt({FailureKind::Network,
                         fmt::format("cannot wait on the MQTT socket: {}", ec.message())});
            return;
        }
        assignedFd_ = fd;
    }
    if (!readWaiting_) {
        readWaiting_ = true;
        descriptor_.async_wait(asio::posix::stream_descriptor::wait_read,
                               [weak = std::weak_ptr<int>(alive_), this,
                                generation = descriptorGeneration_](asio::error_code ec) {
                                   if (weak.expired() || ec == asio::error::operation_aborted ||
                                       generation != descriptorGeneration_) {
                                       return;
                                   }
                                   readWaiting_ = false;
                                   onReady(true);
                               });
    }
    if (!writeWaiting_ && !writeRetryPending_ && mosquitto_want_write(mosq_.get())) {
        writeWaiting_ = true;
        descriptor_.async_wait(asio::posix::stream_descriptor::wait_write,
                               [weak = std::weak_ptr<int>(alive_), this,
                                generation = descriptorGeneration_](asio::error_code ec) {
                                   if (weak.expired() || ec == asio::error::operation_aborted ||
                                       generation != descriptorGeneration_) {
                                       return;
                                   }
                                   writeWaiting_ = false;
                                   onReady(false);
                               });
    }
}

void Client::armWriteLater() {
    if (writeRetryPending_) return;
    writeRetryPending_ = true;
    writeRetryTimer_.expires_after(kWriteRetryDelay);
    writeRetryTimer_.async_wait([weak = std::weak_ptr<int>(alive_), this](asio::error_code ec) {
        if (weak.expired() || ec == asio::error::operation_aborted) return;
        writeRetryPending_ = false;
        arm();
    });
}

void Client::onReady(bool read) {
    if (!activeState() || assignedFd_ < 0) return;
    if (state_ == SessionState::Connecting && !checkConnectingSocket(read)) {
        (void)settle();
        return;
    }
    int rc = MOSQ_ERR_SUCCESS;
    int savedErrno = 0;
    if (read) {
        rc = readAvailable(savedErrno);
    } else {
        errno = 0;
        if (state_ == SessionState::Connecting && options_.tls) {
            rc = mosquitto_loop_read(mosq_.get(), 1);  // the handshake step
        }
        if (rc == MOSQ_ERR_SUCCESS) rc = mosquitto_loop_write(mosq_.get(), 1);
        savedErrno = errno;
        if (rc == MOSQ_ERR_SUCCESS && mosquitto_want_write(mosq_.get())) armWriteLater();
    }
    // Usually the disconnect callback has queued the same news already; the second event finds
    // the state changed and is ignored.
    if (rc != MOSQ_ERR_SUCCESS) {
        queueEvent({LibraryEvent::Kind::Closed, 0, rc, savedErrno, {}});
    }
    (void)settle();
}

int Client::readAvailable(int& savedErrno) {
    // mosquitto_loop_read handles one packet per call (QoS 0). Re-arming the wait would also
    // work (asio re-arms its edge-triggered epoll entry with EPOLL_CTL_MOD, which reports data
    // still buffered) but costs two system calls per packet: read until the library hits EAGAIN
    // instead. A long burst continues in a posted step, so other work on the loop goes on.
    for (int round = 0; round < kMaxPacketsPerWake; ++round) {
        errno = 0;
        const int rc = mosquitto_loop_read(mosq_.get(), 1);
        savedErrno = errno;
        if (rc != MOSQ_ERR_SUCCESS || savedErrno == EAGAIN || savedErrno == EWOULDBLOCK ||
            mosquitto_socket(mosq_.get()) != assignedFd_) {
            return rc;
        }
    }
    asio::post(io_, [weak = std::weak_ptr<int>(alive_), this] {
        if (!weak.expired()) onReady(true);
    });
    return MOSQ_ERR_SUCCESS;
}

bool Client::checkConnectingSocket(bool read) {
    if (!socketUp_) {
        // The non-blocking connect's outcome. Only until it succeeded once: later a reset must
        // go through the library, which reads a TLS alert queued before it (the reason).
        int error = 0;
        socklen_t length = sizeof error;
        if (::getsockopt(assignedFd_, SOL_SOCKET, SO_ERROR, &error, &length) == 0 && error != 0) {
            failAttempt({FailureKind::Network, std::strerror(error)});
            return false;
        }
        socketUp_ = true;
    }
    if (read) {
        char byte = 0;
        const auto peeked = ::recv(assignedFd_, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
        if (peeked == 0) {
            // End of file before the session is up: a broker that will not talk to us.
            onClosed(MOSQ_ERR_CONN_LOST, 0);
            return false;
        }
        if (peeked < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            onClosed(MOSQ_ERR_ERRNO, errno);
            return false;
        }
    }
    return true;
}

// --- timers -------------------------------------------------------------------------------

void Client::scheduleState(std::chrono::milliseconds delay, void (Client::*action)()) {
    const auto generation = ++stateGeneration_;
    stateTimer_.expires_after(delay);
    stateTimer_.async_wait(
        [weak = std::weak_ptr<int>(alive_), this, generation, action](asio::error_code ec) {
            if (weak.expired() || ec || generation != stateGeneration_) return;
            (this->*action)();
        });
}

void Client::startTick() {
    const auto generation = ++tickGeneration_;
    tickTimer_.expires_after(kTickPeriod);
    tickTimer_.async_wait(
        [weak = std::weak_ptr<int>(alive_), this, generation](asio::error_code ec) {
            if (weak.expired() || ec || generation != tickGeneration_) return;
            onTick();
        });
}

void Client::onTick() {
    if (state_ != SessionState::Connected) return;
    // Sends PINGREQ when due and notices a broker that stopped answering (MOSQ_ERR_KEEPALIVE
    // through the disconnect callback).
    (void)mosquitto_loop_misc(mosq_.get());
    startTick();
    (void)settle();
}

}  // namespace vreglink::mqtt
