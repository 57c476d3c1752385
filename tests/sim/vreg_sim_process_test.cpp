// The real vreg-sim binary behind a real pty: HEX answers, 19200-baud pacing, SIGUSR1/SIGUSR2,
// the control socket and a clean SIGTERM exit.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

const char* kBinary = VREGLINK_BINARY_DIR "/apps/vreg-sim/vreg-sim";

bool exists(const std::string& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0;
}

class SimProcess {
  public:
    explicit SimProcess(std::vector<std::string> args) {
        int out[2];
        if (::pipe(out) != 0) return;
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, out[1], 1);
        posix_spawn_file_actions_addclose(&actions, out[0]);
        args.insert(args.begin(), kBinary);
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        if (posix_spawn(&pid_, kBinary, &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
        posix_spawn_file_actions_destroy(&actions);
        ::close(out[1]);
        stdout_ = out[0];
    }
    ~SimProcess() {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
        if (stdout_ >= 0) ::close(stdout_);
    }
    pid_t pid() const { return pid_; }

    // The banner line, or "" after the timeout.
    std::string readLine(std::chrono::milliseconds timeout = 5s) {
        std::string line;
        const auto end = Clock::now() + timeout;
        while (Clock::now() < end) {
            pollfd p{stdout_, POLLIN, 0};
            if (::poll(&p, 1, 50) <= 0) continue;
            char c;
            if (::read(stdout_, &c, 1) != 1) break;
            if (c == '\n') return line;
            line += c;
        }
        return line;
    }
    // Exit status after SIGTERM, or -1.
    int terminate() {
        ::kill(pid_, SIGTERM);
        int status = 0;
        for (int i = 0; i < 100; ++i) {
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
            }
            std::this_thread::sleep_for(50ms);
        }
        return -1;
    }

  private:
    pid_t pid_ = -1;
    int stdout_ = -1;
};

// The host side: the symlinked pty opened raw, like a gateway opens a USB serial port.
class Port {
  public:
    explicit Port(const std::string& path) {
        fd_ = ::open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK);
        if (fd_ < 0) return;
        termios tio{};
        ::tcgetattr(fd_, &tio);
        ::cfmakeraw(&tio);
        ::tcsetattr(fd_, TCSANOW, &tio);
    }
    ~Port() {
        if (fd_ >= 0) ::close(fd_);
    }
    bool ok() const { return fd_ >= 0; }
    void send(const std::string& s) {
        ASSERT_EQ(::write(fd_, s.data(), s.size()), static_cast<ssize_t>(s.size()));
    }

    // Reads for `duration`; every byte stamped with its arrival time.
    void collect(std::chrono::milliseconds duration) {
        const auto end = Clock::now() + duration;
        while (Clock::now() < end) {
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, 2) <= 0) continue;
            char buf[512];
            const ssize_t n = ::read(fd_, buf, sizeof buf);
            const auto now = Clock::now();
            for (ssize_t i = 0; i < n; ++i) {
                data_ += buf[i];
                stamps_.push_back(now);
            }
        }
    }
    // Reads until `needle` shows up (after the current data) or the timeout.
    bool waitFor(const std::string& needle, std::chrono::milliseconds timeout) {
        const std::size_t from = data_.size();
        const auto end = Clock::now() + timeout;
        while (Clock::now() < end) {
            collect(20ms);
            if (data_.find(needle, from) != std::string::npos) return true;
        }
        return false;
    }
    const std::string& data() const { return data_; }
    Clock::time_point stamp(std::size_t i) const { return stamps_.at(i); }

  private:
    int fd_ = -1;
    std::string data_;
    std::vector<Clock::time_point> stamps_;
};

std::string control(const std::string& socketPath, const std::string& command) {
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, socketPath.c_str(), sizeof addr.sun_path - 1);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return "connect failed";
    }
    const std::string line = command + "\n";
    (void)!::write(fd, line.data(), line.size());
    std::string reply;
    char c;
    pollfd p{fd, POLLIN, 0};
    while (::poll(&p, 1, 2000) > 0 && ::read(fd, &c, 1) == 1 && c != '\n') reply += c;
    ::close(fd);
    return reply;
}

std::string tempPath(const char* tag) {
    return "/tmp/vreg-sim-test-" + std::to_string(::getpid()) + "-" + tag;
}

TEST(VregSimProcess, AnswersPingWithPacingAndExitsCleanly) {
    const std::string pty = tempPath("pty");
    SimProcess sim({"mppt", "--pty", pty});
    ASSERT_GT(sim.pid(), 0);
    const std::string banner = sim.readLine();
    EXPECT_EQ(banner.rfind("vreg-sim: mppt SmartSolar MPPT 100|30 on " + pty + " -> /dev/pts/", 0),
              0u)
        << banner;
    Port port(pty);
    ASSERT_TRUE(port.ok());
    port.send(":154\n");
    EXPECT_TRUE(port.waitFor(":56141AE\n", 2s));
    port.send(":7F0ED0070\n");  // C20: bad checksum
    EXPECT_TRUE(port.waitFor(":4AAAAFD\n", 2s));

    // Pacing: a complete TEXT block arrives at 1920 bytes/s (100 bytes ≈ 52 ms).
    port.collect(2500ms);
    const std::string& d = port.data();
    const std::size_t start = d.find("\r\nPID\t");
    ASSERT_NE(start, std::string::npos);
    const std::size_t cs = d.find("Checksum\t", start);
    ASSERT_NE(cs, std::string::npos);
    const std::size_t last = cs + 9;  // the checksum byte
    ASSERT_LT(last, d.size());
    const double seconds =
        std::chrono::duration<double>(port.stamp(last) - port.stamp(start)).count();
    const double per100 = seconds / static_cast<double>(last - start) * 100.0 * 1000.0;
    std::printf("pacing: %zu bytes in %.1f ms = %.1f ms per 100 bytes (ideal 52.1)\n",
                last - start + 1, seconds * 1000, per100);
    EXPECT_GT(per100, 52.1 * 0.7);
    EXPECT_LT(per100, 52.1 * 1.3);

    EXPECT_EQ(sim.terminate(), 0);
    EXPECT_FALSE(exists(pty));
}

