// What a simulated Bluetooth LE peripheral is to the BlueZ simulator (DESIGN.md "Simulators"):
// its advertisement (name, address, RSSI, manufacturer data), its security (a 6-digit passkey,
// ble-gatt.md §1.3), its GATT table (§1.1, §1.2) and callbacks for connection and host writes.
// Only the radio is simulated: the peripheral sees writes one connection event at a time and
// sends notifications through the PeripheralLink, as a real device does.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace vreglink::sim::bluez {

using Bytes = std::vector<std::uint8_t>;

// Characteristic properties as BlueZ reports them in GattCharacteristic1.Flags (gatt-api.txt).
enum GattFlag : unsigned {
    kRead = 1U << 0,                  // "read"
    kWriteWithoutResponse = 1U << 1,  // "write-without-response"
    kWrite = 1U << 2,                 // "write"
    kNotify = 1U << 3,                // "notify"
    kIndicate = 1U << 4,              // "indicate"
};

struct GattCharacteristicSpec {
    std::string uuid;  // 128-bit, lower case ("306b0002-b081-4037-83dc-e59fcc3cdfd0")
    unsigned flags = 0;
    // Declaration handle (value handle = +1, CCCD = +2, ble-gatt.md §1.2); 0: assigned in order.
    std::uint16_t handle = 0;
};

struct GattServiceSpec {
    std::string uuid;
    std::uint16_t handle = 0;  // start handle; 0: assigned in order
    std::vector<GattCharacteristicSpec> characteristics;
};

// The simulator's side of one connection, given to the peripheral on connect.
class PeripheralLink {
  public:
    virtual ~PeripheralLink() = default;
    // A Handle Value Notification (ATT 0x1B) on the characteristic: queued, sent in the coming
    // connection events. At most ATT_MTU - 3 bytes (§1.3); longer is a peripheral bug (logged).
    virtual void notify(const std::string& characteristicUuid, Bytes value) = 0;
    // The peripheral drops the link (keep-alive expiry, §3.3). Takes effect after the callback.
    virtual void disconnect() = 0;
    virtual std::uint16_t mtu() const = 0;
};

class GattPeripheral {
  public:
    virtual ~GattPeripheral() = default;

    virtual std::string name() const = 0;     // "SmartShunt HQ2041ABCDE"
    virtual std::string address() const = 0;  // "AA:BB:CC:DD:EE:FF"
    virtual std::int16_t rssi() const { return -60; }
    // Company id → bytes after it (0x02E1 Victron: the Instant Readout record, §9.2).
    virtual std::map<std::uint16_t, Bytes> manufacturerData() const { return {}; }
    // 6-digit passkey the host must enter to bond (§1.3); none: "Just Works", no encryption needed.
    virtual std::optional<std::uint32_t> passkey() const { return std::nullopt; }
    virtual std::vector<GattServiceSpec> services() const = 0;

    virtual void connected(PeripheralLink& link) = 0;
    virtual void disconnected() = 0;
    // A host write (request or command), delivered in the connection event that carries it.
    virtual void written(const std::string& characteristicUuid, const Bytes& value) = 0;
    // A read request; CTRL reads return an empty value (§1.1).
    virtual Bytes read(const std::string& /*characteristicUuid*/) { return {}; }
};

}  // namespace vreglink::sim::bluez
