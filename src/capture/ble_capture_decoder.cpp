#include "capture/ble_capture_decoder.h"

#include <numeric>

namespace vreglink::capture {
namespace {

// ATT opcodes (Core Vol 3 Part F §3.4.8) this decoder acts on.
constexpr std::uint8_t kWriteRequest = 0x12;
constexpr std::uint8_t kWriteCommand = 0x52;  // what the app uses (ble-gatt.md §1.1)
constexpr std::uint8_t kNotification = 0x1B;  // what the device uses (§1.1)
constexpr std::uint8_t kIndication = 0x1D;
constexpr std::uint8_t kFindInformationResponse = 0x05;
constexpr std::uint8_t kReadByTypeResponse = 0x09;

std::size_t flowIndex(Flow flow) {
    return static_cast<std::size_t>(flow);
}

}  // namespace

const char* flowName(Flow flow) {
    return flow == Flow::Tx ? "tx" : "rx";
}

std::uint64_t CaptureCounters::droppedTotal() const {
    return std::accumulate(dropped.begin(), dropped.end(), std::uint64_t{0});
}

// One direction of one connection: a TransferAssembler whose results become events.
class BleCaptureDecoder::FlowAssembler final : public ble::TransferHandler {
  public:
    FlowAssembler(BleCaptureDecoder& decoder, std::uint16_t adapter, std::uint16_t connection,
                  Flow flow)
        : decoder_(decoder),
          adapter_(adapter),
          connection_(connection),
          flow_(flow),
          assembler_(*this) {}

    ble::TransferAssembler& assembler() { return assembler_; }

    void onTransfer(const ble::DecodedTransfer& transfer) override {
        ++decoder_.counters_.flows[flowIndex(flow_)].transfers;
        for (const auto& message : transfer.messages) {
            decoder_.countMessage(flow_, message);
            CaptureEvent event = base(EventKind::Message);
            event.message = &message;
            decoder_.emit(event);
        }
    }

    void onDropped(ble::DropReason reason, ByteView bytes) override {
        ++decoder_.counters_.dropped[static_cast<std::size_t>(reason)];
        CaptureEvent event = base(EventKind::DecodeError);
        event.bytes = bytes;
        event.drop = reason;
        decoder_.emit(event);
    }

  private:
    CaptureEvent base(EventKind kind) const {
        CaptureEvent event;
        event.time = decoder_.now_;
        event.connection = connection_;
        event.adapter = adapter_;
        event.flow = flow_;
        event.kind = kind;
        return event;
    }

    BleCaptureDecoder& decoder_;
    std::uint16_t adapter_;
    std::uint16_t connection_;
    Flow flow_;
    ble::TransferAssembler assembler_;
};

struct BleCaptureDecoder::Connection {
    Connection(BleCaptureDecoder& decoder, std::uint16_t adapter, std::uint16_t handle)
        : flows{{{decoder, adapter, handle, Flow::Tx}, {decoder, adapter, handle, Flow::Rx}}} {}

