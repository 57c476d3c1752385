// The real vreg-sim binary behind a real pty: HEX answers, 19200-baud pacing, SIGUSR1/SIGUSR2,
// the control socket and a clean SIGTERM exit.
#include "core/unique_fd.h"
#include "process.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

using vreglink::testing::BackgroundProcess;
using vreglink::testing::binaryPath;
using vreglink::testing::controlRequest;
using vreglink::testing::TempDir;

bool exists(const std::string& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0;
}

// The host side: the symlinked pty opened raw, like a gateway opens a USB serial port.
class Port {
  public:
    explicit Port(const std::string& path)
        : fd_(::open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)) {
        if (!fd_) return;
        termios tio{};
        ::tcgetattr(fd_.get(), &tio);
        ::cfmakeraw(&tio);
        ::tcsetattr(fd_.get(), TCSANOW, &tio);
    }
    bool ok() const { return fd_.valid(); }
    void send(const std::string& s) {
        ASSERT_EQ(::write(fd_.get(), s.data(), s.size()), static_cast<ssize_t>(s.size()));
    }

    // Reads for `duration`; every byte stamped with its arrival time.
    void collect(std::chrono::milliseconds duration) {
        const auto end = Clock::now() + duration;
        while (Clock::now() < end) {
            pollfd p{fd_.get(), POLLIN, 0};
            if (::poll(&p, 1, 2) <= 0) continue;
            char buf[512];
            const ssize_t n = ::read(fd_.get(), buf, sizeof buf);
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
    vreglink::UniqueFd fd_;
    std::string data_;
    std::vector<Clock::time_point> stamps_;
};

// The simulator as tests start it: `vreg-sim ARGS…`, running until the test ends.
std::unique_ptr<BackgroundProcess> startSim(std::vector<std::string> args) {
    args.insert(args.begin(), binaryPath("apps/vreg-sim/vreg-sim"));
    return std::make_unique<BackgroundProcess>(args);
}

// The banner line, or "" when none came.
std::string banner(BackgroundProcess& sim) {
    if (!sim.waitForOutput("\n", std::chrono::seconds(5))) return "";
    const std::string& out = sim.output();
    return out.substr(0, out.find('\n'));
}

std::string control(const std::string& socketPath, const std::string& command) {
    return controlRequest(socketPath, command).value_or("connect failed");
}

TEST(VregSimProcess, AnswersPingWithPacingAndExitsCleanly) {
    TempDir dir;
    const std::string pty = dir.file("pty");
    auto sim = startSim({"mppt", "--pty", pty});
    ASSERT_GT(sim->pid(), 0);
    const std::string line = banner(*sim);
    EXPECT_EQ(line.rfind("vreg-sim: mppt SmartSolar MPPT 100|30 on " + pty + " -> /dev/pts/", 0),
              0u)
        << line;
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

    EXPECT_EQ(sim->stop(), 0);
    EXPECT_FALSE(exists(pty));
}

TEST(VregSimProcess, DisappearsAndComesBackOnSigusr2) {
    TempDir dir;
    const std::string pty = dir.file("gone");
    auto sim = startSim({"bmv", "--pty", pty, "--gone-seconds", "1"});
    ASSERT_FALSE(banner(*sim).empty());
    ::kill(sim->pid(), SIGUSR2);
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
    EXPECT_EQ(sim->stop(), 0);
}

TEST(VregSimProcess, ControlSocketAndSilence) {
    TempDir dir;
    const std::string pty = dir.file("ctl");
    const std::string sock = dir.file("sock");
    auto sim =
        startSim({"mppt", "--pty", pty, "--control", sock, "--no-pacing", "--reply-delay", "5"});
    ASSERT_FALSE(banner(*sim).empty());
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

    ::kill(sim->pid(), SIGUSR1);  // toggles answering off
    std::this_thread::sleep_for(100ms);
    port.send(":451\n");
    EXPECT_FALSE(port.waitFor(":156A05E", 400ms));
    ::kill(sim->pid(), SIGUSR1);
    std::this_thread::sleep_for(100ms);
    port.send(":451\n");
    EXPECT_TRUE(port.waitFor(":156A05E\n", 2s));

    EXPECT_EQ(control(sock, "text off"), "ok");
    std::this_thread::sleep_for(300ms);
    port.collect(10ms);
    EXPECT_FALSE(port.waitFor("\r\nPID", 1500ms));
    EXPECT_EQ(sim->stop(), 0);
    EXPECT_FALSE(exists(sock));
}

}  // namespace

namespace {

TEST(VregSimProcess, LegacyFirmwarePausesTextWhileHexArrives) {
    TempDir dir;
    const std::string pty = dir.file("legacy");
    auto sim = startSim({"mppt", "--pty", pty, "--legacy-text-pause", "1", "--reply-delay", "5"});
    ASSERT_FALSE(banner(*sim).empty());
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
    EXPECT_EQ(sim->stop(), 0);
}

}  // namespace
