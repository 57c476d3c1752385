// Deferred method replies of one service (DESIGN.md "Services never block"): SetValue waiting for
// the item's owner, GetVreg/SetVreg waiting for the device. They are held here, not in the
// callbacks: an sdbus::Result keeps a raw pointer into its connection, so every one must be
// answered or destroyed before the connection closes. Callbacks keep a weak_ptr and an id; when
// the service is gone first they find nothing and do nothing. Internal to the dbus module.
#pragma once

#include "core/log.h"

#include <sdbus-c++/MethodResult.h>

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <utility>

namespace vreglink::dbus {

template <typename... Ts>
struct ReplyHandle {
    std::uint64_t id = 0;
};

class PendingReplies {
  public:
    // `flush` runs after each deferred send (BusConnection::wake: the loop must flush output).
    explicit PendingReplies(std::function<void()> flush) : flush_(std::move(flush)) {}
    ~PendingReplies() { abandonAll(); }
    PendingReplies(const PendingReplies&) = delete;
    PendingReplies& operator=(const PendingReplies&) = delete;

    // Keeps `result` until answer(); `fallback` answers it if the service leaves the bus first.
    template <typename... Ts>
    ReplyHandle<Ts...> add(sdbus::Result<Ts...>&& result, std::tuple<Ts...> fallback) {
        const auto id = next_++;
        entries_.emplace(id,
                         std::make_unique<Typed<Ts...>>(std::move(result), std::move(fallback)));
        return ReplyHandle<Ts...>{id};
    }

    // Sends the reply once; later answers for the same handle are ignored.
    template <typename... Ts>
    void answer(ReplyHandle<Ts...> handle, const std::type_identity_t<Ts>&... values) {
        const auto it = entries_.find(handle.id);
        if (it == entries_.end()) return;
        const std::unique_ptr<Entry> entry = std::move(it->second);
        entries_.erase(it);
        send(static_cast<Typed<Ts...>&>(*entry).result, values...);
        if (flush_) flush_();
    }

    // Answers every pending call with its fallback (the service is leaving the bus).
    void abandonAll() {
        auto entries = std::move(entries_);
        entries_.clear();
        for (auto& [id, entry] : entries) entry->abandon();
        if (!entries.empty() && flush_) flush_();
    }

    std::size_t size() const { return entries_.size(); }

    template <typename... Ts>
    static void send(const sdbus::Result<Ts...>& result, const Ts&... values) {
        try {
            result.returnResults(values...);
        } catch (const std::exception& e) {
            // The caller may have left the bus, or the connection broke: nobody to tell.
            logWarning("cannot send a reply: {}", e.what());
        }
    }

  private:
    struct Entry {
        virtual ~Entry() = default;
        virtual void abandon() = 0;
    };
    template <typename... Ts>
    struct Typed final : Entry {
        Typed(sdbus::Result<Ts...>&& r, std::tuple<Ts...> f)
            : result(std::move(r)), fallback(std::move(f)) {}
        void abandon() override {
            std::apply([this](const Ts&... values) { send(result, values...); }, fallback);
        }
        sdbus::Result<Ts...> result;
        std::tuple<Ts...> fallback;
    };

    std::unordered_map<std::uint64_t, std::unique_ptr<Entry>> entries_;
    std::uint64_t next_ = 1;
    std::function<void()> flush_;
};

}  // namespace vreglink::dbus
