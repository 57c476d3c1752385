#include "ble/chunker.h"

#include <algorithm>

namespace vreglink::ble {

Chunker::Chunker(std::size_t attMtu) : chunkSize_(std::max(attMtu, kMinAttMtu) - kAttHeader) {}

std::size_t Chunker::chunkCount(std::size_t transferSize) const {
    return (transferSize + chunkSize_ - 1) / chunkSize_;
}

std::vector<Chunk> Chunker::split(ByteView transfer) const {
    std::vector<Chunk> chunks;
    chunks.reserve(chunkCount(transfer.size()));
    for (std::size_t pos = 0; pos < transfer.size(); pos += chunkSize_) {
        const std::size_t n = std::min(chunkSize_, transfer.size() - pos);
        const bool last = pos + n == transfer.size();
        chunks.push_back({last ? ChunkKind::Last : ChunkKind::More, transfer.subspan(pos, n)});
    }
    return chunks;
}

}  // namespace vreglink::ble
