// The product profiles of the simulated VictronConnect peripherals (ble-gatt.md §4.3, §7):
// two-chip SmartShunt and SmartSolar (instances 0, 1, 3), single-chip Orion Smart (instance 0).
#include "sim/bluez/victron_peripheral.h"

#include "sim/models/models.h"

namespace vreglink::sim::bluez {

namespace {

std::vector<VregId> ids(std::initializer_list<std::uint16_t> list) {
    std::vector<VregId> out;
    for (std::uint16_t id : list) out.emplace_back(id);
    return out;
}

// §9.2: 0x10, 0x02, product id LE, record type, nonce LE, key byte 0, then an encrypted-looking
// payload. Enough for a scanner to show the product; not decryptable.
Bytes instantReadout(std::uint16_t pid, std::uint8_t recordType, std::uint32_t seed) {
    Bytes out{0x10,
              0x02,
              static_cast<std::uint8_t>(pid & 0xFF),
              static_cast<std::uint8_t>(pid >> 8),
              recordType,
              static_cast<std::uint8_t>(seed & 0xFF),
              static_cast<std::uint8_t>((seed >> 8) & 0xFF),
              0x40};  // first key byte of makeBleChipBackend's 0xEC65
    std::uint32_t x = seed;
    for (int i = 0; i < 10; ++i) {
        x = x * 1103515245U + 12345U;
        out.push_back(static_cast<std::uint8_t>(x >> 16));
    }
    return out;
}

// §4.4.2: `02 9F 00 00 01 00 03 01 FF`.
ble::DeviceList twoChipList() {
    return ble::DeviceList{{0, 0, 1, 0, 3, 1}, true};
}

std::unique_ptr<VictronPeripheral> twoChip(asio::io_context& io, std::unique_ptr<DeviceModel> model,
                                           std::string prefix, std::uint8_t recordType,
                                           std::vector<VregId> pushed, std::string address,
                                           std::optional<std::uint32_t> passkey,
                                           std::uint32_t seed) {
    VictronPeripheralConfig config;
    config.name = prefix + " " + model->personality().serial;
    config.address = std::move(address);
    config.passkey = passkey;
    config.manufacturerData = instantReadout(model->personality().pid.value, recordType, seed);
    config.deviceList = twoChipList();
    std::map<std::uint32_t, std::unique_ptr<InstanceBackend>> instances;
    instances[0] = makeBleChipBackend(0x0123456789ABCDEFULL ^ seed);
    instances[1] = makeUartBridgeBackend();
    instances[3] = std::make_unique<ModelBackend>(*model, std::move(pushed));
    return std::make_unique<VictronPeripheral>(io, std::move(config), std::move(model),
                                               std::move(instances));
}

}  // namespace

std::unique_ptr<VictronPeripheral> makeVictronPeripheral(asio::io_context& io,
                                                         std::string_view model,
                                                         std::string address,
                                                         std::optional<std::uint32_t> passkey,
                                                         std::uint32_t seed) {
    ModelOptions options;
    options.seed = seed;
    if (model == "smartshunt") {
        // §4.4.7 SmartShunt inst 3 pushes.
        return twoChip(io, makeBmvModel(options, true), "SmartShunt", 0x02,
                       ids({0xED8F, 0xED8C, 0xED8E, 0x0FFE, 0xED7D, 0x0308, 0xED8D, 0x0FFF}),
                       std::move(address), passkey, seed);
    }
    if (model == "smartsolar") {
        // §4.4.7 SmartSolar inst 3 pushes (those the mppt model has).
        return twoChip(io, makeMpptModel(options), "SmartSolar", 0x01,
                       ids({0xEDBB, 0xEDBC, 0xED8D, 0xED8F, 0x0201, 0xEDD3}), std::move(address),
                       passkey, seed);
    }
    if (model == "orion") {
        VictronPeripheralConfig config;
        config.name = "Orion Smart HQ2150ORION";
        config.address = std::move(address);
        config.passkey = passkey;
        config.manufacturerData = instantReadout(0xA3C0, 0x04, seed);
        config.deviceList = ble::DeviceList{{0, 0}, true};  // §5.5 step 3: `02 9F 00 00 FF` [G]
        std::map<std::uint32_t, std::unique_ptr<InstanceBackend>> instances;
        instances[0] = makeOrionBackend(seed);
        return std::make_unique<VictronPeripheral>(io, std::move(config), nullptr,
                                                   std::move(instances));
    }
    return nullptr;
}

std::vector<std::string_view> victronPeripheralModels() {
    return {"smartshunt", "smartsolar", "orion"};
}

}  // namespace vreglink::sim::bluez
