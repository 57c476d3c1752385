// VregRpcService: VregLink RPC over MQTT (README "VregLink RPC over MQTT"; venus-dbus-mqtt.md §3.2
// statuses, §3.4 "never leave a call unanswered", §4.7 why VregLink needs its own RPC).
#include "mqttgw/vreg_rpc_service.h"

#include "core/log.h"
#include "mqttgw/rpc_codec.h"
#include "mqttgw/rpc_device_entry.h"

#include <fmt/format.h>
#include <asio/post.hpp>

#include <bit>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

namespace vreglink::mqttgw {
namespace {

// Gets of a "vregs" request go to the backend this many at a time: the backend's budget starts
// when it is asked, and a VE.Direct device has one request on the wire (Device::pipelineDepth).
constexpr std::size_t kGetWindow = 2;

struct ReplyAddress {
    std::string topic;
    std::string correlationData;  // MQTT 5: copied from the request
};

// One request waiting for its device.
struct Call {
    ReplyAddress address;
    nlohmann::json id;
    bool several = false;
    std::string deviceKey;                      // "solarcharger/288", for messages
    std::string serviceName;                    // what onDeviceRemoved names
    venus::VregLinkBackend* backend = nullptr;  // valid while the device is in the directory
    std::vector<RpcRegisterResult> results;     // one per register, in request order
    std::vector<bool> answered;                 // per register
    std::size_t asked = 0;                      // registers handed to the backend so far
    std::size_t answeredCount = 0;
};

std::string deviceErrorText(const Call& call, const RpcRegisterResult& result) {
    return fmt::format("{} on {}: {}", formatVregId(result.vreg), call.deviceKey,
                       describeStatus(result.status));
}

}  // namespace

struct VregRpcService::State : std::enable_shared_from_this<State> {
    State(asio::io_context& i, mqtt::Transport& t, venus::DeviceDirectory& d, VregRpcOptions o)
        : io(i),
          transport(t),
          directory(d),
          options(std::move(o)),
          requestTopic(fmt::format("vreglink/{}/rpc", options.portalId)) {}

    void handle(const mqtt::Message& message);
    void start(const RpcRequest& request, ReplyAddress address);
    void askNext(std::uint64_t key);
    void answer(std::uint64_t key, std::size_t index, VregStatus status, Bytes data);
    void finish(std::uint64_t key, std::optional<RpcError> failure);
    void send(const ReplyAddress& address, const RpcReply& reply);

