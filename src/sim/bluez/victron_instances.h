// The register sources behind the instances of a simulated VictronConnect peripheral
// (ble-gatt.md §4.3): a small fixed table (the BLE chip, the UART bridge, a single-chip Orion,
// §7.1/§7.4) or a VE.Direct device model (the product of a two-chip device, instance 3, §7.2/§7.3).
// Each answers Get and Set with the VregError codes of §4.4.8.
#pragma once

#include "core/bytes.h"
#include "core/ids.h"
#include "sim/device_model.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace vreglink::sim::bluez {

// A Get answer: the value, or a VregError code (§4.4.8: 1 unknown, 2 not available, 3 command).
struct GetResult {
    std::optional<Bytes> value;
    std::uint32_t code = 0;
};

// Codes for a refused Set (§4.4.5: "failure → 09 with a code", codes beyond 1 never captured).
// Our documented choice [G]: the VE.Direct HEX response flags the UART bridge would see (vedirect
// §3.3) — 1 unknown register, 2 read-only, 4 wrong length or out of range.
namespace setcode {
inline constexpr std::uint32_t kUnknown = 1;
inline constexpr std::uint32_t kReadOnly = 2;
inline constexpr std::uint32_t kBadValue = 4;
}  // namespace setcode

class InstanceBackend {
  public:
    virtual ~InstanceBackend() = default;
    virtual GetResult get(VregId id) = 0;
    // nullopt: accepted and stored; else the VregError code.
    virtual std::optional<std::uint32_t> set(VregId id, ByteView value) = 0;
    // Simulated time passes (about once a second while connected).
    virtual void tick(std::chrono::milliseconds /*dt*/) {}
    // The registers this instance pushes after a Subscribe (§4.4.7 "pushed registers observed").
    virtual std::vector<VregId> pushed() const = 0;
};

enum class TableAccess : std::uint8_t { Read, ReadWrite, Command };

// A fixed register table. Set on ReadWrite entries must keep the stored length (§4.5).
class TableBackend : public InstanceBackend {
  public:
    void add(std::uint16_t id, Bytes value, TableAccess access = TableAccess::Read);
    void setPushed(std::vector<VregId> ids) { pushed_ = std::move(ids); }
    // Called from tick() with the table, to evolve values (Orion uptime, voltages).
    void setTicker(std::function<void(TableBackend&, std::chrono::milliseconds)> ticker) {
        ticker_ = std::move(ticker);
    }
    bool update(std::uint16_t id, Bytes value);

    GetResult get(VregId id) override;
    std::optional<std::uint32_t> set(VregId id, ByteView value) override;
    void tick(std::chrono::milliseconds dt) override;
    std::vector<VregId> pushed() const override { return pushed_; }

  private:
    struct Entry {
        Bytes value;
        TableAccess access = TableAccess::Read;
    };
    std::map<VregId, Entry> entries_;
    std::vector<VregId> pushed_;
    std::function<void(TableBackend&, std::chrono::milliseconds)> ticker_;
};

// The product behind the UART bridge: Get and Set go through the model's VE.Direct HEX handler,
// so settings, ranges, widths (catalog) and history days behave as on the serial port.
class ModelBackend : public InstanceBackend {
  public:
    ModelBackend(DeviceModel& model, std::vector<VregId> pushed)
        : model_(model), pushed_(std::move(pushed)) {}

    GetResult get(VregId id) override;
    std::optional<std::uint32_t> set(VregId id, ByteView value) override;
    void tick(std::chrono::milliseconds dt) override { model_.step(dt); }
    std::vector<VregId> pushed() const override { return pushed_; }

  private:
    DeviceModel& model_;
    std::vector<VregId> pushed_;
};

// §7.1 / §4.3: instance 0 (BLE chip) and 1 (UART bridge "nRF5x-UART0") of a two-chip product.
std::unique_ptr<TableBackend> makeBleChipBackend(std::uint64_t chipId);
std::unique_ptr<TableBackend> makeUartBridgeBackend();
// §7.4: a single-chip Orion Smart 12/12-18 (0xA3C0), everything on instance 0.
std::unique_ptr<TableBackend> makeOrionBackend(std::uint32_t seed);

}  // namespace vreglink::sim::bluez
