// Splits an outgoing transfer into chunks (ble-gatt.md §5.2): at most ATT_MTU - 3 bytes each,
// cut at any byte (mid-message splits are normal, §2.2), every chunk but the last on MORE, the
// last on LAST; a transfer that fits in one chunk goes on LAST alone.
#pragma once

#include "ble/chunk.h"
#include "core/bytes.h"

#include <cstddef>
#include <vector>

namespace vreglink::ble {

// The smallest ATT MTU of Bluetooth LE, and what a 2021 SmartShunt negotiates (§1.3): 20-byte
// chunks. Newer devices allow more; never assume 20.
inline constexpr std::size_t kMinAttMtu = 23;
// ATT notification/write-command header: opcode + handle.
inline constexpr std::size_t kAttHeader = 3;

class Chunker {
  public:
    // An MTU below kMinAttMtu cannot have been negotiated; it is treated as kMinAttMtu.
    explicit Chunker(std::size_t attMtu = kMinAttMtu);

    std::size_t chunkSize() const { return chunkSize_; }
    std::size_t chunkCount(std::size_t transferSize) const;

    // Views into `transfer`, in sending order. An empty transfer has no chunks.
    std::vector<Chunk> split(ByteView transfer) const;

  private:
    std::size_t chunkSize_;
};

}  // namespace vreglink::ble
