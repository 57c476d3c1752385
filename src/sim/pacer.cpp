#include "sim/pacer.h"

#include <algorithm>
#include <cmath>

namespace vreglink::sim {

std::size_t Pacer::release(Clock::time_point now, std::size_t pending) {
    if (pending == 0) return 0;
    // Idle for longer than a timer hiccup: the line restarts now.
    if (now - nextStart_ > maxLag_) nextStart_ = now;
    if (nextStart_ > now) return 0;
    const double due = std::chrono::duration<double>(now - nextStart_) / byteTime_;
    const std::size_t n = std::min(pending, static_cast<std::size_t>(std::floor(due)) + 1);
    nextStart_ += std::chrono::duration_cast<Clock::duration>(byteTime_ * static_cast<double>(n));
    return n;
}

}  // namespace vreglink::sim
