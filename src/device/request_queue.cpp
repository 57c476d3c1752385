#include "device/request_queue.h"

#include "vedirect/hex_message.h"

#include <fmt/format.h>

namespace vreglink::device {

using vedirect::HexCommand;
using vedirect::HexResponse;

bool answers(const PendingRequest& request, const vedirect::HexFrame& frame) {
    const auto response = static_cast<HexResponse>(frame.command());
    switch (request.command) {
        case HexCommand::Get:
        case HexCommand::Set: {
            const auto expected =
                request.command == HexCommand::Get ? HexResponse::Get : HexResponse::Set;
            if (response != expected) return false;
            const auto vreg = vedirect::parseVregFrame(frame);
            return vreg && vreg->id == request.id;
        }
        case HexCommand::Ping:
            return response == HexResponse::Ping;
        case HexCommand::AppVersion:
        case HexCommand::ProductId:
            return response == HexResponse::Done;
        case HexCommand::Restart:
        case HexCommand::EnterBoot:
            return false;
    }
    return false;
}

VregReply replyFor(const PendingRequest& request, const vedirect::HexFrame& frame) {
    if (request.command == HexCommand::Get || request.command == HexCommand::Set) {
        const auto vreg = vedirect::parseVregFrame(frame);
        if (!vreg) return {VregStatus::invalid(), {}, "malformed response"};
        if (vreg->flags == 0) {
            return {VregStatus::ok(), Bytes(vreg->value.begin(), vreg->value.end()), {}};
        }
        return {vedirect::statusFromFlags(vreg->flags),
                {},
                fmt::format("device flags 0x{:02X} ({})", vreg->flags,
                            vedirect::describeFlags(vreg->flags))};
    }
    // Ping / Done: the un16 as sent (little-endian). Passed through even if a device sends
    // another length: the gateway is transparent.
    const ByteView payload = frame.payload();
    return {VregStatus::ok(), Bytes(payload.begin(), payload.end()), {}};
}

bool RequestQueue::startNext() {
    if (inFlight_ || queue_.empty()) return false;
    inFlight_.emplace(std::move(queue_.front()));
    queue_.pop_front();
    return true;
}

PendingRequest RequestQueue::finish() {
    PendingRequest request = std::move(*inFlight_);
    inFlight_.reset();
    return request;
}

std::vector<PendingRequest> RequestQueue::takeAll() {
    std::vector<PendingRequest> all;
    all.reserve(size());
    if (inFlight_) all.push_back(finish());
    for (auto& request : queue_) all.push_back(std::move(request));
    queue_.clear();
    return all;
}

}  // namespace vreglink::device
