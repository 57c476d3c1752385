// A VE.Direct device session (issue "device session", vedirect.md §3.4): one FIFO, one HEX request
// on the wire at a time, per-request timeout and bounded retries, replies matched on response
// code + register id, TEXT blocks and async frames delivered as updates and cached.
#pragma once

#include "device/device.h"
#include "device/value_cache.h"
#include "vedirect/hex_frame.h"
#include "vedirect/stream_decoder.h"

#include <asio/io_context.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace vreglink::device {

struct VeDirectOptions {
    std::chrono::milliseconds timeout{1000};       // per try (krahabb uses 1000 ms, §3.4)
    unsigned retries = 2;                          // tries = 1 + retries
    std::size_t queueLimit = 64;                   // beyond: 0x8200 busy
    std::chrono::milliseconds textIdleReset{500};  // §2.3: silence abandons a partial block
    std::chrono::milliseconds reopenMin{250};
    std::chrono::milliseconds reopenMax{5000};
    // On destruction, post 0x8400 "device closed" to every pending request. The replies run
    // after the device is gone, so handlers must not capture the device (D-Bus call objects,
    // shared state: fine). Off: pending handlers are destroyed without being called.
    bool answerPendingOnDestroy = true;
};

struct VeDirectStats {
    std::uint64_t bytesSent = 0;
    std::uint64_t bytesReceived = 0;
    std::uint64_t requests = 0;
    std::uint64_t retries = 0;
    std::uint64_t timeouts = 0;  // requests answered 0x8400 after all tries
};

class VeDirectDevice final : public Device {
  public:
    VeDirectDevice(asio::io_context& io, std::string path, VeDirectOptions options = {});
    ~VeDirectDevice() override;

    // First open attempt; nullopt on success, else why. Either way the device then keeps
    // (re)opening with backoff until destroyed.
    std::optional<std::string> open();

    void get(VregId id, ReplyHandler done) override;
    void set(VregId id, Bytes value, ReplyHandler done) override;
    // Register-less HEX commands: Ping (answered 0x5), AppVersion and ProductId (answered 0x1
    // Done). Reply data: the un16 little-endian. Restart is sent without waiting for a reply.
    void command(vedirect::HexCommand cmd, ReplyHandler done);

    LinkState linkState() const override;
    void addListener(DeviceListener* listener) override;
    void removeListener(DeviceListener* listener) override;

    const std::string& path() const;
    const ValueCache& cache() const;
    const vedirect::DecoderCounters& decoderCounters() const;
    const VeDirectStats& stats() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace vreglink::device
