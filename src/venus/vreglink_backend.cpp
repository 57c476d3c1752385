// VregLinkBackend (venus-dbus-mqtt.md §3, §3.4, §9.7): the gateway's rules in front of a Device,
// and a budget timer per call so that every caller is answered — by the device, or 0x8400.
#include "venus/vreglink_backend.h"

#include "catalog/catalog.h"
#include "catalog/value_codec.h"

#include <asio/post.hpp>
#include <asio/steady_timer.hpp>

#include <cstdint>
#include <unordered_map>
#include <utility>

namespace vreglink::venus {

struct VregLinkBackend::Impl : std::enable_shared_from_this<Impl> {
    Impl(asio::io_context& i, device::Device& d, VregLinkPolicy p) : io(i), device(d), policy(p) {}

    struct Call {
        Done done;
        std::unique_ptr<asio::steady_timer> budget;
    };

    // Registers a call and starts its budget; returns its key.
    std::uint64_t open(Done done);
    // Answers a call once; later answers for the same key (late device reply) are dropped.
    void finish(std::uint64_t key, VregStatus status, Bytes data);
    device::ReplyHandler deviceReply(std::uint64_t key);
    // Answers without asking the device — still never synchronously (the contract).
    void answerLater(Done done, VregStatus status);

    asio::io_context& io;
    device::Device& device;
    VregLinkPolicy policy;
    std::unordered_map<std::uint64_t, Call> calls;
    std::uint64_t nextKey = 1;
};

std::uint64_t VregLinkBackend::Impl::open(Done done) {
    const auto key = nextKey++;
    auto timer = std::make_unique<asio::steady_timer>(io, policy.budget);
    timer->async_wait([weak = weak_from_this(), key](const asio::error_code& ec) {
        const auto self = weak.lock();
        if (ec || !self) return;
        self->finish(key, VregStatus::timeout(), {});  // §3.4: no answer within the budget
    });
    calls.emplace(key, Call{std::move(done), std::move(timer)});
    return key;
}

void VregLinkBackend::Impl::finish(std::uint64_t key, VregStatus status, Bytes data) {
    const auto it = calls.find(key);
    if (it == calls.end()) return;
    Done done = std::move(it->second.done);
    calls.erase(it);  // destroys the budget timer: its wait completes as aborted
    done(status, std::move(data));
}

device::ReplyHandler VregLinkBackend::Impl::deviceReply(std::uint64_t key) {
    // Weak: the device may answer after the backend is gone (the call was answered then).
    return [weak = weak_from_this(), key](const device::VregReply& reply) {
        const auto self = weak.lock();
        if (!self) return;
        // §9.7: on success the value bytes (for a set: as stored); on error no data.
        self->finish(key, reply.status, reply.status.isError() ? Bytes{} : reply.data);
    };
}

void VregLinkBackend::Impl::answerLater(Done done, VregStatus status) {
    asio::post(io, [done = std::move(done), status] { done(status, {}); });
}

VregLinkBackend::VregLinkBackend(asio::io_context& io, device::Device& device,
                                 VregLinkPolicy policy)
    : impl_(std::make_shared<Impl>(io, device, policy)) {}

VregLinkBackend::~VregLinkBackend() {
    // Calls still waiting for the device are answered "no answer" (posted: never from inside a
    // caller's frame); the device's late replies find the Impl gone.
    auto calls = std::move(impl_->calls);
    impl_->calls.clear();
    for (auto& [key, call] : calls) impl_->answerLater(std::move(call.done), VregStatus::timeout());
}

void VregLinkBackend::getVreg(VregId id, Done done) {
    const auto key = impl_->open(std::move(done));
    impl_->device.get(id, impl_->deviceReply(key));
}

void VregLinkBackend::setVreg(VregId id, Bytes data, Done done) {
    if (impl_->policy.readOnly) {  // config read_only: nothing is written
        impl_->answerLater(std::move(done), VregStatus::notSupported());
        return;
    }
    // Nothing invalid reaches the device (§3.1 "its length must match the definition of that
    // VREG"); unknown registers pass through as raw bytes (DESIGN.md: the gateway is transparent).
    const auto* info = catalog::Catalog::builtin().find(id);
    if (info != nullptr &&
        (!catalog::checkRawValue(info, data) || !catalog::checkRawRange(info, data))) {
        impl_->answerLater(std::move(done), VregStatus::invalid());
        return;
    }
    const auto key = impl_->open(std::move(done));
    impl_->device.set(id, std::move(data), impl_->deviceReply(key));
}

void VregLinkBackend::setPolicy(VregLinkPolicy policy) {
    impl_->policy = policy;
}

}  // namespace vreglink::venus
