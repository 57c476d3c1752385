#include "pty_pair.h"

#include "sim/raw_pty.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace vreglink::testing {

PtyPair::PtyPair() {
    auto pty = sim::openRawPty();
    if (!pty) {
        error_ = pty.error();
        return;
    }
    slavePath_ = std::move(pty->slavePath);
    slaveHold_ = std::move(pty->slave);
    master_ = std::move(pty->master);
}

void PtyPair::closeMaster() {
    master_.reset();
    slaveHold_.reset();
}

bool PtyPair::writeAll(std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t n = ::write(master_.get(), bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN) {
                ::usleep(1000);
                continue;
            }
            return false;
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

std::string PtyPair::readAvailable() {
    std::string out;
    std::array<char, 4096> buf{};
    for (;;) {
        const ssize_t n = ::read(master_.get(), buf.data(), buf.size());
        if (n <= 0) break;
        out.append(buf.data(), static_cast<std::size_t>(n));
    }
    return out;
}

SymlinkPath::SymlinkPath() {
    std::string templ = "/tmp/vreglink-test-XXXXXX";
    if (::mkdtemp(templ.data()) != nullptr) dir_ = templ;
    path_ = dir_ + "/ttyVE";
}

SymlinkPath::~SymlinkPath() {
    remove();
    if (!dir_.empty()) ::rmdir(dir_.c_str());
}

bool SymlinkPath::pointTo(const std::string& target) {
    const std::string tmp = path_ + ".new";
    ::unlink(tmp.c_str());
    if (::symlink(target.c_str(), tmp.c_str()) != 0) return false;
    return ::rename(tmp.c_str(), path_.c_str()) == 0;  // atomic replace
}

void SymlinkPath::remove() {
    ::unlink(path_.c_str());
}

}  // namespace vreglink::testing
