// Releases bytes at the line rate: 19200 baud, 8N1 = 10 bits per byte = 1920 bytes/s (§1).
// Pure: the caller supplies the time. The line keeps a "next byte may start" time; after an
// idle gap it restarts at `now`, so silence never banks bandwidth for a later burst.
#pragma once

#include <chrono>
#include <cstddef>

namespace vreglink::sim {

class Pacer {
  public:
    using Clock = std::chrono::steady_clock;
    explicit Pacer(double bytesPerSecond = 1920.0,
                   std::chrono::milliseconds maxLag = std::chrono::milliseconds(20))
        : byteTime_(1.0 / bytesPerSecond), maxLag_(maxLag) {}

    // Bytes that may start by `now` with `pending` waiting; they count as sent.
    std::size_t release(Clock::time_point now, std::size_t pending);

  private:
    std::chrono::duration<double> byteTime_;
    std::chrono::milliseconds maxLag_;
    Clock::time_point nextStart_{};
};

}  // namespace vreglink::sim
