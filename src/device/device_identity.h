// Who a device is — product, firmware, serial, model name — read once when it (re)appears.
// Used by the CLI (info, dump, backup) and by vreglinkd before it registers a service
// ("register only once the product is known", venus-dbus-mqtt.md §2.1).
#pragma once

#include "catalog/catalog.h"
#include "core/ids.h"
#include "device/device.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace vreglink::device {

class VeDirectDevice;

struct DeviceIdentity {
    ProductId productId;
    const catalog::ProductInfo* product = nullptr;  // when the catalog knows the PID
    std::optional<std::uint16_t> firmware;          // ping value, e.g. 0x4161
    std::string serial;                             // 0x010A without NUL padding
    std::string model;                              // 0x010B model name, when supported

    std::string productName() const;   // catalog name, else model name, else "unknown product"
    std::string firmwareText() const;  // "1.61", "" when unknown
    std::optional<catalog::Family> family() const;
};

// VE.Direct: HEX 0x4 product id (§3.2, preferred over 0x0100), ping for the firmware; any other
// Device (Bluetooth): registers 0x0100 and 0x0102; then 0x010A and 0x010B. `done` gets the
// identity, or the failed reply when not even the product id could be read. Never synchronous. The
// device must outlive the read (each reply issues the next request on it); a read is at most four
// requests.
using IdentityHandler =
    std::function<void(std::optional<DeviceIdentity>, const VregReply& failure)>;
void readIdentity(Device& device, IdentityHandler done);

}  // namespace vreglink::device
