// A small scripted VictronConnect peripheral for BleDevice tests (ble-gatt.md §3, §4, §5.5): it
// reassembles what the host writes with the codec's TransferAssembler, answers each transfer
// with one transfer of its own (Chunker + encoder, at the connection's MTU), and records every
// write and every decoded message. Behaviour is set by plain fields; no timing of its own.
#pragma once

#include "ble/message.h"
#include "ble/transfer_assembler.h"
#include "sim/bluez/gatt_peripheral.h"

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace vreglink::testing {

class ScriptedGattPeripheral final : public sim::bluez::GattPeripheral, ble::TransferHandler {
  public:
    enum class SetAnswer : std::uint8_t { Echo, ErrorZero, Silent, SilentIgnore };

    ScriptedGattPeripheral(std::string address, std::uint32_t pin);

    std::string name() const override { return "SmartShunt HQ2041TEST"; }
    std::string address() const override { return address_; }
    std::optional<std::uint32_t> passkey() const override { return pin_; }
    std::vector<sim::bluez::GattServiceSpec> services() const override;
    void connected(sim::bluez::PeripheralLink& link) override;
    void disconnected() override;
    void written(const std::string& uuid, const sim::bluez::Bytes& value) override;

    // `08 3 vreg payload` now, as a subscription push (§4.4.7).
    bool push(VregId vreg, const Bytes& payload);
    // One raw notification (a chunk as it would arrive after losses on the air).
    bool notifyRaw(const std::string& uuid, const Bytes& chunk);

    // Script
    std::vector<std::uint32_t> deviceList{0, 0, 1, 0, 3, 1};  // §4.4.2, SmartShunt
    std::map<std::uint16_t, Bytes> values;                    // instance 3 registers
    std::map<std::uint16_t, std::uint32_t> errors;            // instance 3: `09` code for a Get
    SetAnswer setAnswer = SetAnswer::Echo;
    bool answerGets = true;
    std::uint32_t keepAliveError = 1;  // the 2021 SmartShunt answers 0x0093 with code 1 (§3.3)

    // Record
    std::vector<std::pair<std::string, Bytes>> writes;  // every host write, in order
    std::vector<std::vector<ble::Message>> transfers;   // every host transfer, decoded
    int connects = 0;

  private:
    void onTransfer(const ble::DecodedTransfer& transfer) override;
    void answer(const ble::Message& message, std::vector<ble::Message>& out);
    void send(const std::vector<ble::Message>& messages);

    std::string address_;
    std::uint32_t pin_;
    sim::bluez::PeripheralLink* link_ = nullptr;
    ble::TransferAssembler assembler_;
};

}  // namespace vreglink::testing
