// Simulator output path: pacing at the line rate (§1), line noise, the pty write.
#include "sim/simulator.h"

namespace vreglink::sim {

namespace {
using namespace std::chrono_literals;
constexpr auto kPacerTick = 5ms;  // ~10 bytes per tick at 1920 bytes/s
}  // namespace

// --- output --------------------------------------------------------------------------------

void Simulator::kickOutput() {
    if (queue_.empty()) return;
    if (!quirks_.pacing) {
        send(queue_.take(queue_.pending()));
        return;
    }
    if (pacerArmed_) return;
    onPacerTick();
}

void Simulator::onPacerTick() {
    const std::size_t n = pacer_.release(Clock::now(), queue_.pending());
    if (n > 0) send(queue_.take(n));
    if (queue_.empty()) {
        pacerArmed_ = false;
        return;
    }
    pacerArmed_ = true;
    pacerTimer_.expires_after(kPacerTick);
    pacerTimer_.async_wait([this](const std::error_code& ec) {
        if (!ec) onPacerTick();
    });
}

void Simulator::send(const std::string& bytes) {
    if (bytes.empty()) return;
    const std::string wire = noise_.apply(bytes);
    const std::size_t written = pty_ ? pty_->write(wire) : 0;
    counters_.bytesSent += written;
    counters_.bytesDropped += wire.size() - written;
}

}  // namespace vreglink::sim
