#include "link/serial_port.h"

#include "core/unique_fd.h"
#include "link/termios_config.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <asio/error.hpp>
#include <asio/posix/stream_descriptor.hpp>
#include <asio/steady_timer.hpp>
#include <asio/write.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

namespace vreglink::link {
namespace {

// Short, stable names for the errors that mean "the device went away" (shown to users as
// "device disconnected: EIO").
std::string lossReason(const asio::error_code& ec) {
    if (ec == asio::error::eof) return "EOF";
    if (ec.category() == asio::system_category()) {
        switch (ec.value()) {
            case EIO:
                return "EIO";
            case ENODEV:
                return "ENODEV";
            case ENXIO:
                return "ENXIO";
            case EBADF:
                return "EBADF";
            default:
                break;
        }
    }
    return ec.message();
}

}  // namespace

struct SerialPort::Impl {
    Impl(asio::io_context& io, std::string p, SerialPortListener& l, SerialOptions o)
        : path(std::move(p)),
          listener(l),
          options(o),
          stream(io),
          reopenTimer(io),
          backoff(o.reopenMin) {}

    ~Impl() {
        reopenTimer.cancel();
        closeFd();  // release from asio first: UniqueFd is the only closer
    }

    std::optional<std::string> tryOpen();
    void startRead();
    void startWrite();
    void closeFd();
    void handleLoss(const std::string& reason);
    void scheduleReopen();
    void attemptReopen();

