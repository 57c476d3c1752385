#include "device/ble_device.h"

#include "device/post_reply.h"

#include "ble/chunker.h"
#include "ble/message_encoder.h"
#include "ble/transfer_assembler.h"
#include "device/ble_vreg_error.h"
#include "link/ble_link.h"

#include <fmt/format.h>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>

#include <algorithm>
#include <array>
#include <deque>
#include <optional>
#include <vector>

namespace vreglink::device {

namespace {

using Clock = std::chrono::steady_clock;

// §2.3 control bytes, written to CTRL (306b0002).
constexpr std::array<std::uint8_t, 3> kCtrlOpen{0xFA, 0x80, 0xFF};
constexpr std::array<std::uint8_t, 2> kCtrlStart{0xF9, 0x80};
constexpr std::array<std::uint8_t, 2> kCtrlCredit{0xF9, 0x41};
// §3.3 CONNECTION_KEEP_ALIVE, addressed to the BLE chip (instance 0).
constexpr VregId kKeepAliveVreg{0x0093};

// §3.3: Set(0, 0x0093, un16 LE milliseconds).
ble::Message keepAliveSet(std::uint16_t milliseconds) {
    return ble::SetValue{ble::kBleChipInstance, kKeepAliveVreg,
                         Bytes{static_cast<std::uint8_t>(milliseconds & 0xFFU),
                               static_cast<std::uint8_t>(milliseconds >> 8U)}};
}

struct BleRequest {
    enum class Kind : std::uint8_t { Get, Set, ReadBack };
    Kind kind = Kind::Get;
    VregId id;
    Bytes value;  // Set / ReadBack: the value written
    ReplyHandler done;
    unsigned tries = 0;
    std::uint64_t transfer = 0;  // the request transfer its latest try went out in
    Clock::time_point deadline;  // in flight: of this try; queued: give up waiting for the link
};

enum class Phase : std::uint8_t {
    Down,             // no link
    AwaitDeviceList,  // §3.4: `01` sent, waiting ≤ 1 s for `02`
    Running,          // init done: requests flow, keep-alive runs
};

}  // namespace

struct BleDevice::Impl final : link::BleLinkListener, ble::TransferHandler {
    Impl(asio::io_context& ioContext, BleDeviceOptions o)
        : io(ioContext),
          options(std::move(o)),
          gatt(ioContext, options.address, linkOptions(options), *this),
          assembler(*this),
          requestTimer(ioContext),
          phaseTimer(ioContext),
          keepAliveTimer(ioContext) {}
    ~Impl() override;

    static link::BleLinkOptions linkOptions(const BleDeviceOptions& o) {
        link::BleLinkOptions l;
        l.bus = o.bus;
        l.adapter = o.adapter;
        l.passkey = o.passkey;
        l.searchTimeout = o.searchTimeout;
        l.reconnectMin = o.reconnectMin;
        l.reconnectMax = o.reconnectMax;
        return l;
    }

    // Requests
    void submit(BleRequest request);
    void schedulePump();
    void pump();
    void sendRequests(std::vector<BleRequest*> batch);
    std::size_t transfersInFlight() const;
    void armRequestTimer();
    void onRequestTimer();
    bool matchValue(const ble::Value& value);
    bool matchError(const ble::VregError& error);
    std::vector<BleRequest>::iterator findInFlight(VregId id);
    void complete(std::vector<BleRequest>::iterator it, VregReply reply);
    void failAll(const std::string& message);

    // Init (§3.4) and keep-alive (§3.3)
    void sendTransfer(const std::vector<ble::Message>& messages);
    void writeCtrl(ByteView bytes);
    void finishInit();
    void sendKeepAlive();
    void armKeepAlive();
    void linkDown(std::string_view reason, bool force = false);

    // Link state and listeners
    void setState(LinkState next, std::string_view reason, bool force = false);
    template <typename F>
    void notify(F&& call);

    // link::BleLinkListener
    void onBleReady(std::size_t chunkSize) override;
    void onBleNotification(link::GattChannel channel, ByteView data) override;
    void onBleLost(std::string_view reason, bool fatal) override;
    // ble::TransferHandler
    void onTransfer(const ble::DecodedTransfer& transfer) override;
    void onDropped(ble::DropReason reason, ByteView bytes) override;

    template <typename Handler>
    void wait(asio::steady_timer& timer, Handler handler) {
        timer.async_wait([this, token = std::weak_ptr<int>(alive),
                          h = std::move(handler)](const asio::error_code& ec) {
            if (ec || token.expired()) return;
            h();
        });
    }

