#include "ble/transfer_assembler.h"

namespace vreglink::ble {

TransferAssembler::TransferAssembler(TransferHandler& handler, AssemblerConfig config)
    : handler_(handler), config_(config) {}

void TransferAssembler::drop(DropReason reason, ByteView bytes) {
    ++counters_.dropped[static_cast<std::size_t>(reason)];
    handler_.onDropped(reason, bytes);
}

void TransferAssembler::complete(ByteView transfer) {
    decodeTransfer(transfer, decoded_);
    ++counters_.transfers;
    counters_.messages += decoded_.messages.size();
    if (decoded_.paddingBytes != 0) ++counters_.paddedTransfers;
    handler_.onTransfer(decoded_);
    if (decoded_.error) {
        drop(dropReasonFor(decoded_.error->reason),
             transfer.subspan(decoded_.error->messageOffset));
    }
}

void TransferAssembler::feed(ChunkKind kind, ByteView chunk,
                             std::chrono::steady_clock::time_point now) {
    ++counters_.chunks;
    counters_.bytes += chunk.size();

    // §5.1 step 1, applied to LAST too (the §6.5 policy choice): a partial transfer that has
    // been idle too long lost its LAST; it must not be glued to the front of this chunk.
    if (hasPartialTransfer() && now - lastChunk_ > config_.staleAfter) {
        if (!discarding_) drop(DropReason::Stale, buffer_);  // a discard was counted already
        buffer_.clear();
        discarding_ = false;
    }
    lastChunk_ = now;

    if (discarding_) {
        // Resync at LAST (§5.1 step 2): the transfer after it starts clean.
        if (kind == ChunkKind::Last) discarding_ = false;
        return;
    }
    if (buffer_.size() + chunk.size() > config_.maxTransferSize) {
        drop(DropReason::TooLarge, buffer_);
        buffer_.clear();
        discarding_ = kind == ChunkKind::More;
        return;
    }
    if (kind == ChunkKind::More) {
        buffer_.insert(buffer_.end(), chunk.begin(), chunk.end());
        return;
    }
    if (buffer_.empty()) {
        complete(chunk);  // a single-chunk transfer (most of them, §2.2): decoded in place
        return;
    }
    buffer_.insert(buffer_.end(), chunk.begin(), chunk.end());
    complete(buffer_);
    buffer_.clear();
}

void TransferAssembler::clear() {
    if (!buffer_.empty()) drop(DropReason::Cleared, buffer_);
    buffer_.clear();
    discarding_ = false;
}

}  // namespace vreglink::ble
