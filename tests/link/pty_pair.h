// Test support: real pseudo-terminals and re-pointable symlinks (no mocks). The master side of a
// pty plays the VE.Direct device; the code under test opens the slave path like a USB tty.
#pragma once

#include "core/unique_fd.h"
#include "run_loop.h"  // runUntil/runFor, used with every pty pair

#include <asio/io_context.hpp>

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

namespace vreglink::testing {

class PtyPair {
  public:
    PtyPair();  // check ok(); the reason is in error()
    bool ok() const { return master_.valid(); }
    const std::string& error() const { return error_; }

    int master() const { return master_.get(); }
    const std::string& slavePath() const { return slavePath_; }

    // Simulates a pulled cable: the slave side sees EOF/EIO, the /dev/pts node goes away.
    void closeMaster();

    // Blocking-free helpers on the master fd.
    bool writeAll(std::string_view bytes);
    std::string readAvailable();

  private:
    UniqueFd master_;
    // A slave fd held open by the test: the tty stays alive while the code under test closes
    // and reopens it (otherwise the master reads EIO in between). Never read from.
    UniqueFd slaveHold_;
    std::string slavePath_;
    std::string error_;
};

// A symlink in a private temp directory, re-pointed atomically (symlink + rename), like a udev
// /dev/serial/by-id link or vreg-sim's pty link.
class SymlinkPath {
  public:
    SymlinkPath();
    ~SymlinkPath();
    SymlinkPath(const SymlinkPath&) = delete;
    SymlinkPath& operator=(const SymlinkPath&) = delete;

    const std::string& path() const { return path_; }
    bool pointTo(const std::string& target);
    void remove();

  private:
    std::string dir_;
    std::string path_;
};

}  // namespace vreglink::testing