    asio::io_context& io;
    BleDeviceOptions options;
    link::BleLink gatt;  // not `link`: that would hide the namespace in member functions
    ble::TransferAssembler assembler;
    ble::Chunker chunker;
    BleDeviceStats stats;
    std::deque<BleRequest> queued;
    std::vector<BleRequest> inFlight;
    asio::steady_timer requestTimer;
    asio::steady_timer phaseTimer;  // the device-list wait
    asio::steady_timer keepAliveTimer;
    std::vector<DeviceListener*> listeners;
    LinkState state = LinkState::Connecting;
    Phase phase = Phase::Down;
    std::string lostReason = "not connected yet";
    ble::Instance product{0};
    std::vector<ble::DeviceEntry> devices;  // the last `02`, as (instance, flag) pairs
    bool pumpPosted = false;
    std::uint64_t nextTransfer = 0;
    std::shared_ptr<int> alive = std::make_shared<int>(0);
};

BleDevice::Impl::~Impl() {
    alive.reset();
    requestTimer.cancel();
    phaseTimer.cancel();
    keepAliveTimer.cancel();
    gatt.stop();
    std::vector<BleRequest> pending = std::move(inFlight);
    for (auto& r : queued) pending.push_back(std::move(r));
    queued.clear();
    if (!options.answerPendingOnDestroy) return;
    for (auto& request : pending) {
        postReply(io, std::move(request.done), {VregStatus::timeout(), {}, "device closed"});
    }
}

void BleDevice::Impl::submit(BleRequest request) {
    if (state == LinkState::Disconnected) {
        postReply(io, std::move(request.done),
                  {VregStatus::timeout(), {}, fmt::format("device disconnected: {}", lostReason)});
        return;
    }
    if (queued.size() + inFlight.size() >= options.queueLimit) {
        postReply(
            io, std::move(request.done),
            {VregStatus::busy(),
             {},
             fmt::format("request queue full ({} pending)", queued.size() + inFlight.size())});
        return;
    }
    ++stats.requests;
    // Queued while connecting: answered 0x8400 if the link is not up within all its tries.
    request.deadline = Clock::now() + options.timeout * (1 + options.retries);
    queued.push_back(std::move(request));
    armRequestTimer();
    schedulePump();
}

void BleDevice::Impl::schedulePump() {
    // Deferred one turn: the requests a caller issues together go out in one transfer.
    if (pumpPosted) return;
    pumpPosted = true;
    asio::post(io, [this, token = std::weak_ptr<int>(alive)]() {
        if (token.expired()) return;
        pumpPosted = false;
        pump();
    });
}

void BleDevice::Impl::pump() {
    // A second transfer goes out while the device still answers the first, so the radio never
    // idles between them (the dump target: no idle connection events). Answers come in request
    // order (§4.4.4), which findInFlight relies on.
    const std::size_t perTransfer = std::max<std::size_t>(1, options.maxRequestsPerTransfer);
    const std::size_t transfers = std::max<std::size_t>(1, options.transfersInFlight);
    while (phase == Phase::Running && !queued.empty() && transfersInFlight() < transfers) {
        const std::size_t n = std::min(queued.size(), perTransfer);
        const std::size_t first = inFlight.size();
        for (std::size_t i = 0; i < n; ++i) {
            inFlight.push_back(std::move(queued.front()));
            queued.pop_front();
        }
        std::vector<BleRequest*> batch;
        for (std::size_t i = first; i < inFlight.size(); ++i) batch.push_back(&inFlight[i]);
        ++stats.requestTransfers;
        sendRequests(std::move(batch));  // the pointers are used up before the next push_back
    }
}

std::size_t BleDevice::Impl::transfersInFlight() const {
    std::size_t count = 0;
    std::optional<std::uint64_t> last;
    for (const auto& r : inFlight) {
        if (!r.done || r.transfer == last) continue;
        last = r.transfer;
        ++count;
    }
    return count;
}

void BleDevice::Impl::sendRequests(std::vector<BleRequest*> batch) {
    std::vector<ble::Message> messages;
    messages.reserve(batch.size());
    const auto now = Clock::now();
    const std::uint64_t transfer = nextTransfer++;
    for (BleRequest* r : batch) {
        ++r->tries;
        r->transfer = transfer;
        if (r->kind == BleRequest::Kind::Set) {
            messages.emplace_back(ble::SetValue{product, r->id, r->value});
            // §4.4.5: no answer within the window → read back instead of resending.
            r->deadline = now + std::min(options.setConfirmWindow, options.timeout);
        } else {
            // One register per GetValues message, like the app (§3.1 step 9).
            messages.emplace_back(ble::GetValues{product, {r->id}});
            r->deadline = now + options.timeout;
        }
    }
    sendTransfer(messages);
    // §3.1 step 9: the app writes `F9 41` between request transfers (§2.3: likely a credit).
    writeCtrl(kCtrlCredit);
    armRequestTimer();
}

void BleDevice::Impl::armRequestTimer() {
    std::optional<Clock::time_point> earliest;
    for (const auto& r : inFlight) {
        if (!earliest || r.deadline < *earliest) earliest = r.deadline;
    }
    // Queued requests only time out while the link is not up; once running they wait their turn.
    for (const auto& r : queued) {
        if (phase == Phase::Running) break;
        if (!earliest || r.deadline < *earliest) earliest = r.deadline;
    }
    requestTimer.cancel();
    if (!earliest) return;
    requestTimer.expires_at(*earliest);
    wait(requestTimer, [this] { onRequestTimer(); });
}

void BleDevice::Impl::onRequestTimer() {
    const auto now = Clock::now();
    // Requests still waiting for the link to come up.
    for (auto it = queued.begin(); it != queued.end();) {
        if (it->deadline > now || phase == Phase::Running) {
            ++it;
            continue;
        }
        ++stats.timeouts;
        postReply(io, std::move(it->done),
                  {VregStatus::timeout(), {}, fmt::format("not connected: {}", lostReason)});
        it = queued.erase(it);
    }
    std::vector<BleRequest*> again;
    for (auto it = inFlight.begin(); it != inFlight.end();) {
        if (it->deadline > now) {
            ++it;
            continue;
        }
        if (it->kind == BleRequest::Kind::Set) {
            // §4.4.5: neither an `08` echo nor `09 … 0`: confirm by reading the value back.
            ++stats.readBacks;
            it->kind = BleRequest::Kind::ReadBack;
            it->tries = 0;
            again.push_back(&*it);
            ++it;
            continue;
        }
        if (it->tries < 1 + options.retries) {
            ++stats.retries;
            again.push_back(&*it);
            ++it;
            continue;
        }
        ++stats.timeouts;
        const unsigned tries = it->tries;
        const char* what =
            it->kind == BleRequest::Kind::ReadBack ? "no answer to the read-back" : "no answer";
        postReply(io, std::move(it->done),
                  {VregStatus::timeout(),
                   {},
                   fmt::format("{} after {} {}", what, tries, tries == 1 ? "try" : "tries")});
        // `again` holds pointers into inFlight: erase only when nothing was collected yet.
        if (again.empty()) {
            it = inFlight.erase(it);
        } else {
            it->done = nullptr;
            it->deadline = Clock::time_point::max();
            ++it;
        }
    }
    if (!again.empty()) {
        sendRequests(std::move(again));
        // Drop the answered leftovers (marked above) now that the pointers are used.
        inFlight.erase(std::remove_if(inFlight.begin(), inFlight.end(),
                                      [](const BleRequest& r) { return !r.done; }),
                       inFlight.end());
    }
    armRequestTimer();
    schedulePump();
}

std::vector<BleRequest>::iterator BleDevice::Impl::findInFlight(VregId id) {
    // Answers come in request order: the oldest request for the register is the one answered.
    return std::find_if(inFlight.begin(), inFlight.end(),
                        [id](const BleRequest& r) { return r.id == id && r.done; });
}

void BleDevice::Impl::complete(std::vector<BleRequest>::iterator it, VregReply reply) {
    postReply(io, std::move(it->done), std::move(reply));
    inFlight.erase(it);
    armRequestTimer();
    schedulePump();
}

bool BleDevice::Impl::matchValue(const ble::Value& value) {
    if (value.instance != product) return false;
    auto it = findInFlight(value.vreg);
    if (it == inFlight.end()) return false;
    switch (it->kind) {
        case BleRequest::Kind::Get:
        case BleRequest::Kind::Set:  // §4.4.5: an `08` echo is the set's success
            complete(it, {VregStatus::ok(), value.payload, {}});
            return true;
        case BleRequest::Kind::ReadBack:
            if (value.payload == it->value) {
                complete(it, {VregStatus::ok(), value.payload, {}});
            } else {
                complete(it, {VregStatus::invalid(), value.payload,
                              fmt::format("read back {} after setting {}",
                                          toHexSpaced(value.payload), toHexSpaced(it->value))});
            }
            return true;
    }
    return false;
}

bool BleDevice::Impl::matchError(const ble::VregError& error) {
    if (error.instance != product) return false;
    auto it = findInFlight(error.vreg);
    if (it == inFlight.end()) return false;
    if (error.code == 0 && it->kind != BleRequest::Kind::Get) {
        // §4.4.5: `09 … 0` is a set's success; the value is the one written.
        complete(it, {VregStatus::ok(), it->value, {}});
        return true;
    }
    complete(it, replyForVregError(error.code));
    return true;
}

void BleDevice::Impl::failAll(const std::string& message) {
    requestTimer.cancel();
    std::vector<BleRequest> pending = std::move(inFlight);
    inFlight.clear();
    for (auto& r : queued) pending.push_back(std::move(r));
    queued.clear();
    for (auto& request : pending) {
        if (request.done)
            postReply(io, std::move(request.done), {VregStatus::timeout(), {}, message});
    }
}

void BleDevice::Impl::sendTransfer(const std::vector<ble::Message>& messages) {
    const Bytes transfer = ble::encodeTransfer(messages);
    // §5.2: chunks of at most ATT_MTU − 3 bytes, every one but the last on MORE.
    for (const auto& chunk : chunker.split(transfer)) {
        gatt.write(
            chunk.kind == ble::ChunkKind::More ? link::GattChannel::More : link::GattChannel::Last,
            chunk.bytes);
        ++stats.chunksSent;
        stats.bytesSent += chunk.bytes.size();
    }
    ++stats.transfersSent;
}

void BleDevice::Impl::writeCtrl(ByteView bytes) {
    gatt.write(link::GattChannel::Ctrl, bytes);
    ++stats.chunksSent;
    stats.bytesSent += bytes.size();
}

void BleDevice::Impl::onBleReady(std::size_t chunkSize) {
    // A reconnect must never glue chunks of the old connection to new ones (§5.3).
    assembler.clear();
    chunker = ble::Chunker(chunkSize + ble::kAttHeader);
    ++stats.initRuns;
    setState(LinkState::Connecting, "initialising");
    // §3.4: CTRL `FA 80 FF`, `F9 80`; LAST `01`, then wait ≤ 1 s for the device list.
    writeCtrl(kCtrlOpen);
    writeCtrl(kCtrlStart);
    sendTransfer({ble::GetDevices{}});
    phase = Phase::AwaitDeviceList;
    phaseTimer.expires_after(options.deviceListWait);
    wait(phaseTimer, [this] {
        if (phase == Phase::AwaitDeviceList) finishInit();
    });
}

void BleDevice::Impl::finishInit() {
    phaseTimer.cancel();
    // §3.4: subscribe instance 0 and every other instance of the list, the keep-alive set, then
    // `F9 41`. A `09` for the keep-alive is not fatal (§3.3: the 2021 SmartShunt answers code 1).
    std::vector<ble::Message> messages;
    messages.emplace_back(ble::Subscribe{ble::Instance{0}, std::nullopt});
    for (const auto& entry : devices) {
        if (entry.instance.value != 0) {
            messages.emplace_back(ble::Subscribe{entry.instance, std::nullopt});
        }
    }
    messages.push_back(keepAliveSet(options.keepAliveValueMs));
    sendTransfer(messages);
    writeCtrl(kCtrlCredit);
    phase = Phase::Running;
    lostReason.clear();
    armKeepAlive();
    setState(LinkState::Connected, "");
    schedulePump();
}

void BleDevice::Impl::sendKeepAlive() {
    // §3.1 step 11, §3.3: the 0x0093 set and `F9 41`, every ≤ ⅓ of the keep-alive timeout.
    ++stats.keepAlives;
    sendTransfer({keepAliveSet(options.keepAliveValueMs)});
    writeCtrl(kCtrlCredit);
    armKeepAlive();
}

void BleDevice::Impl::armKeepAlive() {
    keepAliveTimer.expires_after(options.keepAlivePeriod);
    wait(keepAliveTimer, [this] {
        if (phase == Phase::Running) sendKeepAlive();
    });
}

void BleDevice::Impl::onBleNotification(link::GattChannel channel, ByteView data) {
    ++stats.chunksReceived;
    stats.bytesReceived += data.size();
    switch (channel) {
        case link::GattChannel::Ctrl:
            return;  // `F9 01` acks (§2.3): ignored
        case link::GattChannel::More:
            assembler.feed(ble::ChunkKind::More, data, Clock::now());
            return;
        case link::GattChannel::Last:
            assembler.feed(ble::ChunkKind::Last, data, Clock::now());
            return;
    }
}

void BleDevice::Impl::onTransfer(const ble::DecodedTransfer& transfer) {
    // A transfer that does not decode to its end lost or gained bytes on the way (a lost chunk,
    // or a lost LAST gluing two transfers together, §5.3); real devices never send one (
    // §2.2: 0 unparsable bytes in 2751 messages). The message that straddles the gap decodes into a
    // wrong value as easily as into an error, so none of it is trusted: the requests it would
    // have answered are retried.
    if (transfer.error) {
        ++stats.rejectedTransfers;
        return;
    }
    for (const auto& message : transfer.messages) {
        if (const auto* list = std::get_if<ble::DeviceList>(&message)) {
            if (phase != Phase::AwaitDeviceList) continue;
            devices = ble::deviceEntries(*list);
            // §4.3: the product is the entry flagged 1 (3 on two-chip products), else 0.
            product = ble::Instance{0};
            for (const auto& entry : devices) {
                if (entry.flag == 1) product = entry.instance;
            }
            finishInit();
        } else if (const auto* value = std::get_if<ble::Value>(&message)) {
            const bool answered = matchValue(*value);
            // A push for a subscribed instance (§4.4.7), or an answer: listeners see every value
            // (device.h), as on VE.Direct. The Device interface has no instance: only the
            // product's registers reach listeners (instance 0/1 are the BLE chip's).
            if (value->instance != product) continue;
            if (!answered) ++stats.pushes;
            notify([&](DeviceListener& l) { l.onVregUpdate(value->vreg, value->payload); });
        } else if (const auto* error = std::get_if<ble::VregError>(&message)) {
            matchError(*error);  // unmatched: the keep-alive's `09` (§3.3) or a late answer
        }
    }
}

void BleDevice::Impl::onDropped(ble::DropReason /*reason*/, ByteView /*bytes*/) {
    ++stats.dropped;
}

void BleDevice::Impl::linkDown(std::string_view reason, bool force) {
    phase = Phase::Down;
    phaseTimer.cancel();
    keepAliveTimer.cancel();
    assembler.clear();
    lostReason.assign(reason);
    failAll(fmt::format("device disconnected: {}", reason));
    setState(LinkState::Disconnected, reason, force);
}

void BleDevice::Impl::onBleLost(std::string_view reason, bool fatal) {
    // Reported on the loss and on every failed reconnect: only the first one changes anything.
    // A fatal loss (wrong PIN) is final: BleLink does not retry, nor do we.
    if (state == LinkState::Disconnected && !fatal) return;
    // A fatal reason is always told, even when a failed attempt already reported Disconnected.
    linkDown(fatal ? fmt::format("{} (not retried)", reason) : std::string(reason), fatal);
}

template <typename F>
void BleDevice::Impl::notify(F&& call) {
    const auto snapshot = listeners;
    for (DeviceListener* listener : snapshot) {
        if (std::find(listeners.begin(), listeners.end(), listener) != listeners.end()) {
            call(*listener);
        }
    }
}

void BleDevice::Impl::setState(LinkState next, std::string_view reason, bool force) {
    if (next == state && !force) return;
    state = next;
    notify([&](DeviceListener& l) { l.onLinkStateChanged(next, reason); });
}

BleDevice::BleDevice(asio::io_context& io, BleDeviceOptions options)
    : impl_(std::make_unique<Impl>(io, std::move(options))) {}

BleDevice::~BleDevice() = default;

void BleDevice::start() {
    impl_->gatt.start();
}

void BleDevice::stop() {
    impl_->gatt.stop();
    impl_->linkDown("stopped");
}

void BleDevice::get(VregId id, ReplyHandler done) {
    BleRequest r;
    r.kind = BleRequest::Kind::Get;
    r.id = id;
    r.done = std::move(done);
    impl_->submit(std::move(r));
}

void BleDevice::set(VregId id, Bytes value, ReplyHandler done) {
    BleRequest r;
    r.kind = BleRequest::Kind::Set;
    r.id = id;
    r.value = std::move(value);
    r.done = std::move(done);
    impl_->submit(std::move(r));
}

LinkState BleDevice::linkState() const {
    return impl_->state;
}

void BleDevice::addListener(DeviceListener* listener) {
    auto& l = impl_->listeners;
    if (listener != nullptr && std::find(l.begin(), l.end(), listener) == l.end()) {
        l.push_back(listener);
    }
}

void BleDevice::removeListener(DeviceListener* listener) {
    auto& l = impl_->listeners;
    l.erase(std::remove(l.begin(), l.end(), listener), l.end());
}

std::uint32_t BleDevice::productInstance() const {
    return impl_->product.value;
}

std::size_t BleDevice::pipelineDepth() const {
    return std::max<std::size_t>(1, impl_->options.maxRequestsPerTransfer) *
           std::max<std::size_t>(1, impl_->options.transfersInFlight);
}

const BleDeviceStats& BleDevice::stats() const {
    return impl_->stats;
}

}  // namespace vreglink::device
