#include "ble/advertisement.h"

namespace vreglink::ble {

std::optional<InstantReadout> parseInstantReadout(ByteView data) {
    // §9.2: 0x10, one undocumented byte (ignored), pid LE, record type, nonce LE, key byte.
    constexpr std::size_t kHeader = 8;
    if (data.size() < kHeader || data[0] != kProductAdvertisement) return std::nullopt;
    InstantReadout readout;
    readout.productId = readLe16(&data[2]);
    readout.recordType = data[4];
    readout.nonce = readLe16(&data[5]);
    readout.keyCheck = data[7];
    readout.encrypted.assign(data.begin() + kHeader, data.end());
    return readout;
}

const char* recordTypeName(std::uint8_t recordType) {
    switch (recordType) {
        case 0x00:
            return "test";
        case 0x01:
            return "solar charger";
        case 0x02:
            return "battery monitor";
        case 0x03:
            return "inverter";
        case 0x04:
            return "DC/DC converter";
        case 0x05:
            return "SmartLithium";
        case 0x06:
            return "inverter RS";
        case 0x07:
            return "GX device";
        case 0x08:
            return "AC charger";
        case 0x09:
            return "Smart BatteryProtect";
        case 0x0A:
            return "Lynx Smart BMS";
        case 0x0B:
            return "Multi RS";
        case 0x0C:
            return "VE.Bus";
        case 0x0D:
            return "DC energy meter";
        case 0x0F:
            return "Orion XS";
        default:
            return "unknown record";
    }
}

}  // namespace vreglink::ble
