#include "vedirect/hex_frame.h"

#include "vedirect/hex_tables.h"

#include <algorithm>
#include <numeric>

namespace vreglink::vedirect {

HexFrame::HexFrame(std::uint8_t command, ByteView payload)
    // A command is one hex digit on the wire (§3.1); mask rather than emit two digits. An
    // oversized payload violates the precondition: it is truncated, never written past the
    // buffer (codecs do not throw).
    : command_(static_cast<std::uint8_t>(command & 0x0F)),
      size_(static_cast<std::uint8_t>(std::min(payload.size(), kMaxHexPayload))) {
    std::copy_n(payload.begin(), size_, payload_.begin());
}

std::optional<HexFrame> HexFrame::make(std::uint8_t command, ByteView payload) {
    if (command > 0x0F || payload.size() > kMaxHexPayload) return std::nullopt;
    return HexFrame(command, payload);
}

bool operator==(const HexFrame& a, const HexFrame& b) {
    const ByteView pa = a.payload();
    const ByteView pb = b.payload();
    return a.command_ == b.command_ && std::equal(pa.begin(), pa.end(), pb.begin(), pb.end());
}

std::uint8_t hexChecksum(std::uint8_t command, ByteView payload) {
    const unsigned sum = std::accumulate(payload.begin(), payload.end(), unsigned{command});
    return static_cast<std::uint8_t>((0x55u - sum) & 0xFFu);
}

void appendHexFrame(std::string& out, const HexFrame& frame) {
    const ByteView payload = frame.payload();
    const std::uint8_t cs = hexChecksum(frame.command(), payload);
    const std::size_t start = out.size();
    // ':' + command digit + 2 digits per byte + 2 checksum digits + '\n'.
    out.resize(start + 5 + 2 * payload.size());
    char* p = out.data() + start;
    *p++ = ':';
    *p++ = detail::kUpperDigits[frame.command() & 0x0F];
    for (const std::uint8_t b : payload) {
        *p++ = detail::kUpperDigits[b >> 4];
        *p++ = detail::kUpperDigits[b & 0x0F];
    }
    *p++ = detail::kUpperDigits[cs >> 4];
    *p++ = detail::kUpperDigits[cs & 0x0F];
    *p = '\n';  // a single '\n', never "\r\n" (§3.1)
}

std::string encodeHexFrame(const HexFrame& frame) {
    std::string out;
    appendHexFrame(out, frame);
    return out;
}

const char* hexFrameErrorName(HexFrameError error) {
    switch (error) {
        case HexFrameError::Empty:
            return "empty";
        case HexFrameError::OddDigits:
            return "odd_digits";
        case HexFrameError::InvalidDigit:
            return "invalid_digit";
        case HexFrameError::TooLong:
            return "too_long";
        case HexFrameError::Checksum:
            return "checksum";
    }
    return "unknown";
}

namespace {

std::optional<HexFrame> fail(HexFrameError* error, HexFrameError e) {
    if (error != nullptr) *error = e;
    return std::nullopt;
}

}  // namespace

std::optional<HexFrame> decodeHexFrame(std::string_view digits, HexFrameError* error) {
    if (digits.empty()) return fail(error, HexFrameError::Empty);
    if (digits.size() > kMaxHexDigits) return fail(error, HexFrameError::TooLong);
    for (const char c : digits) {
        if (detail::kNibble[static_cast<unsigned char>(c)] == detail::kNotHex) {
            return fail(error, HexFrameError::InvalidDigit);
        }
    }
    // After the command digit come whole bytes, the last being the checksum. A lone command
    // digit (":1\n") has no checksum byte: malformed, reported with the odd-digit frames.
    if (digits.size() < 3 || (digits.size() - 1) % 2 != 0) {
        return fail(error, HexFrameError::OddDigits);
    }
    const auto nibble = [&](std::size_t i) {
        return detail::kNibble[static_cast<unsigned char>(digits[i])];
    };
    const std::uint8_t command = nibble(0);
    const std::size_t bytes = (digits.size() - 1) / 2;  // payload + checksum
    std::array<std::uint8_t, kMaxHexPayload + 1> raw{};
    unsigned sum = command;
    for (std::size_t i = 0; i < bytes; ++i) {
        raw[i] = static_cast<std::uint8_t>((nibble(1 + 2 * i) << 4) | nibble(2 + 2 * i));
        sum += raw[i];
    }
    if ((sum & 0xFFu) != 0x55u) return fail(error, HexFrameError::Checksum);
    return HexFrame(command, ByteView(raw.data(), bytes - 1));
}

}  // namespace vreglink::vedirect