    AttRoles roles;
    std::array<FlowAssembler, 2> flows;  // indexed by Flow
};

BleCaptureDecoder::BleCaptureDecoder(CaptureEventHandler& handler)
    : handler_(handler), hci_(*this) {}

BleCaptureDecoder::~BleCaptureDecoder() = default;

void BleCaptureDecoder::feed(const CaptureRecord& record) {
    ++counters_.records;
    if (!firstTime_) firstTime_ = record.time;
    now_ = record.time - *firstTime_;
    hci_.feed(record);
}

void BleCaptureDecoder::emit(CaptureEvent& event) {
    handler_.onEvent(event);
}

namespace {
// ACL handles are unique per controller only.
std::uint32_t connectionKey(std::uint16_t adapter, std::uint16_t handle) {
    return (std::uint32_t{adapter} << 16) | handle;
}
}  // namespace

BleCaptureDecoder::Connection& BleCaptureDecoder::connectionFor(std::uint16_t adapter,
                                                                std::uint16_t handle) {
    const std::uint32_t key = connectionKey(adapter, handle);
    auto it = connections_.find(key);
    if (it == connections_.end()) {
        // A connection whose start is not in the capture counts too.
        ++counters_.connections;
        it = connections_.emplace(key, std::make_unique<Connection>(*this, adapter, handle)).first;
    }
    return *it->second;
}

void BleCaptureDecoder::onConnected(std::uint16_t adapter, std::uint16_t connection,
                                    std::chrono::microseconds) {
    onDisconnected(adapter, connection, {});  // a handle reused without a Disconnection Complete
    connectionFor(adapter, connection);
}

void BleCaptureDecoder::onDisconnected(std::uint16_t adapter, std::uint16_t connection,
                                       std::chrono::microseconds) {
    const auto it = connections_.find(connectionKey(adapter, connection));
    if (it == connections_.end()) return;
    for (auto& flow : it->second->flows) flow.assembler().clear();  // §5.3: reset on disconnect
    connections_.erase(it);
}

void BleCaptureDecoder::finish() {
    for (auto& [handle, connection] : connections_) {
        for (auto& flow : connection->flows) flow.assembler().clear();
    }
}

void BleCaptureDecoder::onAtt(const AttPdu& pdu) {
    Connection& connection = connectionFor(pdu.adapter, pdu.connection);
    const std::uint8_t opcode = pdu.pdu[0];
    Flow flow = Flow::Rx;
    switch (opcode) {
        case kWriteRequest:
        case kWriteCommand:
            flow = Flow::Tx;
            break;
        case kNotification:
        case kIndication:
            flow = Flow::Rx;
            break;
        case kReadByTypeResponse:
        case kFindInformationResponse:
            connection.roles.learn(pdu.pdu);
            return;
        default:
            ++counters_.otherAtt;
            return;
    }
    if (pdu.pdu.size() < 3) {
        ++counters_.otherAtt;
        return;
    }
    const std::uint16_t handle = readLe16(&pdu.pdu[1]);
    const ByteView value = pdu.pdu.subspan(3);
    FlowCounters& counters = counters_.flows[flowIndex(flow)];
    const CharacteristicRole role = connection.roles.roleOf(handle);
    switch (role) {
        case CharacteristicRole::None:
            ++counters_.otherAtt;
            return;
        case CharacteristicRole::Control: {
            ++counters.control;
            CaptureEvent event;
            event.time = now_;
            event.connection = pdu.connection;
            event.adapter = pdu.adapter;
            event.flow = flow;
            event.kind = EventKind::Control;
            event.bytes = value;
            emit(event);
            return;
        }
        case CharacteristicRole::Last:
        case CharacteristicRole::More: {
            ++counters.chunks;
            const auto kind =
                role == CharacteristicRole::Last ? ble::ChunkKind::Last : ble::ChunkKind::More;
            const std::chrono::steady_clock::time_point at(
                std::chrono::duration_cast<std::chrono::steady_clock::duration>(now_));
            connection.flows[flowIndex(flow)].assembler().feed(kind, value, at);
            return;
        }
    }
}

void BleCaptureDecoder::countMessage(Flow flow, const ble::Message& message) {
    FlowCounters& counters = counters_.flows[flowIndex(flow)];
    ++counters.messages;
    const auto opcode = static_cast<std::size_t>(ble::opcodeOf(message));
    if (opcode < kOpcodeSlots) ++counters.byOpcode[opcode];
    std::visit(
        [this](const auto& m) {
            using M = std::decay_t<decltype(m)>;
            if constexpr (std::is_same_v<M, ble::Value> || std::is_same_v<M, ble::VregError> ||
                          std::is_same_v<M, ble::SetValue>) {
                counters_.registers.set(m.vreg.value);
            } else if constexpr (std::is_same_v<M, ble::GetValues>) {
                for (const auto id : m.vregs) counters_.registers.set(id.value);
            } else if constexpr (std::is_same_v<M, ble::Subscribe>) {
                if (m.vregs) {
                    for (const auto id : *m.vregs) counters_.registers.set(id.value);
                }
            }
        },
        message);
}

CaptureDecodeResult decodeCapture(ByteView file, BleCaptureDecoder& decoder) {
    CaptureReader reader(file);
    while (const auto record = reader.next()) decoder.feed(*record);
    decoder.finish();
    return CaptureDecodeResult{reader.format(), reader.linkType(), reader.error()};
}

}  // namespace vreglink::capture
