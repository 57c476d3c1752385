// The VE.Direct receive path as one pure state machine over bytes (vedirect.md §2.3, §2.2, §3.1):
// TEXT blocks with HEX frames between, inside and right after them. No I/O, no clock: the link
// feeds bytes and calls reset() after ~500 ms of silence.
#pragma once

#include "core/bytes.h"
#include "vedirect/hex_frame.h"
#include "vedirect/text_block.h"

#include <array>
#include <cstdint>

namespace vreglink::vedirect {

// Why a block or frame was dropped. Every rejection is counted; nothing rejected is delivered.
enum class RejectReason : std::uint8_t {
    TextChecksum,       // block sum != 0 mod 256
    TextLabelTooLong,   // label > kMaxLabelLength
    TextValueTooLong,   // value > kMaxValueLength
    TextTooManyFields,  // > kMaxFieldsPerBlock
    TextMalformed,      // unexpected byte for the state (e.g. CR/LF inside a label)
    TextTruncated,      // partial block abandoned by reset() (silence, reopen)
    HexChecksum,        // HexFrameError::Checksum
    HexOddDigits,       // HexFrameError::OddDigits
    HexInvalidDigit,    // non-hex character inside a frame
    HexTooLong,         // more than kMaxHexDigits before '\n'
    HexInterrupted,     // a ':' before the '\n': partial frame dropped, new one started
    HexEmpty,           // ':' immediately followed by '\n'
    HexTruncated,       // partial frame abandoned by reset()
};
inline constexpr std::size_t kRejectReasonCount = 13;
// "text_checksum", "hex_interrupted", ... (stable: used in JSON output and counters).
const char* rejectReasonName(RejectReason reason);

struct DecoderCounters {
    std::uint64_t bytes = 0;
    std::uint64_t textBlocks = 0;
    std::uint64_t hexFrames = 0;
    std::array<std::uint64_t, kRejectReasonCount> rejected{};

    std::uint64_t rejectedTotal() const;
    std::uint64_t count(RejectReason r) const { return rejected[static_cast<std::size_t>(r)]; }
};

class StreamHandler {
  public:
    virtual ~StreamHandler() = default;
    virtual void onTextBlock(const TextBlock& block) = 0;
    virtual void onHexFrame(const HexFrame& frame) = 0;
    virtual void onRejected(RejectReason /*reason*/) {}
};

class StreamDecoder {
  public:
    explicit StreamDecoder(StreamHandler& handler);

    // Feeds received bytes; handler callbacks run synchronously from inside feed(). Not
    // reentrant: a handler must not call feed() (it may call reset()).
    void feed(ByteView bytes);
    // Abandons a partial block/frame (counted as *Truncated) and returns to idle.
    void reset();

    const DecoderCounters& counters() const { return counters_; }

  private:
    // TEXT states (§2.3) and HEX states (§3.1). A ':' in any TEXT state but Checksum saves the
    // TEXT state in savedState_ and enters Hex; the frame's end restores it (§2.2 trap 2).
    enum class State : std::uint8_t {
        Idle,        // between blocks: waiting for "\r\n"
        IdleCr,      // saw '\r' between blocks
        Label,       // inside a label
        Value,       // inside a value
        ValueCr,     // saw the '\r' ending a value
        Checksum,    // after "Checksum\t": the next byte, whatever it is, is the checksum
        Hex,         // inside a HEX frame
        HexCr,       // a '\r' inside a HEX frame: tolerated right before '\n'
        HexDiscard,  // an over-long frame: dropping bytes until ':' or '\n'
    };

    void run(const std::uint8_t* p, const std::uint8_t* end);
    void startHex(State saved);
    void endHex();
    void abandonHex(RejectReason reason);
    void rejectText(RejectReason reason, State next);
    void reject(RejectReason reason);
    void deliverBlock();
    void completeField();
    static bool inBlock(State s);

    // Fixed-size buffers only: no allocation per byte or per block (target >= 300 MB/s).
    StreamHandler& handler_;
    DecoderCounters counters_;

    State state_ = State::Idle;
    State savedState_ = State::Idle;
    std::uint32_t sum_ = 0;  // TEXT sum from the block's own leading "\r\n" (§2.2), mod 2^32
    std::uint8_t fieldCount_ = 0;
    std::uint8_t labelLength_ = 0;
    std::uint8_t valueLength_ = 0;
    std::uint8_t hexLength_ = 0;
    // One spare label slot: "Checksum" may follow the 22nd field.
    std::array<std::array<char, kMaxLabelLength>, kMaxFieldsPerBlock + 1> labels_{};
    std::array<std::array<char, kMaxValueLength>, kMaxFieldsPerBlock> values_{};
    std::array<TextField, kMaxFieldsPerBlock> fields_{};
    std::array<char, kMaxHexDigits> hex_{};
};

}  // namespace vreglink::vedirect
