#include "sim/pty_endpoint.h"

#include "sim/raw_pty.h"

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>
#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace vreglink::sim {

namespace {

std::string errnoText(const char* what) {
    return fmt::format("{}: {}", what, std::strerror(errno));
}

}  // namespace

Result<std::unique_ptr<PtyEndpoint>> PtyEndpoint::open(const std::string& linkPath) {
    std::unique_ptr<PtyEndpoint> pty(new PtyEndpoint());
    auto raw = openRawPty();
    if (!raw) return Error{raw.error()};
    pty->master_ = std::move(raw->master);
    pty->slave_ = std::move(raw->slave);
    pty->slavePath_ = std::move(raw->slavePath);
    const char* name = pty->slavePath_.c_str();

    struct stat st {};
    if (::lstat(linkPath.c_str(), &st) == 0) {
        if (!S_ISLNK(st.st_mode)) {
            return Error{fmt::format("{} exists and is not a symlink; not replacing it", linkPath)};
        }
        if (::unlink(linkPath.c_str()) != 0) return Error{errnoText("unlink stale symlink")};
    }
    if (::symlink(name, linkPath.c_str()) != 0) {
        return Error{fmt::format("symlink {} -> {}: {}", linkPath, name, std::strerror(errno))};
    }
    pty->linkPath_ = linkPath;
    return pty;
}

PtyEndpoint::~PtyEndpoint() {
    if (linkPath_.empty()) return;
    // Remove the symlink only while it is still ours (another instance may have replaced it).
    char target[256] = {};
    const ssize_t n = ::readlink(linkPath_.c_str(), target, sizeof target - 1);
    if (n > 0 && slavePath_ == std::string_view(target, static_cast<std::size_t>(n))) {
        ::unlink(linkPath_.c_str());
    }
}

std::size_t PtyEndpoint::write(std::string_view bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(master_.get(), bytes.data() + done, bytes.size() - done);
        if (n > 0) {
            done += static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        break;  // EAGAIN: nobody is draining the line — the rest is lost, as on a real UART
    }
    return done;
}

std::size_t PtyEndpoint::read(std::span<std::uint8_t> buffer) {
    for (;;) {
        const ssize_t n = ::read(master_.get(), buffer.data(), buffer.size());
        if (n > 0) return static_cast<std::size_t>(n);
        if (n < 0 && errno == EINTR) continue;
        return 0;
    }
}

}  // namespace vreglink::sim
