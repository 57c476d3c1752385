#include "identity.h"

#include "output.h"
#include "vedirect/hex_message.h"

#include <fmt/format.h>

namespace vreglink::cli {
namespace {

// String registers are NUL-padded (0x010A is 16 bytes on an MPPT, 24 on a SmartShunt, §3.3).
std::string stringValue(const device::VregReply& reply) {
    if (!reply.status.isOk()) return {};
    std::string s;
    for (std::uint8_t b : reply.data) {
        if (b == 0) break;
        s.push_back(static_cast<char>(b));
    }
    return s;
}

}  // namespace

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
    DeviceIdentity id;
    const auto pid = connection.command(vedirect::HexCommand::ProductId);
    if (pid.status.isOk() && pid.data.size() == 2) {
        id.productId = ProductId(readLe16(pid.data.data()));
        id.product = catalog::Catalog::builtin().findProduct(*id.productId);
    } else {
        id.failure = pid;
        return id;  // nothing else will answer either
    }
    const auto ping = connection.command(vedirect::HexCommand::Ping);
    if (ping.status.isOk() && ping.data.size() == 2) {
        id.firmware = vedirect::formatFirmwareVersion(readLe16(ping.data.data()));
    }
    id.serial = stringValue(connection.get(VregId(0x010A)));
    id.model = stringValue(connection.get(VregId(0x010B)));
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
