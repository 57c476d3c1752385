#include "scripted_gatt_peripheral.h"

#include "ble/chunker.h"
#include "ble/message_encoder.h"
#include "sim/bluez/victron_gatt_layout.h"

#include <chrono>

namespace vreglink::testing {

ScriptedGattPeripheral::ScriptedGattPeripheral(std::string address, std::uint32_t pin)
    : address_(std::move(address)), pin_(pin), assembler_(*this) {}

std::vector<sim::bluez::GattServiceSpec> ScriptedGattPeripheral::services() const {
    return sim::bluez::victronGattLayout();
}

void ScriptedGattPeripheral::connected(sim::bluez::PeripheralLink& link) {
    link_ = &link;
    ++connects;
    assembler_.clear();  // §2.2 (a): a new connection starts a new receive buffer
}

void ScriptedGattPeripheral::disconnected() {
    link_ = nullptr;
}

void ScriptedGattPeripheral::written(const std::string& uuid, const sim::bluez::Bytes& value) {
    writes.emplace_back(uuid, Bytes(value.begin(), value.end()));
    const auto now = std::chrono::steady_clock::now();
    if (uuid == sim::bluez::kVictronMore) assembler_.feed(ble::ChunkKind::More, value, now);
    if (uuid == sim::bluez::kVictronLast) assembler_.feed(ble::ChunkKind::Last, value, now);
}

void ScriptedGattPeripheral::onTransfer(const ble::DecodedTransfer& transfer) {
    transfers.push_back(transfer.messages);
    std::vector<ble::Message> out;
    for (const auto& message : transfer.messages) answer(message, out);
    send(out);
}

void ScriptedGattPeripheral::answer(const ble::Message& message, std::vector<ble::Message>& out) {
    const ble::Instance product{3};
    if (std::holds_alternative<ble::GetDevices>(message)) {
        out.emplace_back(ble::DeviceList{deviceList, true});
    } else if (const auto* sub = std::get_if<ble::Subscribe>(&message)) {
        (void)sub;
        out.emplace_back(ble::CommandStatus{ble::Instance{0}, 3, 0});  // `07 00 03 00`
    } else if (const auto* get = std::get_if<ble::GetValues>(&message)) {
        if (!answerGets) return;
        for (const VregId id : get->vregs) {
            if (const auto e = errors.find(id.value); e != errors.end()) {
                out.emplace_back(ble::VregError{get->instance, id, e->second});
            } else if (const auto v = values.find(id.value); v != values.end()) {
                out.emplace_back(ble::Value{get->instance, id, v->second});
            } else {
                out.emplace_back(ble::VregError{get->instance, id, 1});
            }
        }
    } else if (const auto* set = std::get_if<ble::SetValue>(&message)) {
        if (set->instance != product) {
            if (keepAliveError != 0) {
                out.emplace_back(ble::VregError{set->instance, set->vreg, keepAliveError});
            }
            return;
        }
        if (setAnswer != SetAnswer::SilentIgnore) values[set->vreg.value] = set->value;
        switch (setAnswer) {
            case SetAnswer::Echo:
                out.emplace_back(ble::Value{product, set->vreg, set->value});
                break;
            case SetAnswer::ErrorZero:
                out.emplace_back(ble::VregError{product, set->vreg, 0});
                break;
            case SetAnswer::Silent:
            case SetAnswer::SilentIgnore:
                break;
        }
    }
}

void ScriptedGattPeripheral::send(const std::vector<ble::Message>& messages) {
    if (link_ == nullptr || messages.empty()) return;
    const Bytes transfer = ble::encodeTransfer(messages);
    // §5.2: ATT_MTU − 3 byte chunks, MORE then LAST.
    for (const auto& chunk : ble::Chunker(link_->mtu()).split(transfer)) {
        link_->notify(chunk.kind == ble::ChunkKind::More ? sim::bluez::kVictronMore
                                                         : sim::bluez::kVictronLast,
                      sim::bluez::Bytes(chunk.bytes.begin(), chunk.bytes.end()));
    }
}

bool ScriptedGattPeripheral::push(VregId vreg, const Bytes& payload) {
    if (link_ == nullptr) return false;
    send({ble::Value{ble::Instance{3}, vreg, payload}});
    return true;
}

bool ScriptedGattPeripheral::notifyRaw(const std::string& uuid, const Bytes& chunk) {
    if (link_ == nullptr) return false;
    link_->notify(uuid, chunk);
    return true;
}

}  // namespace vreglink::testing
