// The request FIFO of one VE.Direct device and the rules that match a received HEX frame to the
// request on the wire (vedirect.md §3.2–3.4). Pure bookkeeping: no I/O, no clock.
#pragma once

#include "core/ids.h"
#include "device/device.h"
#include "vedirect/hex_frame.h"

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace vreglink::device {

struct PendingRequest {
    vedirect::HexCommand command = vedirect::HexCommand::Ping;
    VregId id;         // Get/Set only
    std::string wire;  // the encoded frame; a retry resends exactly these bytes
    ReplyHandler done;
    unsigned tries = 0;  // times written to the wire so far
};

// True when `frame` is the answer to `request` (§3.2 response codes, §3.4 "match responses on
// (command, register id)"): Get -> 0x7 with the same id, Set -> 0x8 with the same id,
// Ping -> 0x5, AppVersion/ProductId -> 0x1 Done. Responses for other registers (stale answers,
// a late answer to an earlier try) and async 0xA frames never match. Restart has no answer.
bool answers(const PendingRequest& request, const vedirect::HexFrame& frame);

// The reply for a frame that answers(): flags 0 -> OK with the value bytes; flags 0x01/0x02 ->
// 0x8100, 0x04 (or anything else) -> 0x8300, with the device flags named in the message.
VregReply replyFor(const PendingRequest& request, const vedirect::HexFrame& frame);

// One FIFO per device, with at most one request in flight (one HEX request on the wire at a
// time: devices drop or mix up overlapping requests, §3.4).
class RequestQueue {
  public:
    explicit RequestQueue(std::size_t limit) : limit_(limit) {}

    // In flight + queued; `full()` when that reaches the limit (the caller answers 0x8200).
    std::size_t size() const { return queue_.size() + (inFlight_ ? 1 : 0); }
    bool full() const { return size() >= limit_; }
    void push(PendingRequest request) { queue_.push_back(std::move(request)); }

    PendingRequest* inFlight() { return inFlight_ ? &*inFlight_ : nullptr; }
    // Moves the oldest queued request on the wire; false if nothing is queued or one is in flight.
    bool startNext();
    // Takes the request in flight (precondition: there is one).
    PendingRequest finish();
    // Takes everything, in flight first then in FIFO order (disconnect, shutdown).
    std::vector<PendingRequest> takeAll();

  private:
    std::size_t limit_;
    std::optional<PendingRequest> inFlight_;
    std::deque<PendingRequest> queue_;
};

}  // namespace vreglink::device
