// RAII owner of one file descriptor (DESIGN.md "One RAII owner per OS resource"). This is the
// only place in vreglink that calls close(): asio descriptors are handed the fd and release()d
// before the UniqueFd closes it, so a descriptor number is never closed twice (a double close
// can silently close a *new* fd that reused the number).
#pragma once

#include <unistd.h>

#include <utility>

namespace vreglink {

class UniqueFd {
  public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) : fd_(fd) {}
    ~UniqueFd() { reset(); }

    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
    UniqueFd& operator=(UniqueFd&& other) noexcept {
        if (this != &other) reset(other.release());
        return *this;
    }

    int get() const { return fd_; }
    bool valid() const { return fd_ >= 0; }
    explicit operator bool() const { return valid(); }

    // Gives up ownership without closing.
    int release() { return std::exchange(fd_, -1); }

    // Closes the owned fd (if any) and takes `fd`. close() errors are ignored on purpose:
    // after close() the number is released even on EINTR/EIO (Linux), retrying would be wrong.
    void reset(int fd = -1) {
        const int old = std::exchange(fd_, fd);
        if (old >= 0) ::close(old);
    }

  private:
    int fd_ = -1;
};

}  // namespace vreglink
