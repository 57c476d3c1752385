// Test support: a scripted VE.Direct device on the master side of a real pty, on the same
// io_context as the code under test. It decodes requests with the real StreamDecoder and answers
// with frames built by hex_message.h, with knobs for the failure modes of vedirect.md §3.
#pragma once

#include "core/bytes.h"
#include "pty_pair.h"
#include "vedirect/hex_frame.h"
#include "vedirect/stream_decoder.h"

#include <asio/io_context.hpp>
#include <asio/posix/stream_descriptor.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace vreglink::testing {

struct PeerScript {
    std::chrono::milliseconds delay{0};  // between a request's '\n' and the answer
    bool answerNothing = false;          // a dead device
    unsigned frameErrorsNext = 0;        // answer this many requests with ":4AAAAFD"
    std::string beforeAnswer;            // raw bytes sent just before every answer
};

class PtyPeer final : public vedirect::StreamHandler {
  public:
    explicit PtyPeer(asio::io_context& io);
    ~PtyPeer() override;

    bool ok() const { return pty_.ok(); }
    const std::string& slavePath() const { return pty_.slavePath(); }

    // Sends raw bytes now (TEXT blocks, async frames, garbage).
    void send(std::string_view bytes);
    // Cable pulled: closes the master; the device side reads EOF/EIO.
    void pullCable();

    PeerScript script;
    // The default device model: GET answers from `registers`, SET stores and echoes, per-register
    // device flags from `flags` (no value bytes then, §3.3), ping/app version/product id.
    std::map<std::uint16_t, Bytes> registers;
    std::map<std::uint16_t, std::uint8_t> flags;
    std::uint16_t version = 0x4161;
    std::uint16_t productId = 0xA056;
    // Overrides the model: returns the raw answer bytes, or nullopt for no answer.
    std::function<std::optional<std::string>(const vedirect::HexFrame&)> responder;

    // Observations.
    std::vector<vedirect::HexFrame> requests;
    unsigned overlaps = 0;  // requests received while an answer to an earlier one was still due
    std::uint64_t rejected = 0;

  private:
    void onTextBlock(const vedirect::TextBlock&) override {}
    void onHexFrame(const vedirect::HexFrame& frame) override;
    void onRejected(vedirect::RejectReason) override { ++rejected; }
    void startRead();
    std::optional<std::string> modelAnswer(const vedirect::HexFrame& request);

    asio::io_context& io_;
    PtyPair pty_;
    asio::posix::stream_descriptor stream_;
    vedirect::StreamDecoder decoder_;
    std::array<std::uint8_t, 1024> buffer_{};
    unsigned answersDue_ = 0;
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

}  // namespace vreglink::testing
