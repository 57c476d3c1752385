// A simulated VictronConnect peripheral (issue 4 part 5; ble-gatt.md §5.5 checklist): the GATT
// table of §1.1, host writes on MORE/LAST reassembled per transfer (§2.2, §5.1), every request
// answered per opcode (§4.4) with one transfer chunked at ATT_MTU − 3 (§5.2), `F9 01` on CTRL
// after each received transfer (§2.3), ~1 Hz pushes after Subscribe (§4.4.7), and the
// keep-alive 0x0093 timer that drops the link on expiry (§3.3).
#pragma once

#include "ble/message.h"
#include "ble/transfer_assembler.h"
#include "sim/bluez/gatt_peripheral.h"
#include "sim/bluez/victron_instances.h"
#include "sim/device_model.h"

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vreglink::sim::bluez {

struct VictronPeripheralConfig {
    std::string name;                          // "SmartShunt HQ2041ABCDE"
    std::string address;                       // "AA:BB:CC:DD:EE:FF"
    std::optional<std::uint32_t> passkey = 0;  // factory default PIN 000000 (§1.3)
    Bytes manufacturerData;                    // after company id 0x02E1 (§9.2)
    Bytes deviceInfo{0xFF, 0x12, 0x01, 0x00};  // read-only 97580001 blob (§1.1)
    ble::DeviceList deviceList;                // the answer to GetDevices (§4.4.2, §5.5 step 3)
    // §3.3: the 2021 SmartShunt BLE chip answers the keep-alive set with `09 00 18 93 01`.
    bool rejectKeepAlive = false;
    std::chrono::milliseconds pushInterval{1000};  // §4.4.7 ≈1 Hz
};

struct VictronPeripheralCounters {
    std::uint64_t transfers = 0;  // request transfers completed by a LAST
    std::uint64_t messages = 0;
    std::uint64_t answers = 0;  // answer transfers sent (requests and pushes)
    std::uint64_t keepAliveExpiries = 0;
    std::uint64_t connects = 0;
};

class VictronPeripheral final : public GattPeripheral, private ble::TransferHandler {
  public:
    // `model`: the VE.Direct model behind a backend (owned here so it outlives the backends);
    // may be null (single-chip table products).
    VictronPeripheral(asio::io_context& io, VictronPeripheralConfig config,
                      std::unique_ptr<DeviceModel> model,
                      std::map<std::uint32_t, std::unique_ptr<InstanceBackend>> instances);
    ~VictronPeripheral() override;

    std::string name() const override { return config_.name; }
    std::string address() const override { return config_.address; }
    std::map<std::uint16_t, Bytes> manufacturerData() const override;
    std::optional<std::uint32_t> passkey() const override { return config_.passkey; }
    std::vector<GattServiceSpec> services() const override;
    void connected(PeripheralLink& link) override;
    void disconnected() override;
    void written(const std::string& characteristicUuid, const Bytes& value) override;
    Bytes read(const std::string& characteristicUuid) override;

    // For tests and vreg-sim: the product's model (null for table-only products).
    DeviceModel* model() { return model_.get(); }
    InstanceBackend* instance(std::uint32_t instance);
    const VictronPeripheralCounters& counters() const { return counters_; }
    bool keepAliveArmed() const { return keepAliveArmed_; }
    void setRejectKeepAlive(bool reject) { config_.rejectKeepAlive = reject; }

  private:
    void onTransfer(const ble::DecodedTransfer& transfer) override;
    void answer(const ble::Message& request, std::vector<ble::Message>& out);
    void answerSet(const ble::SetValue& set, std::vector<ble::Message>& out);
    void send(const std::vector<ble::Message>& messages);
    void armKeepAlive(std::chrono::milliseconds timeout);
    void schedulePush();
    void push();
    // Steps the models up to now (they evolve with the wall clock, connected or not).
    void advanceModels();

    asio::io_context& io_;
    VictronPeripheralConfig config_;
    std::unique_ptr<DeviceModel> model_;  // before instances_: destroyed after them
    std::map<std::uint32_t, std::unique_ptr<InstanceBackend>> instances_;
    ble::TransferAssembler assembler_;
    PeripheralLink* link_ = nullptr;
    std::uint64_t generation_ = 0;  // bumped per connect/disconnect: stale timer handlers bail out
    // Per subscribed instance, the last value pushed per register (push on change, §5.5 step 4).
    std::map<std::uint32_t, std::map<VregId, Bytes>> subscribed_;
    asio::steady_timer pushTimer_;
    asio::steady_timer keepAliveTimer_;
    bool keepAliveArmed_ = false;
    std::chrono::steady_clock::time_point lastTick_ = std::chrono::steady_clock::now();
    VictronPeripheralCounters counters_;
};

// "smartshunt" (SmartShunt 500A/50mV over the bmv model), "smartsolar" (SmartSolar MPPT 100/30
// over the mppt model), "orion" (Orion Smart, single-chip, §7.4 table). Null for other names.
std::unique_ptr<VictronPeripheral> makeVictronPeripheral(asio::io_context& io,
                                                         std::string_view model,
                                                         std::string address,
                                                         std::optional<std::uint32_t> passkey,
                                                         std::uint32_t seed = 1);
// The names makeVictronPeripheral knows, for help texts and argument checks.
std::vector<std::string_view> victronPeripheralModels();

}  // namespace vreglink::sim::bluez
