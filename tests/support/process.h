// Test support: run the project's real binaries as a user would, and simulators in the background.
#pragma once

#include "core/unique_fd.h"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace vreglink::testing {

struct CommandResult {
    int exitCode = -1;  // -1: killed by a signal or not started
    std::string out;
    std::string err;
};

// Runs argv to completion (stdin is /dev/null unless `input` is given), capturing stdout and
// stderr. Killed after `limit`.
CommandResult runCommand(const std::vector<std::string>& argv,
                         std::chrono::milliseconds limit = std::chrono::seconds(30),
                         const std::optional<std::string>& input = std::nullopt);

// A background process (e.g. vreg-sim), SIGTERMed and reaped on destruction.
class BackgroundProcess {
  public:
    explicit BackgroundProcess(const std::vector<std::string>& argv);
    ~BackgroundProcess();
    BackgroundProcess(const BackgroundProcess&) = delete;
    BackgroundProcess& operator=(const BackgroundProcess&) = delete;

    pid_t pid() const { return pid_; }
    void signal(int sig) const;
    // Reads stdout until a line containing `text` arrives or `limit` passes.
    bool waitForOutput(const std::string& text, std::chrono::milliseconds limit);
    const std::string& output() const { return output_; }
    // SIGTERM and wait; returns the exit code (-1 when killed by a signal).
    int stop();

  private:
    pid_t pid_ = -1;
    UniqueFd stdout_;
    std::string output_;
};

// A fresh temporary directory, removed with its contents on destruction.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    const std::string& path() const { return path_; }
    std::string file(const std::string& name) const { return path_ + "/" + name; }

  private:
    std::string path_;
};

// Path of a binary built by this project, e.g. binaryPath("apps/vreg/vreg").
std::string binaryPath(const std::string& relative);

// Sends one line to a unix stream socket and returns the reply line (simulator control).
std::optional<std::string> controlRequest(const std::string& socketPath, const std::string& line);

}  // namespace vreglink::testing
