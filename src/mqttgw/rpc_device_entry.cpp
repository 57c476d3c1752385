#include "mqttgw/rpc_device_entry.h"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

namespace vreglink::mqttgw {
namespace {

// nullopt when the path is absent or invalid (§2.4 "invalid" is the empty array on D-Bus).
std::optional<std::string> textAt(const venus::ItemTree& tree, std::string_view path) {
    const venus::Item* item = tree.find(path);
    if (item == nullptr) return std::nullopt;
    if (const auto* text = std::get_if<std::string>(&item->value)) return *text;
    return std::nullopt;
}

// /ProductId is an integer item ("0xA056" is only its text): formatted the way vreg prints it.
std::optional<std::string> productIdAt(const venus::ItemTree& tree) {
    const venus::Item* item = tree.find("/ProductId");
    if (item == nullptr) return std::nullopt;
    std::int64_t pid = -1;
    if (const auto* i32 = std::get_if<std::int32_t>(&item->value)) pid = *i32;
    if (const auto* i64 = std::get_if<std::int64_t>(&item->value)) pid = *i64;
    if (pid < 0 || pid > 0xFFFF) return std::nullopt;
    return formatProductId(ProductId(static_cast<std::uint16_t>(pid)));
}

}  // namespace

RpcDeviceEntry describeDevice(const venus::PublishedDevice& device) {
    RpcDeviceEntry entry;
    entry.device = device.key();
    entry.service = device.serviceName;
    if (device.tree == nullptr) return entry;
    const venus::ItemTree& tree = *device.tree;
    entry.productId = productIdAt(tree);
    entry.product = textAt(tree, "/ProductName");
    entry.serial = textAt(tree, "/Serial");
    entry.name = textAt(tree, "/CustomName");
    entry.connection = textAt(tree, "/Mgmt/Connection");
    return entry;
}

}  // namespace vreglink::mqttgw
