// A serial port on the event loop: termios raw 19200 8N1 on USB VE.Direct cables and on ptys
// (vedirect.md §1). Owns its file descriptor; after EIO/ENODEV/EOF (cable pulled, simulator gone)
// it closes and reopens the same path with exponential backoff until it is back.
#pragma once

#include "core/bytes.h"

#include <asio/io_context.hpp>

#include <chrono>
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