    std::string path;
    SerialPortListener& listener;
    SerialOptions options;
    UniqueFd fd;
    asio::posix::stream_descriptor stream;
    asio::steady_timer reopenTimer;
    std::chrono::milliseconds backoff;
    std::array<std::uint8_t, 1024> readBuffer{};
    std::string pending;  // queued by write(), not yet handed to asio
    std::string writing;  // the buffer of the async_write in progress
    bool writeInProgress = false;
    bool autoReopen = false;
    bool reopenScheduled = false;
    bool lastOpenFailed = false;
    // Bumped on every open and close: completions of a previous fd's operations are ignored.
    std::uint64_t generation = 0;
    std::uint64_t reopenGeneration = 0;  // bumped by close(): a cancelled wait is ignored
    // Handlers hold a weak_ptr to this: a handler that runs after the port is destroyed (asio
    // delivers operation_aborted later) sees it expired and touches nothing.
    std::shared_ptr<int> alive = std::make_shared<int>(0);
};

std::optional<std::string> SerialPort::Impl::tryOpen() {
    // O_NONBLOCK: open() of a tty can block on carrier detect, and reads must never block.
    // O_NOCTTY: a serial device must never become our controlling terminal (SIGHUP on unplug).
    UniqueFd opened(::open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
    if (!opened) {
        lastOpenFailed = true;
        return fmt::format("cannot open {}: {}", path, std::strerror(errno));
    }
    if (auto error = configureSerial(opened.get(), options.baudRate)) {
        lastOpenFailed = true;
        return fmt::format("cannot configure {}: {}", path, *error);
    }
    flushInput(opened.get());  // stale half-blocks from before we opened are useless
    asio::error_code ec;
    stream.assign(opened.get(), ec);
    if (ec) {
        lastOpenFailed = true;
        return fmt::format("cannot watch {}: {}", path, ec.message());
    }
    fd = std::move(opened);
    ++generation;
    backoff = options.reopenMin;
    lastOpenFailed = false;
    startRead();
    return std::nullopt;
}

void SerialPort::Impl::startRead() {
    stream.async_read_some(asio::buffer(readBuffer),
                           [this, token = std::weak_ptr<int>(alive), gen = generation](
                               const asio::error_code& ec, std::size_t n) {
                               if (token.expired() || gen != generation) return;
                               if (ec) {
                                   if (ec != asio::error::operation_aborted)
                                       handleLoss(lossReason(ec));
                                   return;
                               }
                               listener.onSerialBytes(ByteView(readBuffer.data(), n));
                               if (token.expired() || gen != generation)
                                   return;  // closed or destroyed meanwhile
                               startRead();
                           });
}

void SerialPort::Impl::startWrite() {
    writing.swap(pending);
    pending.clear();
    writeInProgress = true;
    asio::async_write(stream, asio::buffer(writing),
                      [this, token = std::weak_ptr<int>(alive), gen = generation](
                          const asio::error_code& ec, std::size_t n) {
                          if (token.expired() || gen != generation) return;
                          writeInProgress = false;
                          if (ec) {
                              if (ec != asio::error::operation_aborted) handleLoss(lossReason(ec));
                              return;
                          }
                          listener.onSerialWritten(n);
                          if (token.expired() || gen != generation) return;
                          if (!writeInProgress && !pending.empty()) startWrite();
                      });
}

void SerialPort::Impl::closeFd() {
    ++generation;
    if (stream.is_open()) {
        // release(), not close(): cancels our pending operations (they complete with
        // operation_aborted) and deregisters the fd, but leaves closing to UniqueFd.
        (void)stream.release();
    }
    fd.reset();
    pending.clear();
    writing.clear();
    writeInProgress = false;
}

void SerialPort::Impl::handleLoss(const std::string& reason) {
    closeFd();
    const std::weak_ptr<int> token = alive;
    listener.onSerialClosed(reason);
    if (token.expired()) return;
    if (autoReopen && !fd) scheduleReopen();
}

void SerialPort::Impl::scheduleReopen() {
    if (reopenScheduled) return;
    reopenScheduled = true;
    reopenTimer.expires_after(backoff);
    reopenTimer.async_wait([this, token = std::weak_ptr<int>(alive),
                            gen = reopenGeneration](const asio::error_code& ec) {
        if (token.expired() || gen != reopenGeneration) return;
        reopenScheduled = false;
        if (ec) return;  // cancelled by close()
        attemptReopen();
    });
}

void SerialPort::Impl::attemptReopen() {
    if (fd || !autoReopen) return;
    if (auto error = tryOpen()) {
        backoff = std::min(backoff * 2, options.reopenMax);
        const std::weak_ptr<int> token = alive;
        listener.onSerialClosed(*error);
        if (token.expired()) return;
        if (autoReopen && !fd) scheduleReopen();
        return;
    }
    listener.onSerialOpened();
}

SerialPort::SerialPort(asio::io_context& io, std::string path, SerialPortListener& listener,
                       SerialOptions options)
    : impl_(std::make_unique<Impl>(io, std::move(path), listener, options)) {}

SerialPort::~SerialPort() = default;

std::optional<std::string> SerialPort::open() {
    if (impl_->fd) return std::nullopt;
    if (auto error = impl_->tryOpen()) return error;
    impl_->listener.onSerialOpened();
    return std::nullopt;
}

void SerialPort::start() {
    impl_->autoReopen = true;
    if (impl_->fd || impl_->reopenScheduled) return;
    // Right after a failed open() the caller already knows why: wait for the first backoff
    // step instead of failing again at once.
    if (impl_->lastOpenFailed) {
        impl_->scheduleReopen();
        return;
    }
    impl_->attemptReopen();
}

void SerialPort::write(std::string_view bytes) {
    if (!impl_->fd || bytes.empty()) return;
    impl_->pending.append(bytes);
    if (!impl_->writeInProgress) impl_->startWrite();
}

void SerialPort::close() {
    impl_->autoReopen = false;
    impl_->reopenScheduled = false;
    ++impl_->reopenGeneration;
    impl_->reopenTimer.cancel();
    impl_->closeFd();
}

bool SerialPort::isOpen() const {
    return impl_->fd.valid();
}

const std::string& SerialPort::path() const {
    return impl_->path;
}

}  // namespace vreglink::link
