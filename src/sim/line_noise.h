// Output line noise (OpenDTU #1757-style garbage): flips one bit of, or drops, a fraction of
// the bytes. Deterministic for a given seed so a failing test can be replayed.
#pragma once

#include <cstdint>
#include <random>
#include <string>

namespace vreglink::sim {

class LineNoise {
  public:
    explicit LineNoise(double rate = 0, std::uint64_t seed = 1) : rate_(rate), rng_(seed) {}
    void setRate(double rate) { rate_ = rate; }
    double rate() const { return rate_; }
    // Returns the bytes as they arrive at the far end.
    std::string apply(const std::string& bytes);
    std::uint64_t flipped() const { return flipped_; }
    std::uint64_t dropped() const { return dropped_; }

  private:
    double rate_;
    std::mt19937_64 rng_;
    std::uint64_t flipped_ = 0;
    std::uint64_t dropped_ = 0;
};

}  // namespace vreglink::sim
