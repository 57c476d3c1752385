#include "sim/output_queue.h"

#include <algorithm>

namespace vreglink::sim {

void OutputQueue::pushText(std::string block) {
    pending_ += block.size();
    chunks_.push_back(Chunk{std::move(block), 0, true});
}

void OutputQueue::pushHex(std::string frame, bool interleave) {
    pending_ += frame.size();
    Chunk chunk{std::move(frame), 0, false};
    if (interleave && !chunks_.empty()) {
        Chunk& front = chunks_.front();
        const std::size_t left = front.bytes.size() - front.sent;
        // Inside a started block: cut it at the current byte, unless only the checksum byte is
        // left (the frame's ':' would be taken as the checksum).
        if (front.text && front.sent > 0 && left > 1) {
            front.bytes.erase(0, front.sent);
            front.sent = 0;
            chunks_.push_front(std::move(chunk));
            return;
        }
        if (front.sent == 0) {
            chunks_.push_front(std::move(chunk));
            return;
        }
    }
    // Modern: before the first TEXT block that has not started, after any frames already
    // waiting (frames stay FIFO), never inside the block being sent.
    auto it = chunks_.begin();
    if (it != chunks_.end() && it->sent > 0) ++it;
    while (it != chunks_.end() && !it->text) ++it;
    chunks_.insert(it, std::move(chunk));
}

std::string OutputQueue::take(std::size_t maxBytes) {
    std::string out;
    while (out.size() < maxBytes && !chunks_.empty()) {
        Chunk& c = chunks_.front();
        const std::size_t n = std::min(maxBytes - out.size(), c.bytes.size() - c.sent);
        out.append(c.bytes, c.sent, n);
        c.sent += n;
        if (c.sent == c.bytes.size()) chunks_.pop_front();
    }
    pending_ -= out.size();
    return out;
}

void OutputQueue::clear() {
    chunks_.clear();
    pending_ = 0;
}

}  // namespace vreglink::sim
