// Deferred method replies of one service (DESIGN.md "Services never block"): SetValue waiting for
// the item's owner, GetVreg/SetVreg waiting for the device. Each keeps a reference to its call
// message until answered; every one is answered exactly once, with its fallback if the service
// leaves the bus first (§3.4 "every call is answered"). Callbacks keep a weak_ptr and an id; when
// the service is gone first they find nothing and do nothing. Internal to the dbus module.
#pragma once

#include "bus/sd_bus_handles.h"

#include <cstdint>
#include <functional>
#include <unordered_map>

namespace vreglink::bus {

// Sends the method return for `call`; returns an sd-bus errno (< 0) on failure.
using ReplyWriter = std::function<int(sd_bus_message* call)>;

class PendingReplies {
  public:
    // `flush` runs after each deferred send (ServiceBus::wake: the loop must flush output).
    explicit PendingReplies(std::function<void()> flush);
    ~PendingReplies();
    PendingReplies(const PendingReplies&) = delete;
    PendingReplies& operator=(const PendingReplies&) = delete;

    // Keeps `call` until answer(); `fallback` answers it if the service leaves the bus first.
    std::uint64_t add(sd_bus_message* call, ReplyWriter fallback);
    // Sends the reply once; later answers for the same id are ignored.
    void answer(std::uint64_t id, const ReplyWriter& reply);
    // Answers every pending call with its fallback (the service is leaving the bus).
    void abandonAll();

    std::size_t size() const { return entries_.size(); }

  private:
    struct Entry {
        SdBusMessagePtr call;
        ReplyWriter fallback;
    };
    static void send(sd_bus_message* call, const ReplyWriter& reply);

    std::unordered_map<std::uint64_t, Entry> entries_;
    std::uint64_t next_ = 1;
    std::function<void()> flush_;
};

}  // namespace vreglink::bus
