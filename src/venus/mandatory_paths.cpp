#include "venus/mandatory_paths.h"

#include "venus/item_text.h"

namespace vreglink::venus {
namespace {

void addString(ItemTree& tree, const std::string& path, const std::string& value,
               WriteHandler onWrite = {}) {
    tree.add(path, value, value, std::move(onWrite));
}

void addInt(ItemTree& tree, const std::string& path, std::int32_t value) {
    tree.add(path, value, itemText(value));
}

}  // namespace

std::int32_t venusFirmwareVersion(std::uint16_t pingValue) {
    // The top nibble marks the firmware type (§3.2) and is not part of the version.
    return static_cast<std::int32_t>(pingValue & 0x0FFF);
}

void addMandatoryPaths(ItemTree& tree, const device::DeviceIdentity& identity,
                       const PublisherOptions& options, WriteHandler customNameWrite) {
    addString(tree, "/Mgmt/ProcessName", options.processName);
    addString(tree, "/Mgmt/ProcessVersion", options.processVersion);
    addString(tree, "/Mgmt/Connection", options.connection);

    const auto pid = static_cast<std::int32_t>(identity.productId.value);
    const std::string pidText = productIdText(identity.productId.value);
    const std::string name = identity.productName();
    ItemValue firmware = Invalid{};
    std::string firmwareText = itemText(Invalid{});
    if (identity.firmware) {
        firmware = venusFirmwareVersion(*identity.firmware);
        firmwareText = identity.firmwareText();  // "1.61": what people read in VictronConnect
    }

    for (const std::string prefix : {"", "/Devices/0"}) {
        addInt(tree, prefix + "/DeviceInstance", options.deviceInstance);
        tree.add(prefix + "/ProductId", pid, pidText);
        addString(tree, prefix + "/ProductName", name);
        tree.add(prefix + "/FirmwareVersion", firmware, firmwareText);
        addString(tree, prefix + "/Serial", identity.serial);
        // Both CustomName paths write the same value (one physical device per service).
        addString(tree, prefix + "/CustomName", "", customNameWrite);
    }
    tree.add("/HardwareVersion", Invalid{}, itemText(Invalid{}));  // VE.Direct does not tell
    addInt(tree, "/Connected", 1);
    tree.add("/ErrorCode", Invalid{}, itemText(Invalid{}));  // family tables fill it when known
    addString(tree, "/Devices/0/ServiceName", options.serviceName);
    tree.add("/Devices/0/VregLink", Invalid{}, itemText(Invalid{}));
}

void publishCustomName(ItemTree& tree, const std::string& name) {
    tree.update("/CustomName", name, name);
    tree.update("/Devices/0/CustomName", name, name);
}

}  // namespace vreglink::venus
