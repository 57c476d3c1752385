#include "device/vedirect_device.h"

#include "device/post_reply.h"
#include "device/request_queue.h"
#include "link/serial_port.h"
#include "vedirect/hex_message.h"

#include <fmt/format.h>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>

#include <algorithm>
#include <vector>

namespace vreglink::device {

using vedirect::HexCommand;
using vedirect::HexResponse;

struct VeDirectDevice::Impl final : link::SerialPortListener, vedirect::StreamHandler {
    Impl(asio::io_context& ioContext, std::string path, VeDirectOptions o)
        : io(ioContext),
          options(o),
          port(ioContext, std::move(path), *this,
               link::SerialOptions{19200, o.reopenMin, o.reopenMax}),
          decoder(*this),
          queue(o.queueLimit),
          timer(ioContext) {}
    ~Impl() override;

    // Requests
    void submit(PendingRequest request);
    void sendNext();
    void sendTry(PendingRequest& request);
    void onTimeout();
    void retryOrFail(const char* why);
    void complete(VregReply reply);
    void failAll(const std::string& message);

    // Link state and listeners
    void setState(LinkState next, std::string_view reason);
    template <typename F>
    void notify(F&& call);

    // link::SerialPortListener
    void onSerialOpened() override;
    void onSerialBytes(ByteView bytes) override;
    void onSerialClosed(std::string_view reason) override;
    void onSerialWritten(std::size_t bytes) override;
    // vedirect::StreamHandler
    void onTextBlock(const vedirect::TextBlock& block) override;
    void onHexFrame(const vedirect::HexFrame& frame) override;

