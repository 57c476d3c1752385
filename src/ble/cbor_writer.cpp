#include "ble/cbor_writer.h"

namespace vreglink::ble {
namespace {

constexpr std::uint8_t kUnsigned = 0;
constexpr std::uint8_t kByteString = 2;
constexpr std::uint8_t kTextString = 3;
constexpr std::uint8_t kArray = 4;

}  // namespace

void CborWriter::writeHead(std::uint8_t majorType, std::uint64_t argument) {
    const auto initial = [majorType](std::uint8_t info) {
        return static_cast<std::uint8_t>((majorType << 5) | info);
    };
    // Shortest form (§4.1): AI 0-23 immediate, then 1, 2, 4, 8 big-endian bytes.
    int bytes = 0;
    if (argument < 24) {
        out_.push_back(initial(static_cast<std::uint8_t>(argument)));
        return;
    } else if (argument <= 0xFF) {
        out_.push_back(initial(24));
        bytes = 1;
    } else if (argument <= 0xFFFF) {
        out_.push_back(initial(25));
        bytes = 2;
    } else if (argument <= 0xFFFFFFFF) {
        out_.push_back(initial(26));
        bytes = 4;
    } else {
        out_.push_back(initial(27));
        bytes = 8;
    }
    for (int i = bytes - 1; i >= 0; --i) {
        out_.push_back(static_cast<std::uint8_t>(argument >> (8 * i)));
    }
}

void CborWriter::writeUint(std::uint64_t value) {
    writeHead(kUnsigned, value);
}

void CborWriter::writeByteString(ByteView bytes) {
    writeHead(kByteString, bytes.size());
    out_.insert(out_.end(), bytes.begin(), bytes.end());
}

void CborWriter::writeTextString(std::string_view text) {
    writeHead(kTextString, text.size());
    out_.insert(out_.end(), text.begin(), text.end());
}

void CborWriter::writeArrayHeader(std::uint64_t count) {
    writeHead(kArray, count);
}

void CborWriter::writeIndefiniteArrayHeader() {
    out_.push_back(0x9F);
}

void CborWriter::writeBreak() {
    out_.push_back(0xFF);
}

void CborWriter::writeRaw(ByteView item) {
    out_.insert(out_.end(), item.begin(), item.end());
}

}  // namespace vreglink::ble
