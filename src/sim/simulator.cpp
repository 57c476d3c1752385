#include "sim/simulator.h"

#include "vedirect/hex_frame.h"
#include "vedirect/hex_message.h"
#include "vedirect/text_block.h"

#include <fmt/format.h>

#include <unistd.h>

#include <cstdio>

namespace vreglink::sim {

namespace {

using namespace std::chrono_literals;
constexpr auto kStepInterval = 100ms;
constexpr auto kInputIdleReset = 500ms;                 // §2.3: silence abandons a partial frame
constexpr double kLineBytesPerSecond = 19200.0 / 10.0;  // 8N1 = 10 bits per byte (§1)

const char* commandName(std::size_t cmd) {
    switch (cmd) {
        case 0x0:
            return "enter_boot";
        case 0x1:
            return "ping";
        case 0x3:
            return "app_version";
        case 0x4:
            return "product_id";
        case 0x6:
            return "restart";
        case 0x7:
            return "get";
        case 0x8:
            return "set";
        default:
            return nullptr;
    }
}

bool isHexReject(vedirect::RejectReason reason) {
    using R = vedirect::RejectReason;
    switch (reason) {
        case R::HexChecksum:
        case R::HexOddDigits:
        case R::HexInvalidDigit:
        case R::HexTooLong:
        case R::HexInterrupted:
        case R::HexEmpty:
            return true;
        default:
            return false;  // TEXT rejects, and partial frames cut off by our own reset()
    }
}

}  // namespace

std::string countersJson(const SimCounters& c) {
    std::string out = fmt::format("{{\"hex_frames\":{}", c.hexFrames);
    std::uint64_t other = 0;
    for (std::size_t cmd = 0; cmd < c.byCommand.size(); ++cmd) {
        if (const char* name = commandName(cmd)) {
            out += fmt::format(",\"{}\":{}", name, c.byCommand[cmd]);
        } else {
            other += c.byCommand[cmd];
        }
    }
    out += fmt::format(
        ",\"other\":{},\"frame_errors\":{},\"replies\":{},\"async\":{},\"text_blocks\":{},"
        "\"bytes_sent\":{},\"bytes_dropped\":{}}}",
        other, c.frameErrors, c.replies, c.asyncFrames, c.textBlocks, c.bytesSent, c.bytesDropped);
    return out;
}

Simulator::Simulator(asio::io_context& io, std::unique_ptr<DeviceModel> model, std::string ptyPath,
                     Quirks quirks)
    : io_(io),
      model_(std::move(model)),
      ptyPath_(std::move(ptyPath)),
      quirks_(quirks),
      decoder_(*this),
      textTimer_(io),
      stepTimer_(io),
      replyTimer_(io),
      pacerTimer_(io),
      goneTimer_(io),
      pacer_(kLineBytesPerSecond),
      noise_(quirks.noiseRate, quirks.seed) {}

Simulator::~Simulator() {
    stop();
}

std::optional<std::string> Simulator::start() {
    if (auto error = openPty()) return error;
    running_ = true;
    lastStep_ = Clock::now();
    armStep();
    // First block right away: a product that was already running.
    textTimer_.expires_after(0ms);
    textTimer_.async_wait([this](const std::error_code& ec) {
        if (!ec) onTextTick();
    });
    return std::nullopt;
}

void Simulator::stop() {
    running_ = false;
    textTimer_.cancel();
    stepTimer_.cancel();
    replyTimer_.cancel();
    pacerTimer_.cancel();
    goneTimer_.cancel();
    replyArmed_ = pacerArmed_ = false;
    closePty();
}

std::string Simulator::slavePath() const {
    return pty_ ? pty_->slavePath() : std::string();
}

std::optional<std::string> Simulator::openPty() {
    auto pty = PtyEndpoint::open(ptyPath_);
    if (!pty) return pty.error();
    pty_ = std::move(pty.value());
    // The descriptor gets its own dup: asio closes what it owns, the pty closes the master.
    input_.emplace(io_, ::dup(pty_->masterFd()));
    armRead();
    return std::nullopt;
}

void Simulator::closePty() {
    if (input_) {
        std::error_code ignored;
        input_->cancel(ignored);
        input_->close(ignored);
        input_.reset();
    }
    pty_.reset();  // removes the symlink
    queue_.clear();
    replies_.clear();
    replyTimer_.cancel();
    pacerTimer_.cancel();
    replyArmed_ = pacerArmed_ = false;
    pendingAsync_.clear();
    decoder_.reset();
}

void Simulator::disappear(std::chrono::seconds seconds) {
    if (!running_) return;
    std::fprintf(stderr, "vreg-sim: disappearing from %s for %llds\n", ptyPath_.c_str(),
                 static_cast<long long>(seconds.count()));
    closePty();
    goneTimer_.expires_after(seconds);
    goneTimer_.async_wait([this](const std::error_code& ec) {
        if (ec) return;
        if (auto error = openPty()) {
            std::fprintf(stderr, "vreg-sim: cannot come back: %s; retrying\n", error->c_str());
            disappear(1s);
            return;
        }
        std::fprintf(stderr, "vreg-sim: back on %s -> %s\n", ptyPath_.c_str(),
                     pty_->slavePath().c_str());
        if (reappear_) reappear_(pty_->slavePath());
    });
}

// --- input -------------------------------------------------------------------------------

void Simulator::armRead() {
    if (!input_) return;
    input_->async_wait(asio::posix::stream_descriptor::wait_read,
                       [this](const std::error_code& ec) {
                           if (!ec) onReadable();
                       });
}

void Simulator::onReadable() {
    if (!pty_) return;
    std::array<std::uint8_t, 512> buffer{};
    const auto now = Clock::now();
    if (now - lastInput_ > kInputIdleReset) decoder_.reset();
    lastInput_ = now;
    for (;;) {
        const std::size_t n = pty_->read(buffer);
        if (n == 0) break;
        decoder_.feed(ByteView(buffer.data(), n));
        if (!pty_) return;  // a handler made us disappear
    }
    armRead();
}

void Simulator::onTextBlock(const vedirect::TextBlock& /*block*/) {
    // A host does not send TEXT; nothing to do.
}

void Simulator::onHexFrame(const vedirect::HexFrame& frame) {
    ++counters_.hexFrames;
    ++counters_.byCommand[frame.command() & 0x0F];
    if (quirks_.silent) return;  // like a broken RX line: nothing arrives, nothing is applied
    const auto now = Clock::now();
    if (quirks_.legacyTextPause.count() > 0) textPausedUntil_ = now + quirks_.legacyTextPause;
    if (frame.command() == static_cast<std::uint8_t>(vedirect::HexCommand::Restart)) {
        textPausedUntil_ = now;  // C22: the product reboots and resumes TEXT
    }
    for (const auto& response : model_->handleFrame(frame)) {
        scheduleReply(vedirect::encodeHexFrame(response));
    }
}

void Simulator::onRejected(vedirect::RejectReason reason) {
    if (!isHexReject(reason)) return;
    ++counters_.frameErrors;
    if (quirks_.silent) return;
    scheduleReply(vedirect::encodeHexFrame(vedirect::makeFrameErrorResponse()));
}

// --- replies -------------------------------------------------------------------------------

void Simulator::scheduleReply(std::string bytes) {
    replies_.emplace_back(Clock::now() + quirks_.replyDelay, std::move(bytes));
    armReply();
}

void Simulator::armReply() {
    if (replyArmed_ || replies_.empty()) return;
    replyArmed_ = true;
    replyTimer_.expires_at(replies_.front().first);
    replyTimer_.async_wait([this](const std::error_code& ec) {
        if (ec) return;
        replyArmed_ = false;
        const auto now = Clock::now();
        while (!replies_.empty() && replies_.front().first <= now) {
            ++counters_.replies;
            enqueueHex(std::move(replies_.front().second));
            replies_.pop_front();
        }
        armReply();
    });
}

void Simulator::enqueueHex(std::string bytes) {
    if (!outputEnabled()) return;
    // Legacy firmware may answer inside a block (§3.4); modern firmware waits for its end.
    queue_.pushHex(std::move(bytes), quirks_.legacyTextPause.count() > 0);
    kickOutput();
}

// --- TEXT and simulation ---------------------------------------------------------------------

void Simulator::armText() {
    textTimer_.expires_after(quirks_.textInterval);
    textTimer_.async_wait([this](const std::error_code& ec) {
        if (!ec) onTextTick();
    });
}

bool Simulator::outputEnabled() const {
    return pty_ != nullptr && model_->serialTxEnabled();
}

void Simulator::onTextTick() {
    armText();
    const bool paused = Clock::now() < textPausedUntil_;
    if (!quirks_.text || paused || !outputEnabled()) return;
    auto blocks = model_->textBlocks();
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        std::string bytes = vedirect::encodeTextBlock(blocks[i]);
        if (i + 1 == blocks.size() && quirks_.asyncAfterChecksum) {
            // T10b: ':A…' right after the checksum byte, no "\r\n" between.
            for (const auto& frame : pendingAsync_) vedirect::appendHexFrame(bytes, frame);
            counters_.asyncFrames += pendingAsync_.size();
            pendingAsync_.clear();
        }
        ++counters_.textBlocks;
        queue_.pushText(std::move(bytes));
    }
    kickOutput();
}

void Simulator::armStep() {
    stepTimer_.expires_after(kStepInterval);
    stepTimer_.async_wait([this](const std::error_code& ec) {
        if (!ec) onStepTick();
    });
}

void Simulator::onStepTick() {
    armStep();
    const auto now = Clock::now();
    model_->step(std::chrono::duration_cast<std::chrono::milliseconds>(now - lastStep_));
    lastStep_ = now;
    auto frames = model_->takeAsyncFrames();
    if (!outputEnabled()) return;
    const bool glue = quirks_.asyncAfterChecksum && quirks_.text && now >= textPausedUntil_;
    for (auto& frame : frames) {
        if (glue) {
            pendingAsync_.push_back(frame);
        } else {
            ++counters_.asyncFrames;
            queue_.pushHex(vedirect::encodeHexFrame(frame), quirks_.legacyTextPause.count() > 0);
        }
    }
    kickOutput();
}

}  // namespace vreglink::sim
