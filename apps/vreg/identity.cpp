#include "identity.h"

#include "device/device_identity.h"
#include "output.h"

#include <fmt/format.h>

namespace vreglink::cli {

std::string DeviceIdentity::productName() const {
    if (product) return product->name;
    if (!model.empty()) return model;
    return "unknown product";
}

std::optional<catalog::Family> DeviceIdentity::family() const {
    if (product) return product->family;
    return std::nullopt;
}

nlohmann::json DeviceIdentity::toJson() const {
    nlohmann::json j;
    j["product_id"] = productId ? nlohmann::json(formatProductId(*productId)) : nlohmann::json();
    j["product"] = productName();
    j["family"] = family() ? nlohmann::json(catalog::familyName(*family())) : nlohmann::json();
    j["firmware"] = firmware;
    j["serial"] = serial;
    j["model"] = model;
    return j;
}

DeviceIdentity readIdentity(DeviceConnection& connection) {
    // The one identity reader is device::readIdentity (async, also used by vreglinkd); the CLI
    // runs the loop until it answers. The session always has a timer armed while a request is
    // pending, so run_one() returning 0 means a broken promise: report rather than hang.
    std::optional<std::optional<device::DeviceIdentity>> result;
    device::VregReply failure;
    device::readIdentity(connection.device(), [&](std::optional<device::DeviceIdentity> identity,
                                                  const device::VregReply& why) {
        result = std::move(identity);
        failure = why;
    });
    connection.io().restart();
    while (!result) {
        if (connection.io().run_one() == 0) {
            result.emplace();
            failure = {VregStatus::timeout(), {}, "internal error: identity was never answered"};
        }
    }
    DeviceIdentity id;
    if (!*result) {
        id.failure = failure;
        return id;
    }
    const device::DeviceIdentity& read = **result;
    id.productId = read.productId;
    id.product = read.product;
    id.firmware = read.firmwareText();
    id.serial = read.serial;
    id.model = read.model;
    return id;
}

std::optional<DeviceIdentity> identifyOrReport(DeviceConnection& connection,
                                               const std::string& port) {
    DeviceIdentity id = readIdentity(connection);
    if (id.failure) {
        fmt::print(stderr, "vreg: {}: no product id: {}\n", port, describeReply(*id.failure));
        return std::nullopt;
    }
    return id;
}

}  // namespace vreglink::cli