    asio::io_context& io;
    VeDirectOptions options;
    link::SerialPort port;
    vedirect::StreamDecoder decoder;
    ValueCache cache;
    VeDirectStats stats;
    RequestQueue queue;
    asio::steady_timer timer;
    std::vector<DeviceListener*> listeners;
    LinkState state = LinkState::Connecting;
    std::string lostReason = "not opened";
    std::optional<Clock::time_point> lastByteAt;
    // Bytes handed to the port / written by it since the last open: Restart completes when the
    // written count passes the end of its frame.
    std::uint64_t wireQueued = 0;
    std::uint64_t wireWritten = 0;
    std::uint64_t restartMark = 0;
    // Bumped on every try and completion: a timer that fires for an older try is ignored.
    std::uint64_t tryGeneration = 0;
    std::shared_ptr<int> alive = std::make_shared<int>(0);
};

VeDirectDevice::Impl::~Impl() {
    alive.reset();
    timer.cancel();
    port.close();  // no callbacks from here on
    auto pending = queue.takeAll();
    if (!options.answerPendingOnDestroy) return;
    for (auto& request : pending) {
        postReply(io, std::move(request.done), {VregStatus::timeout(), {}, "device closed"});
    }
}

void VeDirectDevice::Impl::submit(PendingRequest request) {
    if (state != LinkState::Connected) {
        postReply(io, std::move(request.done),
                  {VregStatus::timeout(), {}, fmt::format("device disconnected: {}", lostReason)});
        return;
    }
    if (queue.full()) {
        postReply(
            io, std::move(request.done),
            {VregStatus::busy(), {}, fmt::format("request queue full ({} pending)", queue.size())});
        return;
    }
    ++stats.requests;
    queue.push(std::move(request));
    sendNext();
}

void VeDirectDevice::Impl::sendNext() {
    // No idle gap: the next request goes out in the same turn as the previous completion.
    if (queue.startNext()) sendTry(*queue.inFlight());
}

void VeDirectDevice::Impl::sendTry(PendingRequest& request) {
    ++request.tries;
    ++tryGeneration;
    wireQueued += request.wire.size();
    if (request.command == HexCommand::Restart) restartMark = wireQueued;
    port.write(request.wire);
    // Per-try timeout (§3.4: 1 s like krahabb). For Restart it bounds the write itself.
    timer.expires_after(options.timeout);
    timer.async_wait([this, token = std::weak_ptr<int>(alive),
                      generation = tryGeneration](const asio::error_code& ec) {
        if (ec || token.expired() || generation != tryGeneration) return;
        onTimeout();
    });
}

void VeDirectDevice::Impl::onTimeout() {
    PendingRequest* request = queue.inFlight();
    if (request == nullptr) return;
    if (request->command == HexCommand::Restart) {
        ++stats.timeouts;
        complete({VregStatus::timeout(), {}, "restart command could not be written"});
        return;
    }
    retryOrFail("no answer");
}

void VeDirectDevice::Impl::retryOrFail(const char* why) {
    PendingRequest* request = queue.inFlight();
    if (request->tries < 1 + options.retries) {
        ++stats.retries;
        sendTry(*request);  // the same bytes again (§3.4 "up to 3 retries")
        return;
    }
    ++stats.timeouts;
    const unsigned tries = request->tries;
    complete({VregStatus::timeout(),
              {},
              fmt::format("{} after {} {}", why, tries, tries == 1 ? "try" : "tries")});
}

void VeDirectDevice::Impl::complete(VregReply reply) {
    ++tryGeneration;
    timer.cancel();
    PendingRequest request = queue.finish();
    postReply(io, std::move(request.done), std::move(reply));
    sendNext();
}

void VeDirectDevice::Impl::failAll(const std::string& message) {
    ++tryGeneration;
    timer.cancel();
    for (auto& request : queue.takeAll()) {
        postReply(io, std::move(request.done), {VregStatus::timeout(), {}, message});
    }
}

template <typename F>
void VeDirectDevice::Impl::notify(F&& call) {
    // A listener may add or remove listeners from its callback: iterate over a snapshot and skip
    // the ones removed meanwhile.
    const auto snapshot = listeners;
    for (DeviceListener* listener : snapshot) {
        if (std::find(listeners.begin(), listeners.end(), listener) != listeners.end()) {
            call(*listener);
        }
    }
}

void VeDirectDevice::Impl::setState(LinkState next, std::string_view reason) {
    if (next == state) return;
    state = next;
    notify([&](DeviceListener& l) { l.onLinkStateChanged(next, reason); });
}

void VeDirectDevice::Impl::onSerialOpened() {
    decoder.reset();
    lastByteAt.reset();
    wireQueued = 0;
    wireWritten = 0;
    lostReason.clear();
    setState(LinkState::Connected, "");
}

void VeDirectDevice::Impl::onSerialClosed(std::string_view reason) {
    // Called on the loss and again for every failed reopen attempt: only the first one (while
    // connected or before the first open) changes anything.
    if (state == LinkState::Disconnected) return;
    lostReason.assign(reason);
    const std::string message = fmt::format("device disconnected: {}", reason);
    failAll(message);
    decoder.reset();
    lastByteAt.reset();
    setState(LinkState::Disconnected, reason);
}

void VeDirectDevice::Impl::onSerialWritten(std::size_t bytes) {
    stats.bytesSent += bytes;
    wireWritten += bytes;
    PendingRequest* request = queue.inFlight();
    // Restart gets no reply (§3.2): it is done once its frame has left.
    if (request != nullptr && request->command == HexCommand::Restart &&
        wireWritten >= restartMark) {
        complete({VregStatus::ok(), {}, {}});
    }
}

void VeDirectDevice::Impl::onSerialBytes(ByteView bytes) {
    const auto now = Clock::now();
    // §2.3: ~500 ms of silence abandons a partial TEXT block. Checked on arrival instead of
    // with a timer: the gap is only visible when the next byte comes anyway.
    if (lastByteAt && now - *lastByteAt > options.textIdleReset) decoder.reset();
    lastByteAt = now;
    stats.bytesReceived += bytes.size();
    decoder.feed(bytes);
}

void VeDirectDevice::Impl::onTextBlock(const vedirect::TextBlock& block) {
    const auto now = Clock::now();
    TextFields fields;
    fields.reserve(block.fields.size());
    for (const auto& field : block.fields) {
        cache.putText(field.label, field.value, now);
        fields.emplace_back(std::string(field.label), std::string(field.value));
    }
    notify([&](DeviceListener& l) { l.onTextBlock(fields); });
}

void VeDirectDevice::Impl::onHexFrame(const vedirect::HexFrame& frame) {
    // Every Get/Set/Async frame with flags 0 carries a current value: cache it and tell
    // listeners, whether or not it answers the request in flight (§3.5; §2.4 "response for a
    // different register than requested").
    if (const auto vreg = vedirect::parseVregFrame(frame); vreg && vreg->flags == 0) {
        cache.putVreg(vreg->id, vreg->value, Clock::now());
        notify([&](DeviceListener& l) { l.onVregUpdate(vreg->id, vreg->value); });
    }
    PendingRequest* request = queue.inFlight();
    if (request == nullptr || request->command == HexCommand::Restart) return;
    if (answers(*request, frame)) {
        complete(replyFor(*request, frame));
        return;
    }
    switch (static_cast<HexResponse>(frame.command())) {
        case HexResponse::Error:
            // ":4AAAAFD": the device could not parse our frame (line noise). Resend at once.
            retryOrFail("frame error");
            return;
        case HexResponse::Unknown:
            // 0x3: the device does not know the command (§3.2; payload unverified, not used).
            complete({VregStatus::notSupported(), {}, "command not supported by the device"});
            return;
        default:
            return;  // async, stale or foreign: keep waiting
    }
}

VeDirectDevice::VeDirectDevice(asio::io_context& io, std::string path, VeDirectOptions options)
    : impl_(std::make_unique<Impl>(io, std::move(path), options)) {}

VeDirectDevice::~VeDirectDevice() = default;

std::optional<std::string> VeDirectDevice::open() {
    auto error = impl_->port.open();
    if (error) impl_->onSerialClosed(*error);
    impl_->port.start();
    return error;
}

void VeDirectDevice::get(VregId id, ReplyHandler done) {
    impl_->submit(
        {HexCommand::Get, id, vedirect::encodeHexFrame(vedirect::makeGet(id)), std::move(done)});
}

void VeDirectDevice::set(VregId id, Bytes value, ReplyHandler done) {
    const auto frame = vedirect::makeSet(id, value);
    if (!frame) {
        postReply(impl_->io, std::move(done),
                  {VregStatus::invalid(),
                   {},
                   fmt::format("value too long for a HEX frame ({} bytes)", value.size())});
        return;
    }
    impl_->submit({HexCommand::Set, id, vedirect::encodeHexFrame(*frame), std::move(done)});
}

void VeDirectDevice::command(HexCommand cmd, ReplyHandler done) {
    switch (cmd) {
        case HexCommand::Ping:
        case HexCommand::AppVersion:
        case HexCommand::ProductId:
        case HexCommand::Restart:
            impl_->submit({cmd, VregId{}, vedirect::encodeHexFrame(vedirect::makeCommand(cmd)),
                           std::move(done)});
            return;
        case HexCommand::Get:
        case HexCommand::Set:
            postReply(impl_->io, std::move(done),
                      {VregStatus::invalid(), {}, "use get()/set() for register access"});
            return;
        case HexCommand::EnterBoot:
            break;
    }
    postReply(impl_->io, std::move(done),
              {VregStatus::notSupported(), {}, "command not supported by the gateway"});
}

LinkState VeDirectDevice::linkState() const {
    return impl_->state;
}

void VeDirectDevice::addListener(DeviceListener* listener) {
    auto& l = impl_->listeners;
    if (listener != nullptr && std::find(l.begin(), l.end(), listener) == l.end()) {
        l.push_back(listener);
    }
}

void VeDirectDevice::removeListener(DeviceListener* listener) {
    auto& l = impl_->listeners;
    l.erase(std::remove(l.begin(), l.end(), listener), l.end());
}

const std::string& VeDirectDevice::path() const {
    return impl_->port.path();
}
const ValueCache& VeDirectDevice::cache() const {
    return impl_->cache;
}
const vedirect::DecoderCounters& VeDirectDevice::decoderCounters() const {
    return impl_->decoder.counters();
}
const VeDirectStats& VeDirectDevice::stats() const {
    return impl_->stats;
}

}  // namespace vreglink::device
