// Line settings for a VE.Direct port (vedirect.md §1): raw 8N1 at 19200 baud, no flow control.
#pragma once

#include <optional>
#include <string>

namespace vreglink::link {

// Configures `fd` (a tty or a pty slave) for raw binary I/O at `baudRate`, 8N1, no flow control,
// and reads that never block (VMIN=1/VTIME=0 with O_NONBLOCK, see termios_config.cpp). Drives
// DTR/RTS high where the driver supports it. Returns nullopt or why it failed.
std::optional<std::string> configureSerial(int fd, unsigned baudRate);

// Discards bytes the kernel buffered before we opened the port (stale TEXT, half frames).
void flushInput(int fd);

}  // namespace vreglink::link
