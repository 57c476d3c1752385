#include "ble/cbor_reader.h"

namespace vreglink::ble {
namespace {

constexpr std::uint8_t kBreak = 0xFF;        // major 7, AI 31 (§4.1)
constexpr std::uint8_t kIndefinite = 31;     // AI of an indefinite-length item
constexpr std::uint8_t kFirstReserved = 28;  // AI 28-30 are not well-formed

}  // namespace

const char* cborErrorName(CborError error) {
    switch (error) {
        case CborError::Truncated:
            return "truncated";
        case CborError::WrongType:
            return "wrong_type";
        case CborError::ReservedInfo:
            return "reserved_info";
        case CborError::BadIndefinite:
            return "bad_indefinite";
        case CborError::UnexpectedBreak:
            return "unexpected_break";
        case CborError::BadSimpleValue:
            return "bad_simple_value";
        case CborError::TooDeep:
            return "too_deep";
    }
    return "unknown";
}

bool CborReader::fail(CborError error, std::size_t at) {
    if (!failed_) {
        failed_ = true;
        error_ = error;
        errorOffset_ = at;
        pos_ = at;
    }
    return false;
}

std::optional<CborMajorType> CborReader::peekType() const {
    if (failed_ || atEnd()) return std::nullopt;
    return static_cast<CborMajorType>(input_[pos_] >> 5);
}

bool CborReader::readHead(Head& head) {
    if (failed_) return false;
    const std::size_t start = pos_;
    if (start == input_.size()) return fail(CborError::Truncated, start);
    const std::uint8_t initial = input_[start];
    if (initial == kBreak) return fail(CborError::UnexpectedBreak, start);
    head.type = static_cast<CborMajorType>(initial >> 5);
    head.info = static_cast<std::uint8_t>(initial & 0x1F);
    head.argument = 0;
    std::size_t extra = 0;
    if (head.info < 24) {
        head.argument = head.info;
    } else if (head.info < kFirstReserved) {
        extra = std::size_t{1} << (head.info - 24);  // 1, 2, 4, 8 bytes, big-endian (§4.1)
    } else if (head.info != kIndefinite) {
        return fail(CborError::ReservedInfo, start);
    }
    if (extra > input_.size() - start - 1) return fail(CborError::Truncated, start);
    for (std::size_t i = 1; i <= extra; ++i)
        head.argument = (head.argument << 8) | input_[start + i];
    pos_ = start + 1 + extra;
    return true;
}

std::optional<std::uint64_t> CborReader::readUint() {
    // Fast path: opcodes, instances and small register ids are one byte (`00`-`17`).
    if (!failed_ && pos_ < input_.size() && input_[pos_] < 24) return input_[pos_++];
    const std::size_t start = pos_;
    Head head;
    if (!readHead(head)) return std::nullopt;
    if (head.type != CborMajorType::Unsigned) {
        fail(CborError::WrongType, start);
        return std::nullopt;
    }
    if (head.info == kIndefinite) {
        fail(CborError::BadIndefinite, start);
        return std::nullopt;
    }
    return head.argument;
}

template <typename Sink>
bool CborReader::scanString(const Head& head, std::size_t start, Sink&& sink) {
    const auto take = [&](std::uint64_t length, std::size_t itemStart) {
        if (length > input_.size() - pos_) return fail(CborError::Truncated, itemStart);
        const auto n = static_cast<std::size_t>(length);
        sink(input_.data() + pos_, n);
        pos_ += n;
        return true;
    };
    if (head.info != kIndefinite) return take(head.argument, start);
    // Indefinite: definite chunks of the same major type until the break (§4.1).
    while (true) {
        if (atEnd()) return fail(CborError::Truncated, pos_);
        if (input_[pos_] == kBreak) {
            ++pos_;
            return true;
        }
        const std::size_t chunkStart = pos_;
        Head chunk;
        if (!readHead(chunk)) return false;
        if (chunk.type != head.type || chunk.info == kIndefinite) {
            return fail(CborError::BadIndefinite, chunkStart);
        }
        if (!take(chunk.argument, chunkStart)) return false;
    }
}

template <typename Out>
bool CborReader::readString(CborMajorType type, Out& out) {
    const std::size_t start = pos_;
    Head head;
    if (!readHead(head)) return false;
    if (head.type != type) return fail(CborError::WrongType, start);
    out.clear();
    return scanString(head, start, [&out](const std::uint8_t* p, std::size_t n) {
        out.insert(out.end(), p, p + n);
    });
}

bool CborReader::readByteString(Bytes& out) {
    return readString(CborMajorType::ByteString, out);
}

bool CborReader::readTextString(std::string& out) {
    return readString(CborMajorType::TextString, out);
}

std::optional<CborArray> CborReader::readArray() {
    const std::size_t start = pos_;
    Head head;
    if (!readHead(head)) return std::nullopt;
    if (head.type != CborMajorType::Array) {
        fail(CborError::WrongType, start);
        return std::nullopt;
    }
    if (head.info == kIndefinite) return CborArray{0, true};
    // Every element takes at least one byte: a longer count cannot fit in what is left.
    if (head.argument > input_.size() - pos_) {
        fail(CborError::Truncated, start);
        return std::nullopt;
    }
    return CborArray{head.argument, false};
}

bool CborReader::nextElement(CborArray& array) {
    if (failed_) return false;
    if (!array.indefinite) {
        if (array.remaining == 0) return false;
        --array.remaining;
        return true;
    }
    if (atEnd()) return fail(CborError::Truncated, pos_);
    if (input_[pos_] == kBreak) {
        ++pos_;
        return false;
    }
    return true;
}

bool CborReader::skipItem() {
    return skipItemAt(0);
}

std::optional<ByteView> CborReader::readItemBytes() {
    const std::size_t start = pos_;
    if (!skipItemAt(0)) return std::nullopt;
    return input_.subspan(start, pos_ - start);
}

bool CborReader::skipItemAt(int depth) {
    if (failed_) return false;
    if (depth >= kMaxCborDepth) return fail(CborError::TooDeep, pos_);
    const std::size_t start = pos_;
    Head head;
    if (!readHead(head)) return false;
    switch (head.type) {
        case CborMajorType::Unsigned:
        case CborMajorType::Negative:
            if (head.info == kIndefinite) return fail(CborError::BadIndefinite, start);
            return true;
        case CborMajorType::ByteString:
        case CborMajorType::TextString:
            return scanString(head, start, [](const std::uint8_t*, std::size_t) {});
        case CborMajorType::Array:
        case CborMajorType::Map: {
            const bool isMap = head.type == CborMajorType::Map;
            if (head.info != kIndefinite) {
                // At least one byte per item: reject impossible counts before looping.
                const std::size_t left = input_.size() - pos_;
                if (head.argument > (isMap ? left / 2 : left)) {
                    return fail(CborError::Truncated, start);
                }
                const std::uint64_t items = isMap ? 2 * head.argument : head.argument;
                for (std::uint64_t i = 0; i < items; ++i) {
                    if (!skipItemAt(depth + 1)) return false;
                }
                return true;
            }
            while (true) {
                if (atEnd()) return fail(CborError::Truncated, pos_);
                if (input_[pos_] == kBreak) {
                    ++pos_;
                    return true;
                }
                if (!skipItemAt(depth + 1)) return false;
                if (!isMap) continue;
                if (!atEnd() && input_[pos_] == kBreak) {
                    return fail(CborError::BadIndefinite, pos_);  // a key without a value
                }
                if (!skipItemAt(depth + 1)) return false;
            }
        }
        case CborMajorType::Tag:
            if (head.info == kIndefinite) return fail(CborError::BadIndefinite, start);
            return skipItemAt(depth + 1);
        case CborMajorType::Simple:
            // AI 31 (break) was refused by readHead; AI 25-27 are floats.
            if (head.info == 24 && head.argument < 32) {
                return fail(CborError::BadSimpleValue, start);
            }
            return true;
    }
    return fail(CborError::WrongType, start);
}

}  // namespace vreglink::ble
