// A pseudo-terminal whose line discipline is raw before a single byte crosses it: the device
// end of every simulated serial cable (vreg-sim, and the scripted peers of the link tests).
#pragma once

#include "core/result.h"
#include "core/unique_fd.h"

#include <string>

namespace vreglink::sim {

struct RawPty {
    UniqueFd master;        // the device's end
    UniqueFd slave;         // held open by the device side: the master never sees EIO while no
                            // client is attached, and the line settings survive client reopens
    std::string slavePath;  // /dev/pts/N, what a client opens like a USB tty
};

// posix_openpt + grantpt + unlockpt, opens the slave and sets it raw 19200 8N1. Raw first,
// because with the default line discipline the pty echoes: a host would read its own requests.
Result<RawPty> openRawPty();

}  // namespace vreglink::sim