TEST(VregSimProcess, DisappearsAndComesBackOnSigusr2) {
    const std::string pty = tempPath("gone");
    SimProcess sim({"bmv", "--pty", pty, "--gone-seconds", "1"});
    ASSERT_FALSE(sim.readLine().empty());
    ::kill(sim.pid(), SIGUSR2);
    bool vanished = false;
    for (int i = 0; i < 40 && !vanished; ++i) {
        vanished = !exists(pty);
        std::this_thread::sleep_for(25ms);
    }
    EXPECT_TRUE(vanished);
    bool back = false;
    for (int i = 0; i < 120 && !back; ++i) {
        back = exists(pty);
        std::this_thread::sleep_for(25ms);
    }
    ASSERT_TRUE(back);
    Port port(pty);
    ASSERT_TRUE(port.ok());
    port.send(":154\n");
    EXPECT_TRUE(port.waitFor(":51344F9\n", 2s));
    EXPECT_EQ(sim.terminate(), 0);
}

TEST(VregSimProcess, ControlSocketAndSilence) {
    const std::string pty = tempPath("ctl");
    const std::string sock = tempPath("sock");
    SimProcess sim({"mppt", "--pty", pty, "--control", sock, "--no-pacing", "--reply-delay", "5"});
    ASSERT_FALSE(sim.readLine().empty());
    Port port(pty);
    ASSERT_TRUE(port.ok());
    EXPECT_EQ(control(sock, "get 0xEDF0"), "9600");
    EXPECT_EQ(control(sock, "writes 0xEDF0"), "0");
    port.send(":8F0ED0032003E\n");  // 5.0 A
    EXPECT_TRUE(port.waitFor(":8F0ED0032003E\n", 2s));
    EXPECT_EQ(control(sock, "get 0xEDF0"), "3200");
    EXPECT_EQ(control(sock, "writes 0xEDF0"), "1");
    EXPECT_NE(control(sock, "frames").find("\"set\":1"), std::string::npos);
    EXPECT_EQ(control(sock, "get 0x7777"), "none");
    EXPECT_EQ(control(sock, "set 0xEDF0 9600"), "ok");
    EXPECT_EQ(control(sock, "writes 0xEDF0"), "1");  // control writes are not host writes
    EXPECT_EQ(control(sock, "bogus").rfind("error ", 0), 0u);

    EXPECT_EQ(control(sock, "silent on"), "ok");
    port.send(":451\n");
    EXPECT_FALSE(port.waitFor(":156A05E", 400ms));
    EXPECT_EQ(control(sock, "silent off"), "ok");
    port.send(":451\n");
    EXPECT_TRUE(port.waitFor(":156A05E\n", 2s));

    ::kill(sim.pid(), SIGUSR1);  // toggles answering off
    std::this_thread::sleep_for(100ms);
    port.send(":451\n");
    EXPECT_FALSE(port.waitFor(":156A05E", 400ms));
    ::kill(sim.pid(), SIGUSR1);
    std::this_thread::sleep_for(100ms);
    port.send(":451\n");
    EXPECT_TRUE(port.waitFor(":156A05E\n", 2s));

    EXPECT_EQ(control(sock, "text off"), "ok");
    std::this_thread::sleep_for(300ms);
    port.collect(10ms);
    EXPECT_FALSE(port.waitFor("\r\nPID", 1500ms));
    EXPECT_EQ(sim.terminate(), 0);
    EXPECT_FALSE(exists(sock));
}

}  // namespace

namespace {

TEST(VregSimProcess, LegacyFirmwarePausesTextWhileHexArrives) {
    const std::string pty = tempPath("legacy");
    SimProcess sim({"mppt", "--pty", pty, "--legacy-text-pause", "1", "--reply-delay", "5"});
    ASSERT_FALSE(sim.readLine().empty());
    Port port(pty);
    ASSERT_TRUE(port.ok());
    // The first frame starts the pause; drain what was already on its way (the block sent at
    // start-up sits in the pty buffer, one may be in flight).
    port.send(":154\n");
    port.collect(300ms);
    // Keep polling for 2.5 s: no TEXT block may start (§3.4 older firmware).
    const std::size_t from = port.data().size();
    for (int i = 0; i < 25; ++i) {
        port.send(":154\n");
        port.collect(100ms);
    }
    const std::string during = port.data().substr(from);
    EXPECT_NE(during.find(":56141AE\n"), std::string::npos);
    EXPECT_EQ(during.find("\r\nPID"), std::string::npos);
    // Stop polling: TEXT comes back after the pause.
    EXPECT_TRUE(port.waitFor("\r\nPID", 3s));
    EXPECT_EQ(sim.terminate(), 0);
}

}  // namespace
