// Behaviour knobs of the simulated serial port (vedirect.md §3.4, §4). Items the spec marks as
// unverified are knobs rather than fixed behaviour.
#pragma once

#include <chrono>
#include <cstdint>

namespace vreglink::sim {

struct Quirks {
    // Delay between the request's '\n' and the reply (§4 "reply ≤ 50 ms"; 20 ms is a guess).
    std::chrono::milliseconds replyDelay{20};
    std::chrono::milliseconds textInterval{1000};  // §2.1: one block (BMV: two) per second
    bool pacing = true;  // release bytes at 19200 baud 8N1 = 1920 bytes/s (§1)
    bool text = true;    // emit TEXT blocks at all
    // 0 = modern firmware (≥ 1.53): TEXT never suppressed, replies wait for the block's checksum
    // byte. N > 0 = legacy firmware: TEXT paused N s after each valid HEX frame and replies may
    // land inside a block (§3.4 "several seconds" — the exact time is [?]).
    std::chrono::seconds legacyTextPause{0};
    // Async frames glued right after a block's checksum byte (T10b, cterwilliger #15).
    bool asyncAfterChecksum = false;
    double noiseRate = 0;  // fraction of output bytes flipped or dropped
    std::uint64_t seed = 1;
    bool silent = false;                  // receive HEX but never answer
    std::chrono::seconds goneSeconds{3};  // SIGUSR2 / "disappear": pty gone for this long
};

}  // namespace vreglink::sim
