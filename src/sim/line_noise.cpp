#include "sim/line_noise.h"

namespace vreglink::sim {

std::string LineNoise::apply(const std::string& bytes) {
    if (rate_ <= 0) return bytes;
    std::string out;
    out.reserve(bytes.size());
    std::uniform_real_distribution<double> chance(0.0, 1.0);
    std::uniform_int_distribution<int> bit(0, 7);
    for (char c : bytes) {
        if (chance(rng_) >= rate_) {
            out.push_back(c);
        } else if (chance(rng_) < 0.5) {
            ++dropped_;
        } else {
            out.push_back(static_cast<char>(static_cast<unsigned char>(c) ^ (1u << bit(rng_))));
            ++flipped_;
        }
    }
    return out;
}

}  // namespace vreglink::sim
