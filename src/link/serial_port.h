// A serial port on the event loop: termios raw 19200 8N1 on USB VE.Direct cables and on ptys
// (vedirect.md §1). Owns its file descriptor; after EIO/ENODEV/EOF (cable pulled, simulator gone)
// it closes and reopens the same path with exponential backoff until it is back.
//
// Reopen and backoff (DESIGN.md "Hot-plug is normal"):
// - A loss is EOF (read returns 0: pty master closed, hung-up tty), EIO (pty master gone, USB
//   adapter unplugged), ENODEV/ENXIO (device node gone), EBADF, or any other read/write error.
//   The fd is closed at once, queued writes are dropped, the listener gets onSerialClosed(reason).
// - After start(), the port reopens *by path* after every loss: the path is usually a udev
//   symlink (/dev/serial/by-id/..., /dev/ttyVE0) or a simulator's pty symlink that disappears
//   and comes back pointing at a different node (a new ttyUSBn, a new /dev/pts/n). Keeping the
//   old node or resolving the link once would reconnect to nothing.
// - Delays start at reopenMin and double up to reopenMax; a successful open resets them. Quick
//   first retries catch a cable that is re-seated or a simulator restarting; the cap keeps a
//   device that is gone for hours from costing more than an open() every few seconds, while
//   still bounding how long a returning device waits to be noticed.
// - Every failed reopen attempt is reported through onSerialClosed with the open() error, so
//   the device layer can show why ("No such file or directory"); callers dedupe.
// - Threading: everything runs on the io_context thread. Listener callbacks run from asio
//   handlers (onSerialOpened also from inside open()/start() when they succeed). A listener may
//   call write()/close() from a callback. Handlers hold a liveness token, so asio completions
//   that arrive after the port is destroyed touch nothing.
#pragma once

#include "core/bytes.h"

#include <asio/io_context.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace vreglink::link {

struct SerialOptions {
    unsigned baudRate = 19200;
    std::chrono::milliseconds reopenMin{250};   // first retry after a loss
    std::chrono::milliseconds reopenMax{5000};  // backoff cap
};

class SerialPortListener {
  public:
    virtual ~SerialPortListener() = default;
    virtual void onSerialOpened() = 0;
    virtual void onSerialBytes(ByteView bytes) = 0;
    // The port went away or could not be reopened; `reason` is for people ("EIO", "No such file").
    virtual void onSerialClosed(std::string_view reason) = 0;
    // `bytes` more bytes were handed to the kernel (counts, and "sent" for commands that get no
    // reply, e.g. VE.Direct Restart). Optional.
    virtual void onSerialWritten(std::size_t /*bytes*/) {}
};

class SerialPort {
  public:
    SerialPort(asio::io_context& io, std::string path, SerialPortListener& listener,
               SerialOptions options = {});
    ~SerialPort();
    SerialPort(const SerialPort&) = delete;
    SerialPort& operator=(const SerialPort&) = delete;

    // One synchronous open attempt, for callers that must report a bad path at once.
    // Returns nullopt on success, else the reason ("cannot open /dev/ttyUSB0: No such file or
    // directory"). On success reading starts; on failure nothing is scheduled.
    std::optional<std::string> open();
    // Opens now or keeps retrying with backoff; afterwards reopens after every loss.
    void start();
    // Queues bytes for writing (dropped with a closed port: the device layer answers requests).
    void write(std::string_view bytes);
    void close();

    bool isOpen() const;
    const std::string& path() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace vreglink::link
