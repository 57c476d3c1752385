// One VE.Direct HEX frame (vedirect.md §3.1): ':' <command nibble> <payload bytes as hex>
// <checksum> '\n'. Pure codec: no I/O, no clock, no exceptions; bad input yields an error value.
#pragma once

#include "core/bytes.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vreglink::vedirect {

// Host -> device commands (§3.2).
enum class HexCommand : std::uint8_t {
    EnterBoot = 0x0,
    Ping = 0x1,
    AppVersion = 0x3,
    ProductId = 0x4,
    Restart = 0x6,
    Get = 0x7,
    Set = 0x8,
};

// Device -> host response codes (§3.2).
enum class HexResponse : std::uint8_t {
    Done = 0x1,
    Unknown = 0x3,
    Error = 0x4,
    Ping = 0x5,
    Get = 0x7,
    Set = 0x8,
    Async = 0xA,
};

// Largest payload (bytes after the command nibble, before the checksum) we accept or send.
// The biggest standard payloads are 3 + 34 bytes (history records); krahabb caps at 64 raw bytes
// (§3.1 "practical maximum"), which also covers 24-byte serials and long model names.
inline constexpr std::size_t kMaxHexPayload = 64;
// Hex digits between ':' and '\n': command nibble + payload + checksum.
inline constexpr std::size_t kMaxHexDigits = 1 + 2 * kMaxHexPayload + 2;

class HexFrame {
  public:
    HexFrame() = default;
    // Precondition: payload.size() <= kMaxHexPayload (use make() when unsure).
    HexFrame(std::uint8_t command, ByteView payload);
    static std::optional<HexFrame> make(std::uint8_t command, ByteView payload);

    std::uint8_t command() const { return command_; }
    ByteView payload() const { return {payload_.data(), size_}; }

    friend bool operator==(const HexFrame& a, const HexFrame& b);

  private:
    std::uint8_t command_ = 0;
    std::uint8_t size_ = 0;
    std::array<std::uint8_t, kMaxHexPayload> payload_{};
};

// checksum = (0x55 - command - sum(payload)) & 0xFF, so that everything sums to 0x55 (§3.1).
std::uint8_t hexChecksum(std::uint8_t command, ByteView payload);

// ":7F0ED0071\n" — upper case, single '\n' terminator, as devices send and expect.
void appendHexFrame(std::string& out, const HexFrame& frame);
std::string encodeHexFrame(const HexFrame& frame);

enum class HexFrameError : std::uint8_t {
    Empty,         // ":\n" — no command digit
    OddDigits,     // payload+checksum digits not a whole number of bytes
    InvalidDigit,  // a character that is not a hex digit
    TooLong,       // more than kMaxHexDigits digits
    Checksum,      // sum != 0x55
};
const char* hexFrameErrorName(HexFrameError error);

// Decodes the digits between ':' and '\n' (both excluded; a stray '\r' before '\n' must already
// be stripped). Accepts upper and lower case (§2.4 "decoder edge cases").
std::optional<HexFrame> decodeHexFrame(std::string_view digits, HexFrameError* error = nullptr);

}  // namespace vreglink::vedirect
