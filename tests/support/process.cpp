#include "process.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

namespace vreglink::testing {
namespace {

using Clock = std::chrono::steady_clock;

pid_t spawn(const std::vector<std::string>& argv, int stdinFd, int stdoutFd, int stderrFd) {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid == 0) {
        // A test killed by ctest's timeout must not leave its dbus-daemon, simulators or daemon
        // behind: they get SIGTERM when the test goes (checked again in case it already went).
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (::getppid() != parent) ::_exit(127);
        ::dup2(stdinFd, STDIN_FILENO);
        ::dup2(stdoutFd, STDOUT_FILENO);
        ::dup2(stderrFd, STDERR_FILENO);
        ::execv(args[0], args.data());
        std::fprintf(stderr, "exec %s: %s\n", args[0], std::strerror(errno));
        ::_exit(127);
    }
    return pid;
}

int exitCodeOf(int status) {
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

// A pipe as two owned ends.
struct Pipe {
    UniqueFd read;
    UniqueFd write;
    Pipe() {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) == 0) {
            read.reset(fds[0]);
            write.reset(fds[1]);
        }
    }
};

CommandResult runCommand(const std::vector<std::string>& argv, std::chrono::milliseconds limit,
                         const std::optional<std::string>& input) {
    Pipe out, err, in;
    if (!out.read || !err.read || !in.read) return {};
    UniqueFd stdinFd =
        input ? std::move(in.read) : UniqueFd(::open("/dev/null", O_RDONLY | O_CLOEXEC));
    const pid_t pid = spawn(argv, stdinFd.get(), out.write.get(), err.write.get());
    // The child has its copies; ours must go or the reads below never see EOF.
    stdinFd.reset();
    out.write.reset();
    err.write.reset();
    if (input) {
        [[maybe_unused]] auto n = ::write(in.write.get(), input->data(), input->size());
    }
    in.write.reset();

    CommandResult result;
    const auto deadline = Clock::now() + limit;
    UniqueFd* owners[2] = {&out.read, &err.read};
    pollfd fds[2] = {{out.read.get(), POLLIN, 0}, {err.read.get(), POLLIN, 0}};
    int open = 2;
    while (open > 0) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) {
            ::kill(pid, SIGKILL);
            break;
        }
        if (::poll(fds, 2, static_cast<int>(left.count())) < 0 && errno != EINTR) break;
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || fds[i].revents == 0) continue;
            char buf[4096];
            const ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
            if (n <= 0) {
                owners[i]->reset();
                fds[i].fd = -1;
                --open;
            } else {
                (i == 0 ? result.out : result.err).append(buf, static_cast<std::size_t>(n));
            }
        }
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    result.exitCode = exitCodeOf(status);
    return result;
}

BackgroundProcess::BackgroundProcess(const std::vector<std::string>& argv) {
    Pipe out;
    if (!out.read) throw std::runtime_error("pipe");
    const UniqueFd devNull(::open("/dev/null", O_RDWR | O_CLOEXEC));
    // stderr goes to the test's stderr so simulator complaints show up in CTest output.
    pid_ = spawn(argv, devNull.get(), out.write.get(), STDERR_FILENO);
    stdout_ = std::move(out.read);
}

BackgroundProcess::~BackgroundProcess() {
    stop();
}

void BackgroundProcess::signal(int sig) const {
    if (pid_ > 0) ::kill(pid_, sig);
}

bool BackgroundProcess::waitForOutput(const std::string& text, std::chrono::milliseconds limit) {
    const auto deadline = Clock::now() + limit;
    while (output_.find(text) == std::string::npos) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0 || !stdout_) return false;
        pollfd p{stdout_.get(), POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
        char buf[1024];
        const ssize_t n = ::read(stdout_.get(), buf, sizeof buf);
        if (n <= 0) return output_.find(text) != std::string::npos;
        output_.append(buf, static_cast<std::size_t>(n));
    }
    return true;
}

int BackgroundProcess::stop() {
    if (pid_ <= 0) return -1;
    ::kill(pid_, SIGTERM);
    int status = 0;
    // Give it a few seconds to clean up (remove its symlink), then insist.
    for (int i = 0; i < 50; ++i) {
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            return exitCodeOf(status);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return -1;
}

TempDir::TempDir() {
    char tmpl[] = "/tmp/vreglink-test-XXXXXX";
    const char* p = ::mkdtemp(tmpl);
    if (!p) throw std::runtime_error("mkdtemp");
    path_ = p;
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

std::string binaryPath(const std::string& relative) {
    return std::string(VREGLINK_BINARY_DIR) + "/" + relative;
}

std::optional<std::string> controlRequest(const std::string& socketPath, const std::string& line) {
    const UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd) return std::nullopt;
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, socketPath.c_str(), sizeof(addr.sun_path) - 1);
    if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        return std::nullopt;
    }
    const std::string request = line + "\n";
    if (::write(fd.get(), request.data(), request.size()) != static_cast<ssize_t>(request.size())) {
        return std::nullopt;
    }
    std::string reply;
    char c;
    pollfd p{fd.get(), POLLIN, 0};
    while (::poll(&p, 1, 5000) > 0 && ::read(fd.get(), &c, 1) == 1 && c != '\n') reply.push_back(c);
    return reply;
}

}  // namespace vreglink::testing
