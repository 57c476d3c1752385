// Pumping the test's own event loop until something happens: every test that runs services,
// links or simulators on its io_context waits this way (never a bare sleep).
#pragma once

#include <asio/io_context.hpp>

#include <chrono>
#include <functional>

namespace vreglink::testing {

// Runs the loop until `done()` or `limit` passes; returns done().
bool runUntil(asio::io_context& io, const std::function<bool()>& done,
              std::chrono::milliseconds limit);
// Runs the loop for `duration` (lets timers and I/O happen).
void runFor(asio::io_context& io, std::chrono::milliseconds duration);

}  // namespace vreglink::testing
