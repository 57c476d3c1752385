// What the product's UART still has to send, as chunks: TEXT blocks and HEX frames. Decides
// where a HEX frame goes relative to TEXT (§3.4): modern firmware never puts one inside a
// block (it waits for the checksum byte), legacy firmware may interleave mid-block (§2.2
// trap 2) — but never between "Checksum\t" and the checksum byte, which a parser must take
// verbatim. Pure: no clock, no fd.
#pragma once

#include <cstddef>
#include <deque>
#include <string>

namespace vreglink::sim {

class OutputQueue {
  public:
    void pushText(std::string block);
    // interleave = legacy firmware: the frame goes out next, even inside a block.
    void pushHex(std::string frame, bool interleave);
    // Up to maxBytes from the front, removed from the queue.
    std::string take(std::size_t maxBytes);
    std::size_t pending() const { return pending_; }
    bool empty() const { return pending_ == 0; }
    void clear();

  private:
    struct Chunk {
        std::string bytes;
        std::size_t sent = 0;
        bool text = false;
    };
    std::deque<Chunk> chunks_;
    std::size_t pending_ = 0;
};

}  // namespace vreglink::sim
