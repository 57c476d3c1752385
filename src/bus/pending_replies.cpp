#include "bus/pending_replies.h"

#include "core/log.h"

#include <cstring>

namespace vreglink::bus {

PendingReplies::PendingReplies(std::function<void()> flush) : flush_(std::move(flush)) {}

PendingReplies::~PendingReplies() {
    abandonAll();
}

std::uint64_t PendingReplies::add(sd_bus_message* call, ReplyWriter fallback) {
    const auto id = next_++;
    entries_.emplace(id, Entry{retainMessage(call), std::move(fallback)});
    return id;
}

void PendingReplies::answer(std::uint64_t id, const ReplyWriter& reply) {
    const auto it = entries_.find(id);
    if (it == entries_.end()) return;
    const Entry entry = std::move(it->second);
    entries_.erase(it);
    send(entry.call.get(), reply);
    if (flush_) flush_();
}

void PendingReplies::abandonAll() {
    auto entries = std::move(entries_);
    entries_.clear();
    for (auto& [id, entry] : entries) send(entry.call.get(), entry.fallback);
    if (!entries.empty() && flush_) flush_();
}

void PendingReplies::send(sd_bus_message* call, const ReplyWriter& reply) {
    const int r = reply(call);
    // The caller may have left the bus, or the connection broke: nobody to tell.
    if (r < 0) logWarning("cannot send a reply: {}", std::strerror(-r));
}

}  // namespace vreglink::bus
