#include "vedirect/stream_decoder.h"

#include "vedirect/hex_tables.h"

#include <cstring>

namespace vreglink::vedirect {
namespace {

// Bytes that end a run of label or value characters (§2.1 framing, §2.2 trap 2).
constexpr std::array<bool, 256> kTextDelimiter = [] {
    std::array<bool, 256> t{};
    t['\r'] = t['\n'] = t['\t'] = t[':'] = true;
    return t;
}();

constexpr char kChecksumLabel[] = {'C', 'h', 'e', 'c', 'k', 's', 'u', 'm'};
static_assert(sizeof kChecksumLabel == kMaxLabelLength);

RejectReason rejectFor(HexFrameError error) {
    switch (error) {
        case HexFrameError::Empty:
            return RejectReason::HexEmpty;
        case HexFrameError::OddDigits:
            return RejectReason::HexOddDigits;
        case HexFrameError::InvalidDigit:
            return RejectReason::HexInvalidDigit;
        case HexFrameError::TooLong:
            return RejectReason::HexTooLong;
        case HexFrameError::Checksum:
            return RejectReason::HexChecksum;
    }
    return RejectReason::HexInvalidDigit;
}

}  // namespace

StreamDecoder::StreamDecoder(StreamHandler& handler) : handler_(handler) {}

bool StreamDecoder::inBlock(State s) {
    return s == State::Label || s == State::Value || s == State::ValueCr || s == State::Checksum;
}

void StreamDecoder::reject(RejectReason reason) {
    ++counters_.rejected[static_cast<std::size_t>(reason)];
    handler_.onRejected(reason);
}

void StreamDecoder::rejectText(RejectReason reason, State next) {
    state_ = next;
    reject(reason);
}

void StreamDecoder::startHex(State saved) {
    savedState_ = saved;
    hexLength_ = 0;
    state_ = State::Hex;
}

void StreamDecoder::abandonHex(RejectReason reason) {
    state_ = savedState_;
    reject(reason);
}

void StreamDecoder::endHex() {
    state_ = savedState_;
    HexFrameError error{};
    const auto frame = decodeHexFrame(std::string_view(hex_.data(), hexLength_), &error);
    if (!frame) {
        reject(rejectFor(error));
        return;
    }
    ++counters_.hexFrames;
    handler_.onHexFrame(*frame);
}

void StreamDecoder::deliverBlock() {
    ++counters_.textBlocks;
    handler_.onTextBlock(TextBlock{std::span<const TextField>(fields_.data(), fieldCount_)});
}

void StreamDecoder::completeField() {
    fields_[fieldCount_] = TextField{std::string_view(labels_[fieldCount_].data(), labelLength_),
                                     std::string_view(values_[fieldCount_].data(), valueLength_)};
    ++fieldCount_;
    labelLength_ = 0;
    state_ = State::Label;
}

void StreamDecoder::reset() {
    const bool inHex = state_ == State::Hex || state_ == State::HexCr;
    // A frame in HexDiscard was already counted as HexTooLong; the block around any frame is
    // the saved TEXT state.
    const bool blockOpen = inBlock(inHex || state_ == State::HexDiscard ? savedState_ : state_);
    state_ = State::Idle;
    if (inHex) reject(RejectReason::HexTruncated);
    if (blockOpen) reject(RejectReason::TextTruncated);
}

void StreamDecoder::feed(ByteView bytes) {
    counters_.bytes += bytes.size();
    run(bytes.data(), bytes.data() + bytes.size());
}

// One tight switch on the state; the label, value, HEX and idle states consume whole runs of
// ordinary bytes in inner loops with the hot variables in locals (stores into the char buffers
// would otherwise force reloads of the members they may alias). The common field sequence
// label TAB value CR LF jumps straight between the label and value loops ("goto label/value")
// instead of going back through the switch for every delimiter.
void StreamDecoder::run(const std::uint8_t* p, const std::uint8_t* const end) {
    while (p != end) {
        switch (state_) {
            case State::Idle: {
                // Between blocks only '\r' (a block's leading "\r\n") and ':' matter. Line noise
                // is skipped without touching the sum, so it cannot spoil the next block.
                while (p != end && *p != '\r' && *p != ':') ++p;
                if (p == end) return;
                if (*p++ == '\r') {
                    state_ = State::IdleCr;
                } else {
                    startHex(State::Idle);
                }
                break;
            }
            case State::IdleCr: {
                const std::uint8_t c = *p++;
                if (c == '\n') {
                    // A block starts; its sum starts with its own "\r\n" (§2.2).
                    sum_ = '\r' + '\n';
                    fieldCount_ = 0;
                    labelLength_ = 0;
                    state_ = State::Label;
                    goto label;
                } else if (c == ':') {
                    startHex(State::IdleCr);
                } else if (c != '\r') {
                    state_ = State::Idle;
                }
                break;
            }
            case State::Label:
            label : {
                char* const label = labels_[fieldCount_].data();
                std::size_t len = labelLength_;
                std::uint32_t sum = sum_;
                while (p != end && !kTextDelimiter[*p] && len != kMaxLabelLength) {
                    label[len++] = static_cast<char>(*p);
                    sum += *p++;
                }
                labelLength_ = static_cast<std::uint8_t>(len);
                sum_ = sum;
                if (p == end) return;
                const std::uint8_t c = *p++;
                if (!kTextDelimiter[c]) {
                    rejectText(RejectReason::TextLabelTooLong, State::Idle);
                } else if (c == '\t') {
                    if (len == 0) {
                        rejectText(RejectReason::TextMalformed, State::Idle);
                    } else if (len == kMaxLabelLength &&
                               std::memcmp(label, kChecksumLabel, kMaxLabelLength) == 0) {
                        sum_ += c;
                        state_ = State::Checksum;
                    } else if (fieldCount_ == kMaxFieldsPerBlock) {
                        rejectText(RejectReason::TextTooManyFields, State::Idle);
                    } else {
                        sum_ += c;
                        valueLength_ = 0;
                        state_ = State::Value;
                        goto value;
                    }
                } else if (c == ':') {
                    startHex(State::Label);
                } else {
                    // CR or LF inside a label. A '\r' may be the start of the next block.
                    rejectText(RejectReason::TextMalformed,
                               c == '\r' ? State::IdleCr : State::Idle);
                }
                break;
            }
            case State::Value:
            value : {
                char* const value = values_[fieldCount_].data();
                std::size_t len = valueLength_;
                std::uint32_t sum = sum_;
                while (p != end && !kTextDelimiter[*p] && len != kMaxValueLength) {
                    value[len++] = static_cast<char>(*p);
                    sum += *p++;
                }
                valueLength_ = static_cast<std::uint8_t>(len);
                sum_ = sum;
                if (p == end) return;
                const std::uint8_t c = *p++;
                if (!kTextDelimiter[c]) {
                    rejectText(RejectReason::TextValueTooLong, State::Idle);
                } else if (c == '\r') {
                    sum_ += c;
                    if (p != end && *p == '\n') {  // the usual "\r\n": straight to the next label
                        sum_ += *p++;
                        completeField();
                        goto label;
                    }
                    state_ = State::ValueCr;
                } else if (c == ':') {
                    startHex(State::Value);
                } else {
                    rejectText(RejectReason::TextMalformed, State::Idle);  // TAB or bare LF
                }
                break;
            }
            case State::ValueCr: {
                const std::uint8_t c = *p++;
                if (c == '\n') {
                    sum_ += c;
                    completeField();
                } else if (c == ':') {
                    startHex(State::ValueCr);
                } else {
                    rejectText(RejectReason::TextMalformed,
                               c == '\r' ? State::IdleCr : State::Idle);
                }
                break;
            }
            case State::Checksum: {
                // Exactly one raw byte, whatever it is: ':' '\r' '\n' included (§2.2 trap 1).
                // Evaluated at once, so a HEX frame may follow immediately (§2.2 trap 3).
                sum_ += *p++;
                state_ = State::Idle;
                if (fieldCount_ == 0) {
                    reject(RejectReason::TextMalformed);  // block := field+ checksum (§2.1)
                } else if ((sum_ & 0xFFu) != 0) {
                    reject(RejectReason::TextChecksum);
                } else {
                    deliverBlock();
                }
                break;
            }
            case State::Hex: {
                // HEX bytes never touch the TEXT sum (§2.2 trap 2).
                std::size_t len = hexLength_;
                while (p != end && detail::kNibble[*p] != detail::kNotHex && len != kMaxHexDigits) {
                    hex_[len++] = static_cast<char>(*p++);
                }
                hexLength_ = static_cast<std::uint8_t>(len);
                if (p == end) return;
                const std::uint8_t c = *p++;
                if (detail::kNibble[c] != detail::kNotHex) {
                    // Over-long: resync on the next ':' or '\n' (§2.4).
                    state_ = State::HexDiscard;
                    reject(RejectReason::HexTooLong);
                } else if (c == '\n') {
                    endHex();
                } else if (c == '\r') {
                    state_ = State::HexCr;
                } else if (c == ':') {
                    // Nested/garbled frame (OpenDTU #1585/#1810): drop it, start a new one.
                    startHex(savedState_);
                    reject(RejectReason::HexInterrupted);
                } else {
                    // E.g. 0xFE instead of '\n' after a valid frame (OpenDTU #1585): the byte
                    // stood in for the terminator, so it is dropped and TEXT resumes; a block
                    // around the frame still verifies.
                    abandonHex(RejectReason::HexInvalidDigit);
                }
                break;
            }
            case State::HexCr: {
                const std::uint8_t c = *p;
                if (c == '\n') {
                    ++p;
                    endHex();  // "\r\n" terminator tolerated (§2.4), never sent
                } else if (c == ':') {
                    ++p;
                    startHex(savedState_);
                    reject(RejectReason::HexInterrupted);
                } else {
                    // The '\r' was not a stray before '\n': the frame is broken. Hand the '\r'
                    // to TEXT (it may begin the next "\r\n") and reprocess this byte there.
                    abandonHex(RejectReason::HexInvalidDigit);
                    static constexpr std::uint8_t kCr = '\r';
                    run(&kCr, &kCr + 1);  // a TEXT state: cannot come back here
                }
                break;
            }
            case State::HexDiscard: {
                while (p != end && *p != ':' && *p != '\n') ++p;
                if (p == end) return;
                if (*p++ == ':') {
                    startHex(savedState_);
                } else {
                    state_ = savedState_;
                }
                break;
            }
        }
    }
}

}  // namespace vreglink::vedirect
