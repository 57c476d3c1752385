// The product's end of a pseudo-terminal, published as a symlink (vedirect.md §4). Owns the
// master fd, a slave fd of its own (so the master never sees EIO while no client is attached)
// and the symlink; everything is released in the destructor.
#pragma once

#include "core/result.h"
#include "core/unique_fd.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace vreglink::sim {

class PtyEndpoint {
  public:
    // Opens a pty, sets it raw (no echo: the host would otherwise read its own requests back)
    // before anything is written, and points `linkPath` at the slave (a stale symlink is
    // replaced; any other file there is an error).
    static Result<std::unique_ptr<PtyEndpoint>> open(const std::string& linkPath);
    ~PtyEndpoint();
    PtyEndpoint(const PtyEndpoint&) = delete;
    PtyEndpoint& operator=(const PtyEndpoint&) = delete;

    int masterFd() const { return master_.get(); }
    const std::string& slavePath() const { return slavePath_; }
    const std::string& linkPath() const { return linkPath_; }

    // Non-blocking. Bytes the kernel does not take (nobody reading, buffer full) are dropped,
    // like a UART with nobody listening; returns the number written.
    std::size_t write(std::string_view bytes);
    // Non-blocking; 0 when nothing is waiting.
    std::size_t read(std::span<std::uint8_t> buffer);

  private:
    PtyEndpoint() = default;
    UniqueFd master_;
    UniqueFd slave_;
    std::string slavePath_;
    std::string linkPath_;
};

}  // namespace vreglink::sim
