// Who a device is: product, firmware, serial, model — read once by info, dump, backup, restore.
#pragma once

#include "catalog/catalog.h"
#include "device_connection.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace vreglink::cli {

struct DeviceIdentity {
    std::optional<ProductId> productId;
    const catalog::ProductInfo* product = nullptr;  // when the catalog knows the PID
    std::string firmware;                           // "1.61"
    std::string serial;
    std::string model;                         // 0x010B model name, when supported
    std::optional<device::VregReply> failure;  // why the product id could not be read

    std::string productName() const;  // catalog name, else model name, else "unknown product"
    std::optional<catalog::Family> family() const;
    nlohmann::json toJson() const;
};

// Product id (HEX command 0x4), firmware (ping), serial (0x010A) and model name (0x010B): a
// blocking wrapper over device::readIdentity, running the connection's loop until it answers.
// Over Bluetooth and MQTT (no HEX commands) registers 0x0100, 0x0102, 0x010A and 0x010B in one
// batch.
DeviceIdentity readIdentity(DeviceConnection& connection);

// readIdentity(), or nullopt after telling the user on stderr why the device did not say who it
// is (every command that needs the product family starts with this).
std::optional<DeviceIdentity> identifyOrReport(DeviceConnection& connection,
                                               const std::string& port);

}  // namespace vreglink::cli
