// SerialPort over real ptys: line settings, byte transparency, stale-input flush, write queue,
// loss detection and reopen-by-path with exponential backoff (serial_port.h).
#include "link/serial_port.h"
#include "pty_pair.h"

#include <gtest/gtest.h>
#include <termios.h>

#include <asio/io_context.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace vreglink::link {
namespace {

using namespace std::chrono_literals;
using testing::PtyPair;
using testing::runFor;
using testing::runUntil;
using testing::SymlinkPath;

struct Recorder : SerialPortListener {
    void onSerialOpened() override { ++opened; }
    void onSerialBytes(ByteView bytes) override { received.append(bytes.begin(), bytes.end()); }
    void onSerialClosed(std::string_view reason) override {
        closed.emplace_back(reason);
        closedAt.push_back(std::chrono::steady_clock::now());
    }
    void onSerialWritten(std::size_t bytes) override { written += bytes; }

    int opened = 0;
    std::string received;
    std::vector<std::string> closed;
    std::vector<std::chrono::steady_clock::time_point> closedAt;
    std::size_t written = 0;
};

std::string allByteValues() {
    std::string all;
    for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
    return all;
}

TEST(SerialPort, OpenMissingPathReportsErrorAndSchedulesNothing) {
    asio::io_context io;
    Recorder rec;
    SerialPort port(io, "/nonexistent/ttyVE", rec);
    const auto error = port.open();
    ASSERT_TRUE(error.has_value());
    EXPECT_NE(error->find("/nonexistent/ttyVE"), std::string::npos) << *error;
    EXPECT_NE(error->find("No such file"), std::string::npos) << *error;
    EXPECT_FALSE(port.isOpen());
    EXPECT_EQ(io.poll(), 0u);  // nothing scheduled
    EXPECT_EQ(rec.opened, 0);
}

TEST(SerialPort, NonTtyFailsToConfigure) {
    asio::io_context io;
    Recorder rec;
    SerialPort port(io, "/dev/null", rec);
    const auto error = port.open();
    ASSERT_TRUE(error.has_value());
    EXPECT_NE(error->find("cannot configure"), std::string::npos) << *error;
}

TEST(SerialPort, ConfiguresRaw19200_8N1) {
    asio::io_context io;
    PtyPair pty;
    ASSERT_TRUE(pty.ok()) << pty.error();
    Recorder rec;
    SerialPort port(io, pty.slavePath(), rec);
    ASSERT_FALSE(port.open().has_value());
    EXPECT_TRUE(port.isOpen());
    EXPECT_EQ(rec.opened, 1);

    termios tio{};  // a pty's termios is shared by both sides
    ASSERT_EQ(::tcgetattr(pty.master(), &tio), 0);
    EXPECT_EQ(::cfgetispeed(&tio), static_cast<speed_t>(B19200));
    EXPECT_EQ(::cfgetospeed(&tio), static_cast<speed_t>(B19200));
    EXPECT_EQ(tio.c_cflag & CSIZE, static_cast<tcflag_t>(CS8));
    EXPECT_EQ(tio.c_cflag & (PARENB | CSTOPB | CRTSCTS), 0u);
    EXPECT_EQ(tio.c_lflag & (ICANON | ECHO | ISIG), 0u);
    EXPECT_EQ(tio.c_iflag & (IXON | IXOFF | ICRNL | INLCR | IGNCR), 0u);
    EXPECT_EQ(tio.c_oflag & OPOST, 0u);
    EXPECT_EQ(tio.c_cc[VMIN], 1);
    EXPECT_EQ(tio.c_cc[VTIME], 0);
}

TEST(SerialPort, BytesTravelUntranslatedBothWays) {
    asio::io_context io;
    PtyPair pty;
    ASSERT_TRUE(pty.ok()) << pty.error();
    Recorder rec;
    SerialPort port(io, pty.slavePath(), rec);
    ASSERT_FALSE(port.open().has_value());

    const std::string all = allByteValues();  // includes \r \n \t ':' NUL and 0xFF
    ASSERT_TRUE(pty.writeAll(all));
    ASSERT_TRUE(runUntil(
        io, [&] { return rec.received.size() >= all.size(); }, 2s));
    EXPECT_EQ(rec.received, all);

    port.write(all);
    std::string atDevice;
    ASSERT_TRUE(runUntil(
        io,
        [&] {
            atDevice += pty.readAvailable();
            return atDevice.size() >= all.size() && rec.written == all.size();
        },
        2s));
    EXPECT_EQ(atDevice, all);
    EXPECT_EQ(rec.written, all.size());
}

TEST(SerialPort, FlushesStaleInputOnOpen) {
    asio::io_context io;
    PtyPair pty;
    ASSERT_TRUE(pty.ok()) << pty.error();
    ASSERT_TRUE(pty.writeAll("stale half block"));  // buffered before we open
    Recorder rec;
    SerialPort port(io, pty.slavePath(), rec);
    ASSERT_FALSE(port.open().has_value());
    runFor(io, 30ms);
    ASSERT_TRUE(pty.writeAll("fresh"));
    ASSERT_TRUE(runUntil(
        io, [&] { return rec.received.size() >= 5; }, 2s));
    runFor(io, 10ms);
    EXPECT_EQ(rec.received, "fresh");
}

TEST(SerialPort, QueuedWritesArriveInOrder) {
    asio::io_context io;
    PtyPair pty;
    ASSERT_TRUE(pty.ok()) << pty.error();
    Recorder rec;
    SerialPort port(io, pty.slavePath(), rec);
    ASSERT_FALSE(port.open().has_value());
    std::string expected;
    for (int i = 0; i < 200; ++i) {
        const std::string chunk = ":" + std::to_string(i) + "\n";
        expected += chunk;
        port.write(chunk);  // many writes while one is in progress
    }
    std::string atDevice;
    ASSERT_TRUE(runUntil(
        io,
        [&] {
            atDevice += pty.readAvailable();
            return atDevice.size() >= expected.size() && rec.written == expected.size();
        },
        2s));
    EXPECT_EQ(atDevice, expected);
    EXPECT_EQ(rec.written, expected.size());
}

TEST(SerialPort, WriteOnClosedPortIsDropped) {
    asio::io_context io;
    Recorder rec;
    SerialPort port(io, "/nonexistent/ttyVE", rec);
    port.write("dropped");
    EXPECT_EQ(io.poll(), 0u);
    EXPECT_EQ(rec.written, 0u);
}

TEST(SerialPort, LossThenReopenByPathOntoANewPty) {
    asio::io_context io;
    SymlinkPath link;
    auto first = std::make_unique<PtyPair>();
    ASSERT_TRUE(first->ok()) << first->error();
    ASSERT_TRUE(link.pointTo(first->slavePath()));

    Recorder rec;
    SerialPort port(io, link.path(), rec, SerialOptions{19200, 20ms, 80ms});
    ASSERT_FALSE(port.open().has_value());
    port.start();
    EXPECT_EQ(rec.opened, 1);

    first->closeMaster();  // cable pulled
    ASSERT_TRUE(runUntil(
        io, [&] { return !rec.closed.empty(); }, 2s));
    EXPECT_TRUE(rec.closed.front() == "EOF" || rec.closed.front() == "EIO") << rec.closed.front();
    EXPECT_FALSE(port.isOpen());
    link.remove();
    runFor(io, 100ms);  // a few failed attempts
    EXPECT_EQ(rec.opened, 1);
    EXPECT_GE(rec.closed.size(), 2u);

    PtyPair second;  // the device comes back as a different pty behind the same path
    ASSERT_TRUE(second.ok()) << second.error();
    ASSERT_TRUE(link.pointTo(second.slavePath()));
    ASSERT_TRUE(runUntil(
        io, [&] { return rec.opened == 2; }, 2s));
    EXPECT_TRUE(port.isOpen());

    rec.received.clear();
    ASSERT_TRUE(second.writeAll("back"));
    ASSERT_TRUE(runUntil(
        io, [&] { return rec.received == "back"; }, 2s));
    port.write("hello");
    std::string atDevice;
    ASSERT_TRUE(runUntil(
        io,
        [&] {
            atDevice += second.readAvailable();
            return atDevice == "hello";
        },
        2s));
}

TEST(SerialPort, BackoffDoublesUpToTheCap) {
    asio::io_context io;
    Recorder rec;
    SerialPort port(io, "/nonexistent/ttyVE", rec, SerialOptions{19200, 20ms, 80ms});
    const auto started = std::chrono::steady_clock::now();
    port.start();  // first attempt at once, then 20, 40, 80, 80, ... ms
    ASSERT_TRUE(runUntil(
        io, [&] { return rec.closed.size() >= 6; }, 3s));
    std::vector<long> gaps;
    auto previous = started;
    for (const auto at : rec.closedAt) {
        gaps.push_back(
            std::chrono::duration_cast<std::chrono::milliseconds>(at - previous).count());
        previous = at;
    }
    // Timers never fire early, so the lower bounds are exact; the upper bounds only prove the
    // cap (without it the last gaps would be 160 and 320 ms) and leave room for a loaded machine.
    const long expected[] = {0, 20, 40, 80, 80, 80};
    for (std::size_t i = 0; i < 6; ++i) EXPECT_GE(gaps[i], expected[i]) << "attempt " << i;
    EXPECT_LT(gaps[4], 150);
    EXPECT_LT(gaps[5], 150);
    EXPECT_NE(rec.closed.back().find("No such file"), std::string::npos);
}

TEST(SerialPort, CloseStopsReopening) {
    asio::io_context io;
    Recorder rec;
    SerialPort port(io, "/nonexistent/ttyVE", rec, SerialOptions{19200, 10ms, 10ms});
    port.start();
    runFor(io, 35ms);
    const auto attempts = rec.closed.size();
    EXPECT_GE(attempts, 2u);
    port.close();
    runFor(io, 50ms);
    EXPECT_EQ(rec.closed.size(), attempts);
}

TEST(SerialPort, DestroyWithOperationsPendingIsSafe) {
    asio::io_context io;
    PtyPair pty;
    ASSERT_TRUE(pty.ok()) << pty.error();
    Recorder rec;
    {
        SerialPort port(io, pty.slavePath(), rec, SerialOptions{19200, 10ms, 10ms});
        ASSERT_FALSE(port.open().has_value());
        port.start();
        port.write(std::string(10000, 'x'));  // a write still in progress
    }
    ASSERT_TRUE(pty.writeAll("late"));
    runFor(io, 30ms);  // aborted completions run after destruction and touch nothing
    EXPECT_TRUE(rec.received.empty());
}

}  // namespace
}  // namespace vreglink::link
