#include "identity.h"

#include "dbus/vreglink_client.h"
#include "device/device_identity.h"
#include "output.h"
#include "vedirect/hex_message.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

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

namespace {

// Through vreglinkd: the service's BusItem paths (/ProductId, /FirmwareVersion, /Serial,
// /ProductName), which the daemon read from the device before it registered the service.
DeviceIdentity readDbusIdentity(DeviceConnection& connection) {
    DeviceIdentity id;
    const auto call = std::max(connection.options().timeout, std::chrono::milliseconds(3000));
    auto info = dbus::readVenusServiceInfo(*connection.bus(), connection.service(), call);
    if (!info) {
        id.failure = device::VregReply{VregStatus::timeout(), {}, info.error()};
        return id;
    }
    if (!info->productId || *info->productId < 0 || *info->productId > 0xFFFF) {
        id.failure = device::VregReply{VregStatus::timeout(), {}, "the service has no /ProductId"};
        return id;
    }
    id.productId = ProductId(static_cast<std::uint16_t>(*info->productId));
    id.product = catalog::Catalog::builtin().findProduct(*id.productId);
    if (info->firmwareVersion && *info->firmwareVersion >= 0) {
        id.firmware = vedirect::formatFirmwareVersion(
            static_cast<std::uint16_t>(*info->firmwareVersion & 0xFFFF));
    }
    id.serial = info->serial;
    if (id.product == nullptr) id.model = info->productName;  // the name, when the catalog has none
    return id;
}

std::string stringValue(const device::VregReply& reply) {
    std::string s;
    for (std::uint8_t b : reply.data) {
        if (b == 0) break;  // NUL-padded (0x010A, 0x010B)
        s.push_back(static_cast<char>(b));
    }
    return s;
}

// Over Bluetooth and over MQTT (VregLink RPC) there are no HEX commands: the registers instead,
// in one batch. 0x0100 is
// [instance][PID lo][PID hi][flags]; 0x0102 is [instance] + un24 0xHHMMLL (velib: HH = 0 reads
// vMM.LL, else vHH.MM), shown like a VE.Direct ping value.
DeviceIdentity readRegisterIdentity(DeviceConnection& connection) {
    const std::array<VregId, 4> ids{VregId(0x0100), VregId(0x0102), VregId(0x010A), VregId(0x010B)};
    std::array<device::VregReply, 4> replies;
    connection.getMany(ids, [&](std::size_t i, const device::VregReply& r) { replies[i] = r; });
    DeviceIdentity id;
    const auto& pid = replies[0];
    if (!pid.status.isOk() || pid.data.size() != 4) {
        id.failure = pid;
        if (pid.status.isOk()) {
            id.failure->status = VregStatus::invalid();
            id.failure->message = "product id reply is not 4 bytes";
        }
        return id;
    }
    id.productId = ProductId(readLe16(&pid.data[1]));
    id.product = catalog::Catalog::builtin().findProduct(*id.productId);
    if (const auto& fw = replies[1]; fw.status.isOk() && fw.data.size() == 4) {
        const auto version =
            fw.data[3] == 0 ? (fw.data[2] << 8) | fw.data[1] : (fw.data[3] << 8) | fw.data[2];
        id.firmware = vedirect::formatFirmwareVersion(static_cast<std::uint16_t>(version));
    }
    if (replies[2].status.isOk()) id.serial = stringValue(replies[2]);
    if (replies[3].status.isOk()) id.model = stringValue(replies[3]);
    return id;
}

}  // namespace

DeviceIdentity readIdentity(DeviceConnection& connection) {
    if (connection.bus() != nullptr) return readDbusIdentity(connection);
    if (connection.vedirect() == nullptr) return readRegisterIdentity(connection);
    // The one identity reader is device::readIdentity (async, also used by vreglinkd); the CLI
    // runs the loop until it answers. The session always has a timer armed while a request is
    // pending, so run_one() returning 0 means a broken promise: report rather than hang.
    std::optional<std::optional<device::DeviceIdentity>> result;
    device::VregReply failure;
    device::readIdentity(*connection.vedirect(), [&](std::optional<device::DeviceIdentity> identity,
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
