#include "link/termios_config.h"

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <termios.h>

#include <cerrno>
#include <cstring>

namespace vreglink::link {
namespace {

std::optional<speed_t> speedFor(unsigned baudRate) {
    switch (baudRate) {
        case 1200:
            return B1200;
        case 2400:
            return B2400;
        case 4800:
            return B4800;
        case 9600:
            return B9600;
        case 19200:
            return B19200;  // VE.Direct (§1)
        case 38400:
            return B38400;
        case 57600:
            return B57600;
        case 115200:
            return B115200;
        default:
            return std::nullopt;
    }
}

}  // namespace

std::optional<std::string> configureSerial(int fd, unsigned baudRate) {
    const auto speed = speedFor(baudRate);
    if (!speed) return fmt::format("unsupported baud rate {}", baudRate);

    termios tio{};
    if (::tcgetattr(fd, &tio) != 0) return fmt::format("tcgetattr: {}", std::strerror(errno));
    // Raw: no echo, no canonical line editing, no CR/LF translation in either direction — the
    // TEXT checksum byte can be '\r' or '\n' and must arrive untouched (§2.2).
    ::cfmakeraw(&tio);
    tio.c_cflag &= ~static_cast<tcflag_t>(CSIZE | PARENB | CSTOPB | CRTSCTS);
    tio.c_cflag |= CS8 | CREAD | CLOCAL;  // 8N1; CLOCAL: no modem-control gating of reads
    tio.c_iflag &= ~static_cast<tcflag_t>(IXON | IXOFF | IXANY);  // no XON/XOFF (§1)
    // VMIN=1, VTIME=0. With O_NONBLOCK an empty queue then yields EAGAIN. VMIN=0/VTIME=0 would
    // make read() return 0 on an empty queue, which asio (and everyone) reads as end-of-file —
    // and asio reads speculatively before polling, so that would look like a pulled cable.
    tio.c_cc[VMIN] = 1;
    tio.c_cc[VTIME] = 0;
    if (::cfsetispeed(&tio, *speed) != 0 || ::cfsetospeed(&tio, *speed) != 0) {
        return fmt::format("cfsetspeed: {}", std::strerror(errno));
    }
    if (::tcsetattr(fd, TCSANOW, &tio) != 0) {
        return fmt::format("tcsetattr: {}", std::strerror(errno));
    }
    // Isolated VE.Direct RS232 cables power their isolated side from DTR/RTS (§1). A pty has no
    // modem lines (ENOTTY/EINVAL): that is expected, so failures are ignored.
    int lines = TIOCM_DTR | TIOCM_RTS;
    (void)::ioctl(fd, TIOCMBIS, &lines);
    return std::nullopt;
}

void flushInput(int fd) {
    (void)::tcflush(fd, TCIFLUSH);
}

}  // namespace vreglink::link
