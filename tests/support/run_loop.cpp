#include "run_loop.h"

#include <algorithm>

#include <unistd.h>

namespace vreglink::testing {

bool runUntil(asio::io_context& io, const std::function<bool()>& done,
              std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline) return false;
        if (io.stopped()) io.restart();
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
        if (io.run_one_for(std::min(left, std::chrono::milliseconds(5))) == 0) {
            // Nothing to run at all: avoid spinning on an idle loop.
            if (io.stopped()) ::usleep(500);
        }
    }
    return true;
}

void runFor(asio::io_context& io, std::chrono::milliseconds duration) {
    (void)runUntil(
        io, [] { return false; }, duration);
}

}  // namespace vreglink::testing
