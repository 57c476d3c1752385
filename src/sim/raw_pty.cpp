#include "sim/raw_pty.h"

#include <fmt/format.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fcntl.h>
#include <termios.h>

namespace vreglink::sim {
namespace {

Error errnoError(const char* what) {
    return Error{fmt::format("{}: {}", what, std::strerror(errno))};
}

}  // namespace

Result<RawPty> openRawPty() {
    RawPty pty;
    pty.master.reset(::posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
    if (!pty.master) return errnoError("posix_openpt");
    if (::grantpt(pty.master.get()) != 0) return errnoError("grantpt");
    if (::unlockpt(pty.master.get()) != 0) return errnoError("unlockpt");
    std::array<char, 128> name{};
    if (::ptsname_r(pty.master.get(), name.data(), name.size()) != 0) {
        return errnoError("ptsname_r");
    }
    pty.slavePath = name.data();
    pty.slave.reset(::open(name.data(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
    if (!pty.slave) return errnoError("open pty slave");
    termios tio{};
    if (::tcgetattr(pty.slave.get(), &tio) != 0) return errnoError("tcgetattr");
    ::cfmakeraw(&tio);
    ::cfsetispeed(&tio, B19200);
    ::cfsetospeed(&tio, B19200);
    if (::tcsetattr(pty.slave.get(), TCSANOW, &tio) != 0) return errnoError("tcsetattr");
    return pty;
}

}  // namespace vreglink::sim
