#include "sim/bluez/victron_peripheral.h"

#include "ble/chunker.h"
#include "ble/message_encoder.h"
#include "core/log.h"
#include "sim/bluez/victron_gatt_layout.h"

#include <exception>
#include <type_traits>

namespace vreglink::sim::bluez {

namespace {
constexpr std::uint16_t kKeepAliveVreg = 0x0093;  // §3.3 CONNECTION_KEEP_ALIVE, un16 ms
const Bytes kCtrlAck{0xF9, 0x01};                 // §2.3 D→H after each received transfer
}  // namespace

VictronPeripheral::VictronPeripheral(
    asio::io_context& io, VictronPeripheralConfig config, std::unique_ptr<DeviceModel> model,
    std::map<std::uint32_t, std::unique_ptr<InstanceBackend>> instances)
    : io_(io),
      config_(std::move(config)),
      model_(std::move(model)),
      instances_(std::move(instances)),
      assembler_(*this),
      pushTimer_(io),
      keepAliveTimer_(io) {}

VictronPeripheral::~VictronPeripheral() = default;

std::map<std::uint16_t, Bytes> VictronPeripheral::manufacturerData() const {
    if (config_.manufacturerData.empty()) return {};
    return {{kVictronCompanyId, config_.manufacturerData}};
}

std::vector<GattServiceSpec> VictronPeripheral::services() const {
    return victronGattLayout();
}

InstanceBackend* VictronPeripheral::instance(std::uint32_t instance) {
    auto it = instances_.find(instance);
    return it == instances_.end() ? nullptr : it->second.get();
}

void VictronPeripheral::connected(PeripheralLink& link) {
    link_ = &link;
    ++generation_;
    ++counters_.connects;
    assembler_.clear();  // §5.3: a new connection starts with an empty buffer
    subscribed_.clear();
    keepAliveArmed_ = false;  // §3.3: "the first time after the start of a connection"
    keepAliveTimer_.cancel();
    advanceModels();  // answers read the device as it is now, uptime included
    schedulePush();
}

void VictronPeripheral::disconnected() {
    link_ = nullptr;
    ++generation_;
    subscribed_.clear();
    keepAliveArmed_ = false;
    pushTimer_.cancel();
    keepAliveTimer_.cancel();
    assembler_.clear();
}

void VictronPeripheral::written(const std::string& uuid, const Bytes& value) {
    // Called from an sd-bus callback: nothing may escape.
    try {
        const auto now = std::chrono::steady_clock::now();
        if (uuid == kVictronMore) {
            assembler_.feed(ble::ChunkKind::More, value, now);  // §5.5 step 2: buffer
        } else if (uuid == kVictronLast) {
            assembler_.feed(ble::ChunkKind::Last, value, now);  // parse, answer, clear
        }
        // CTRL: any write accepted (§2.3, §5.5 step 7).
    } catch (const std::exception& e) {
        logWarning("victron peripheral {}: write failed: {}", config_.address, e.what());
    } catch (...) {
        logWarning("victron peripheral {}: write failed", config_.address);
    }
}

Bytes VictronPeripheral::read(const std::string& uuid) {
    if (uuid == kDeviceInfo) return config_.deviceInfo;
    return {};  // CTRL reads are empty (§1.1)
}

void VictronPeripheral::onTransfer(const ble::DecodedTransfer& transfer) {
    ++counters_.transfers;
    if (transfer.error) {
        logInfo("victron peripheral {}: request transfer {} after {} messages", config_.address,
                ble::decodeErrorName(transfer.error->reason), transfer.messages.size());
    }
    // One answer transfer per request transfer (§5.5 step 8).
    std::vector<ble::Message> out;
    for (const auto& message : transfer.messages) {
        ++counters_.messages;
        answer(message, out);
    }
    send(out);
    if (link_ != nullptr) link_->notify(kVictronCtrl, kCtrlAck);  // §2.3, §5.5 step 7
}

void VictronPeripheral::answer(const ble::Message& request, std::vector<ble::Message>& out) {
    std::visit(
        [&](const auto& m) {
            using T = std::decay_t<decltype(m)>;
            (void)m;  // unused in some branches
            if constexpr (std::is_same_v<T, ble::GetDevices>) {
                out.emplace_back(config_.deviceList);  // §4.4.2
            } else if constexpr (std::is_same_v<T, ble::Subscribe>) {
                // §4.4.3: every subscribe answered `07 00 03 00`; pushes start for the instance.
                const bool known = instances_.count(m.instance.value) != 0;
                out.emplace_back(ble::CommandStatus{
                    ble::kBleChipInstance, static_cast<std::uint32_t>(ble::Opcode::Subscribe),
                    known ? ble::commandstatus::kOk : ble::commandstatus::kUnknown});
                if (known) subscribed_[m.instance.value].clear();
            } else if constexpr (std::is_same_v<T, ble::GetValues>) {
                // §4.4.4: per register one `08` or one `09`.
                InstanceBackend* backend = instance(m.instance.value);
                for (VregId id : m.vregs) {
                    if (backend == nullptr) {
                        out.emplace_back(
                            ble::VregError{m.instance, id, ble::vregerror::kUnknownVreg});
                        continue;
                    }
                    GetResult r = backend->get(id);
                    if (r.value) {
                        out.emplace_back(ble::Value{m.instance, id, std::move(*r.value)});
                    } else {
                        out.emplace_back(ble::VregError{m.instance, id, r.code});
                    }
                }
            } else if constexpr (std::is_same_v<T, ble::SetValue>) {
                answerSet(m, out);
            } else if constexpr (std::is_same_v<T, ble::GetPathList> ||
                                 std::is_same_v<T, ble::GetPathValues>) {
                // §4.4.9: "the device rejected it".
                out.emplace_back(ble::CommandStatus{m.instance,
                                                    static_cast<std::uint32_t>(T::kOpcode),
                                                    ble::commandstatus::kRejected});
            } else {
                logInfo("victron peripheral {}: ignoring {}", config_.address,
                        ble::formatMessage(request));
            }
        },
        request);
}

void VictronPeripheral::answerSet(const ble::SetValue& set, std::vector<ble::Message>& out) {
    // §3.3 keep-alive on the BLE chip (instance 0 on both profiles).
    if (set.instance == ble::kBleChipInstance && set.vreg.value == kKeepAliveVreg) {
        if (config_.rejectKeepAlive) {
            out.emplace_back(ble::VregError{set.instance, set.vreg, ble::vregerror::kUnknownVreg});
            return;
        }
        if (set.value.size() != 2) {
            out.emplace_back(ble::VregError{set.instance, set.vreg, setcode::kBadValue});
            return;
        }
        armKeepAlive(std::chrono::milliseconds(readLe16(set.value.data())));
        out.emplace_back(ble::Value{set.instance, set.vreg, set.value});
        return;
    }
    InstanceBackend* backend = instance(set.instance.value);
    if (backend == nullptr) {
        out.emplace_back(ble::VregError{set.instance, set.vreg, setcode::kUnknown});
        return;
    }
    if (auto code = backend->set(set.vreg, set.value)) {
        out.emplace_back(ble::VregError{set.instance, set.vreg, *code});
        return;
    }
    // §4.4.5 [G]: success is answered with an `08` of the value as now stored.
    GetResult now = backend->get(set.vreg);
    if (now.value) out.emplace_back(ble::Value{set.instance, set.vreg, std::move(*now.value)});
}

void VictronPeripheral::send(const std::vector<ble::Message>& messages) {
    if (messages.empty() || link_ == nullptr) return;
    const Bytes transfer = ble::encodeTransfer(messages);
    const ble::Chunker chunker(link_->mtu());
    for (const ble::Chunk& chunk : chunker.split(transfer)) {
        link_->notify(chunk.kind == ble::ChunkKind::More ? kVictronMore : kVictronLast,
                      Bytes(chunk.bytes.begin(), chunk.bytes.end()));
    }
    ++counters_.answers;
}

void VictronPeripheral::armKeepAlive(std::chrono::milliseconds timeout) {
    // §3.3 "a timer is started with the given timeout"; every later set refreshes it, as the app
    // re-sends it every ~3.4 s to keep a 10 s timer from expiring (§3.1 step 11).
    keepAliveArmed_ = true;
    keepAliveTimer_.expires_after(timeout);
    const std::uint64_t generation = generation_;
    keepAliveTimer_.async_wait([this, generation](const std::error_code& ec) {
        if (ec) return;  // cancelled (possibly with this gone): touch nothing
        if (generation != generation_ || link_ == nullptr) return;
        ++counters_.keepAliveExpiries;
        logInfo("victron peripheral {}: keep-alive expired, dropping the link", config_.address);
        link_->disconnect();
    });
}

void VictronPeripheral::schedulePush() {
    pushTimer_.expires_after(config_.pushInterval);
    const std::uint64_t generation = generation_;
    pushTimer_.async_wait([this, generation](const std::error_code& ec) {
        if (ec) return;
        if (generation != generation_ || link_ == nullptr) return;
        try {
            push();
        } catch (const std::exception& e) {
            logWarning("victron peripheral {}: push failed: {}", config_.address, e.what());
        }
        schedulePush();
    });
}

void VictronPeripheral::advanceModels() {
    const auto now = std::chrono::steady_clock::now();
    auto dt = std::chrono::duration_cast<std::chrono::milliseconds>(now - lastTick_);
    lastTick_ = now;
    // The device lives on while nobody is connected: the time since the last connection is
    // caught up in steps of at most a second (what the models are stepped with elsewhere), up to
    // a day (the models' own cycle).
    dt = std::min<std::chrono::milliseconds>(dt, std::chrono::hours(24));
    while (dt.count() > 0) {
        const auto step = std::min<std::chrono::milliseconds>(dt, std::chrono::seconds(1));
        for (auto& [number, backend] : instances_) backend->tick(step);
        dt -= step;
    }
}

void VictronPeripheral::push() {
    advanceModels();
    // §4.4.7: changed values of subscribed instances, one register per message, one transfer.
    std::vector<ble::Message> out;
    for (auto& [number, sent] : subscribed_) {
        InstanceBackend* backend = instance(number);
        if (backend == nullptr) continue;
        for (VregId id : backend->pushed()) {
            GetResult r = backend->get(id);
            if (!r.value) continue;
            auto it = sent.find(id);
            if (it != sent.end() && it->second == *r.value) continue;
            sent[id] = *r.value;
            out.emplace_back(ble::Value{ble::Instance(number), id, std::move(*r.value)});
        }
    }
    send(out);
}

}  // namespace vreglink::sim::bluez