    asio::io_context& io;
    mqtt::Transport& transport;
    venus::DeviceDirectory& directory;
    VregRpcOptions options;
    std::string requestTopic;
    VregRpcCounters counters;
    std::unordered_map<std::uint64_t, Call> calls;
    std::uint64_t nextKey = 1;
};

void VregRpcService::State::handle(const mqtt::Message& message) {
    ++counters.requests;
    auto parsed = parseRequest(message.payload);
    const std::string& client = std::holds_alternative<RpcRequest>(parsed)
                                    ? std::get<RpcRequest>(parsed).client
                                    : std::get<RpcError>(parsed).client;
    // MQTT 5 names the reply topic itself; MQTT 3.1.1 cannot, so the request names its client.
    std::optional<ReplyAddress> address;
    if (!message.responseTopic.empty()) {
        address = ReplyAddress{message.responseTopic, message.correlationData};
    } else if (!client.empty()) {
        address = ReplyAddress{fmt::format("{}/reply/{}", requestTopic, client), {}};
    }
    if (!address) {
        // Logged at 1, 2, 4, 8, … so that a misbehaving client cannot flood the journal.
        if (std::has_single_bit(++counters.unanswerable)) {
            logWarning(
                "VregLink RPC: a request on {} has neither a response topic nor "
                "\"client\" and cannot be answered ({} so far)",
                requestTopic, counters.unanswerable);
        }
        return;
    }
    if (auto* error = std::get_if<RpcError>(&parsed)) {
        send(*address, errorReply(*error));
        return;
    }
    start(std::get<RpcRequest>(parsed), std::move(*address));
}

void VregRpcService::State::start(const RpcRequest& request, ReplyAddress address) {
    const auto refuse = [&](VregStatus status, std::string message) {
        send(address, errorReply(RpcError{status, std::move(message), request.id, {}}));
    };
    if (request.op == RpcOp::List) {
        RpcReply reply;
        reply.id = request.id;
        reply.kind = RpcReplyKind::Devices;
        for (const auto& device : directory.devices()) {
            reply.devices.push_back(describeDevice(device));
        }
        send(address, reply);
        return;
    }
    if (request.op == RpcOp::Set && !options.allowWrites) {
        refuse(VregStatus::notSupported(), "writes are disabled (mqtt rpc_writes = false)");
        return;
    }
    const venus::PublishedDevice* device = directory.find(request.device);
    if (device == nullptr) {
        refuse(VregStatus::notSupported(), fmt::format("no device {}", request.device));
        return;
    }
    if (device->vreglink == nullptr) {
        refuse(VregStatus::notSupported(),
               fmt::format("device {} has no VregLink", request.device));
        return;
    }
    if (calls.size() >= options.maxOutstanding) {
        refuse(VregStatus::busy(),
               fmt::format("too many requests outstanding ({}); try again later", calls.size()));
        return;
    }
    Call call;
    call.address = std::move(address);
    call.id = request.id;
    call.several = request.several;
    call.deviceKey = request.device;
    call.serviceName = device->serviceName;
    call.backend = device->vreglink;
    for (const VregId id : request.vregs) call.results.push_back({id, VregStatus::ok(), {}, {}});
    call.answered.assign(call.results.size(), false);
    const auto key = nextKey++;
    const auto it = calls.emplace(key, std::move(call)).first;
    auto done = [weak = weak_from_this(), key](VregStatus status, Bytes data) {
        if (const auto self = weak.lock()) self->answer(key, 0, status, std::move(data));
    };
    if (request.op == RpcOp::Set) {
        it->second.asked = 1;
        it->second.backend->setVreg(request.vregs.front(), request.data, std::move(done));
        return;
    }
    for (std::size_t i = 0; i < kGetWindow; ++i) askNext(key);
}

void VregRpcService::State::askNext(std::uint64_t key) {
    Call& call = calls.at(key);
    if (call.asked == call.results.size()) return;
    const std::size_t index = call.asked++;
    call.backend->getVreg(call.results[index].vreg,
                          [weak = weak_from_this(), key, index](VregStatus status, Bytes data) {
                              if (const auto self = weak.lock())
                                  self->answer(key, index, status, std::move(data));
                          });
}

void VregRpcService::State::answer(std::uint64_t key, std::size_t index, VregStatus status,
                                   Bytes data) {
    const auto it = calls.find(key);
    if (it == calls.end()) return;  // answered already: its device went away
    Call& call = it->second;
    if (call.answered[index]) return;
    call.answered[index] = true;
    RpcRegisterResult& result = call.results[index];
    result.status = status;
    result.data = status.isError() ? Bytes{} : std::move(data);
    if (status.isError()) result.error = deviceErrorText(call, result);
    if (++call.answeredCount == call.results.size()) {
        finish(key, std::nullopt);
        return;
    }
    askNext(key);
}

// Replies for a call and forgets it. `failure`: the call as a whole did not complete; registers
// not answered yet get its status.
void VregRpcService::State::finish(std::uint64_t key, std::optional<RpcError> failure) {
    auto node = calls.extract(key);
    Call& call = node.mapped();
    RpcReply reply;
    reply.id = call.id;
    if (failure) {
        reply.status = failure->status;
        reply.error = failure->message;
        for (std::size_t i = 0; i < call.results.size(); ++i) {
            if (call.answered[i]) continue;
            call.results[i].status = failure->status;
            call.results[i].error = failure->message;
        }
    }
    if (call.several) {
        reply.kind = RpcReplyKind::Results;
        reply.results = std::move(call.results);
    } else {
        reply.kind = RpcReplyKind::Register;
        RpcRegisterResult& only = call.results.front();
        if (!failure) {
            reply.status = only.status;
            reply.error = only.error;
        }
        reply.data = std::move(only.data);
    }
    send(call.address, reply);
}

void VregRpcService::State::send(const ReplyAddress& address, const RpcReply& reply) {
    mqtt::Message message;
    message.topic = address.topic;
    message.payload = encodeReply(reply);
    message.qos = mqtt::Qos::AtLeastOnce;
    message.correlationData = address.correlationData;
    ++counters.replies;
    if (reply.status.isError()) {
        ++counters.errors;
        logDebug("VregLink RPC: {} to {}: {}", formatStatus(reply.status), address.topic,
                 reply.error);
    }
    // A reply is owed: it waits for the broker to come back rather than being lost.
    transport.publish(std::move(message), mqtt::WhenOffline::Queue);
}

VregRpcService::VregRpcService(asio::io_context& io, mqtt::Transport& transport,
                               venus::DeviceDirectory& directory, VregRpcOptions options)
    : state_(std::make_shared<State>(io, transport, directory, std::move(options))) {
    // The transport keeps subscriptions and renews them on every reconnect (transport.h).
    transport.subscribe(state_->requestTopic, mqtt::Qos::AtLeastOnce);
    transport.addListener(*this);
    directory.addListener(*this);
}

VregRpcService::~VregRpcService() {
    state_->transport.removeListener(*this);
    state_->directory.removeListener(*this);
    std::vector<std::uint64_t> keys;
    for (const auto& [key, call] : state_->calls) keys.push_back(key);
    for (const auto key : keys) {
        state_->finish(key, RpcError{VregStatus::timeout(), "the gateway is stopping", {}, {}});
    }
}

const std::string& VregRpcService::requestTopic() const {
    return state_->requestTopic;
}

std::string VregRpcService::replyTopicFor(std::string_view client) const {
    return fmt::format("{}/reply/{}", state_->requestTopic, client);
}

const VregRpcCounters& VregRpcService::counters() const {
    return state_->counters;
}

std::size_t VregRpcService::outstanding() const {
    return state_->calls.size();
}

void VregRpcService::setAllowWrites(bool allow) {
    state_->options.allowWrites = allow;
}

void VregRpcService::onMessage(const mqtt::Message& message) {
    if (message.topic != state_->requestTopic) return;
    // Handled from the loop, not inside the transport's delivery (it may be iterating listeners).
    asio::post(state_->io, [weak = std::weak_ptr<State>(state_), message] {
        if (const auto state = weak.lock()) state->handle(message);
    });
}

void VregRpcService::onDeviceAdded(const venus::PublishedDevice&) {}

void VregRpcService::onDeviceRemoved(const venus::PublishedDevice& device) {
    // Answered now, before the backend is destroyed (DeviceDirectoryListener): its own late
    // 0x8400 answers then find no call, and no call keeps a pointer to it.
    std::vector<std::uint64_t> keys;
    for (const auto& [key, call] : state_->calls) {
        if (call.serviceName == device.serviceName) keys.push_back(key);
    }
    for (const auto key : keys) {
        state_->finish(
            key,
            RpcError{
                VregStatus::timeout(), fmt::format("device {} went away", device.key()), {}, {}});
    }
}

}  // namespace vreglink::mqttgw
