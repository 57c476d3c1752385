// Writes CBOR items the way VictronConnect does (ble-gatt.md §4.1 encoder rule): always the
// shortest head for a number or length, definite-length arrays and strings. The indefinite array
// form exists only because the SmartShunt sends its device list that way (§4.4.2, §5.5 step 3).
#pragma once

#include "core/bytes.h"

#include <cstdint>
#include <string_view>

namespace vreglink::ble {

class CborWriter {
  public:
    explicit CborWriter(Bytes& out) : out_(out) {}

    void writeUint(std::uint64_t value);
    void writeByteString(ByteView bytes);
    void writeTextString(std::string_view text);
    void writeArrayHeader(std::uint64_t count);
    void writeIndefiniteArrayHeader();  // `9F`, closed by writeBreak()
    void writeBreak();                  // `FF`
    // One complete, already encoded item (a path value, §4.4.9), copied as is.
    void writeRaw(ByteView item);

  private:
    void writeHead(std::uint8_t majorType, std::uint64_t argument);

    Bytes& out_;
};

}  // namespace vreglink::ble
