// Reads the CBOR (RFC 8949) items the VictronConnect protocol is made of (ble-gatt.md §4.1), one
// item at a time, from a byte view. Pure codec: no allocation except into caller-owned strings,
// no exceptions, never reads outside the view. The first failure is sticky: every later read
// fails too, and error()/errorOffset() say what and where.
#pragma once

#include "core/bytes.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace vreglink::ble {

enum class CborMajorType : std::uint8_t {
    Unsigned = 0,    // opcode, instance, register id, error code
    Negative = 1,    // never seen (§4.1); skipped inside path values
    ByteString = 2,  // register value payloads
    TextString = 3,  // path names of the path API (§4.4.9)
    Array = 4,       // register lists, [reg, value] of Set, device list
    Map = 5,
    Tag = 6,
    Simple = 7,  // false/true/null, floats, and the break byte 0xFF
};

enum class CborError : std::uint8_t {
    Truncated,        // the input ends inside an item (head, content or before a break)
    WrongType,        // a well-formed item, but not of the major type asked for
    ReservedInfo,     // additional info 28-30: not well-formed (RFC 8949 §3)
    BadIndefinite,    // AI 31 on an int or tag, a chunk of an indefinite string that is not a
                      // definite string of the same type, or an odd indefinite map
    UnexpectedBreak,  // a break byte 0xFF where an item must start
    BadSimpleValue,   // a two-byte simple value below 32 (RFC 8949 §3.3)
    TooDeep,          // nesting deeper than kMaxCborDepth while skipping an item
};
inline constexpr std::size_t kCborErrorCount = 7;
// "truncated", "wrong_type", ... (stable: used in logs and counters).
const char* cborErrorName(CborError error);

// Deeper nesting is rejected rather than followed: messages nest one level (§4.4), and a bound
// keeps hostile input from exhausting the stack.
inline constexpr int kMaxCborDepth = 16;

// An array being read: how many elements are left, or "until the break" (§4.1 `9F … FF`).
struct CborArray {
    std::uint64_t remaining = 0;
    bool indefinite = false;
};

class CborReader {
  public:
    explicit CborReader(ByteView input) : input_(input) {}

    std::size_t offset() const { return pos_; }
    bool atEnd() const { return pos_ == input_.size(); }
    ByteView remaining() const { return input_.subspan(pos_); }

    bool failed() const { return failed_; }
    // Meaningful only when failed().
    CborError error() const { return error_; }
    // Where the item that failed starts (the innermost one for nested items).
    std::size_t errorOffset() const { return errorOffset_; }

    // Major type of the next item without consuming it; nullopt at the end or after a failure.
    // The break byte reports Simple.
    std::optional<CborMajorType> peekType() const;

    // Any length form: AI 0-23 immediate, 24/25/26/27 = 1/2/4/8 big-endian bytes (§4.1).
    std::optional<std::uint64_t> readUint();
    // Definite or indefinite (chunks concatenated). Replaces `out`; on failure `out` is
    // unspecified.
    bool readByteString(Bytes& out);
    bool readTextString(std::string& out);
    // The head of an array, definite or indefinite; then call nextElement() before each element.
    std::optional<CborArray> readArray();
    // Whether `array` has another element to read. For an indefinite array it consumes the break
    // at its end; running out of input there is a Truncated failure (returns false).
    bool nextElement(CborArray& array);
    // Skips one complete, well-formed item of any major type (maps, tags, floats included).
    bool skipItem();
    // Skips one item like skipItem() and returns its encoded bytes (a view into the input).
    std::optional<ByteView> readItemBytes();

  private:
    struct Head {
        CborMajorType type = CborMajorType::Unsigned;
        std::uint8_t info = 0;  // additional info, 0-27 or 31
        std::uint64_t argument = 0;
    };

    // Reads the initial byte and its argument at pos_; fails on truncation, reserved info and
    // the break byte. On any failure pos_ is left at the start of the failing item.
    bool readHead(Head& head);
    // The content of a byte or text string whose head was read, definite or chunked; `sink`
    // receives each piece (nothing is copied when skipping).
    template <typename Sink>
    bool scanString(const Head& head, std::size_t start, Sink&& sink);
    template <typename Out>
    bool readString(CborMajorType type, Out& out);
    bool skipItemAt(int depth);
    bool fail(CborError error, std::size_t at);

    ByteView input_;
    std::size_t pos_ = 0;
    bool failed_ = false;
    CborError error_ = CborError::Truncated;
    std::size_t errorOffset_ = 0;
};

}  // namespace vreglink::ble
