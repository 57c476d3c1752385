// Runs a DeviceModel behind a pty on an asio::io_context (vedirect.md §4): TEXT blocks every
// interval, HEX requests parsed with the real StreamDecoder and answered after the reply delay,
// async frames, output paced at 1920 bytes/s, plus the fault knobs of Quirks. One thread.
#pragma once

#include "sim/device_model.h"
#include "sim/line_noise.h"
#include "sim/output_queue.h"
#include "sim/pacer.h"
#include "sim/pty_endpoint.h"
#include "sim/quirks.h"
#include "vedirect/stream_decoder.h"

#include <asio/io_context.hpp>
#include <asio/posix/stream_descriptor.hpp>
#include <asio/steady_timer.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace vreglink::sim {

struct SimCounters {
    std::uint64_t hexFrames = 0;                // valid HEX frames received
    std::array<std::uint64_t, 16> byCommand{};  // ... by command nibble
    std::uint64_t frameErrors = 0;              // answered (or not, when silent) ':4AAAAFD'
    std::uint64_t replies = 0;
    std::uint64_t asyncFrames = 0;
    std::uint64_t textBlocks = 0;
    std::uint64_t bytesSent = 0;     // accepted by the pty
    std::uint64_t bytesDropped = 0;  // lost: nobody reading, or gone
};
// {"hex_frames":3,"ping":1,...}: the control socket's `frames` answer.
std::string countersJson(const SimCounters& counters);

class Simulator : private vedirect::StreamHandler {
  public:
    using Clock = std::chrono::steady_clock;

    Simulator(asio::io_context& io, std::unique_ptr<DeviceModel> model, std::string ptyPath,
              Quirks quirks);
    ~Simulator() override;
    Simulator(const Simulator&) = delete;
    Simulator& operator=(const Simulator&) = delete;

    // Opens the pty and starts the timers; an error message on failure.
    std::optional<std::string> start();
    // Stops everything and removes the symlink.
    void stop();

    DeviceModel& model() { return *model_; }
    const Quirks& quirks() const { return quirks_; }
    const SimCounters& counters() const { return counters_; }
    const std::string& ptyPath() const { return ptyPath_; }
    // "/dev/pts/N", empty while gone.
    std::string slavePath() const;

    void setSilent(bool silent) { quirks_.silent = silent; }
    bool silent() const { return quirks_.silent; }
    void setText(bool on) { quirks_.text = on; }
    void setNoise(double rate) { noise_.setRate(rate); }
    // Closes the pty and removes the symlink; a NEW pty comes back after `seconds`.
    void disappear(std::chrono::seconds seconds);
    bool gone() const { return pty_ == nullptr; }
    // Called with the new slave path each time the pty comes back.
    void onReappear(std::function<void(const std::string&)> callback) {
        reappear_ = std::move(callback);
    }

  private:
    // vedirect::StreamHandler
    void onTextBlock(const vedirect::TextBlock& block) override;
    void onHexFrame(const vedirect::HexFrame& frame) override;
    void onRejected(vedirect::RejectReason reason) override;

    std::optional<std::string> openPty();
    void closePty();
    void armRead();
    void onReadable();
    void armText();
    void onTextTick();
    void armStep();
    void onStepTick();
    void scheduleReply(std::string bytes);
    void armReply();
    void enqueueHex(std::string bytes);
    void kickOutput();
    void onPacerTick();
    void send(const std::string& bytes);
    bool outputEnabled() const;

    asio::io_context& io_;
    std::unique_ptr<DeviceModel> model_;
    std::string ptyPath_;
    Quirks quirks_;

    std::unique_ptr<PtyEndpoint> pty_;
    std::optional<asio::posix::stream_descriptor> input_;
    vedirect::StreamDecoder decoder_;
    Clock::time_point lastInput_{};

    asio::steady_timer textTimer_;
    asio::steady_timer stepTimer_;
    asio::steady_timer replyTimer_;
    asio::steady_timer pacerTimer_;
    asio::steady_timer goneTimer_;
    bool replyArmed_ = false;
    bool pacerArmed_ = false;
    bool running_ = false;
    Clock::time_point lastStep_{};
    Clock::time_point textPausedUntil_{};

    std::deque<std::pair<Clock::time_point, std::string>> replies_;
    std::vector<vedirect::HexFrame> pendingAsync_;  // --async-after-checksum: wait for a block
    OutputQueue queue_;
    Pacer pacer_;
    LineNoise noise_;
    SimCounters counters_;
    std::function<void(const std::string&)> reappear_;
};

}  // namespace vreglink::sim
