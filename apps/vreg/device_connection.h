// The CLI's handle on one device: the event loop plus the device session, with blocking helpers
// that run the loop until a reply arrives. The loop stays the only thing that waits (fd or timer);
// the CLI simply has nothing else to do meanwhile.
#pragma once

#include "core/result.h"
#include "device/vedirect_device.h"

#include <asio/io_context.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <span>
#include <string>

namespace vreglink::cli {

struct ConnectionOptions {
    std::chrono::milliseconds timeout{1000};
    unsigned retries = 2;
    bool printStats = false;  // --stats: link and decoder counters on stderr when done
};

class DeviceConnection {
  public:
    // Opens PORT (a serial path). Fails at once with a clear message when it cannot be opened.
    static Result<std::unique_ptr<DeviceConnection>> open(const std::string& port,
                                                          const ConnectionOptions& options);

    device::VregReply get(VregId id);
    device::VregReply set(VregId id, Bytes value);
    device::VregReply command(vedirect::HexCommand cmd);

    // Gets every id, keeping a few requests queued so the wire never idles between them
    // (the dump target: within 1.2x of the wire time). `onReply` runs in request order.
    void getMany(std::span<const VregId> ids,
                 const std::function<void(std::size_t index, const device::VregReply&)>& onReply);

    // Runs the event loop until `stop` returns true or `limit` passes (monitor).
    void runUntil(const std::function<bool()>& stop, std::chrono::steady_clock::duration limit);

    ~DeviceConnection();
    DeviceConnection(const DeviceConnection&) = delete;
    DeviceConnection& operator=(const DeviceConnection&) = delete;

    device::VeDirectDevice& device() { return *device_; }
    asio::io_context& io() { return io_; }

  private:
    DeviceConnection() = default;
    device::VregReply wait(const std::function<void(device::ReplyHandler)>& start);

    asio::io_context io_;
    std::unique_ptr<device::VeDirectDevice> device_;
    bool printStats_ = false;
    std::chrono::steady_clock::time_point opened_;
};

}  // namespace vreglink::cli
