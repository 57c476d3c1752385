// vreg info PORT — product, firmware, serial, state.
#include "commands.h"
#include "identity.h"
#include "output.h"

#include <fmt/format.h>

namespace vreglink::cli {

std::unique_ptr<DeviceConnection> connectOrReport(const GlobalOptions& g, const std::string& port) {
    auto connection = DeviceConnection::open(port, g.connection);
    if (!connection) {
        fmt::print(stderr, "vreg: {}\n", connection.error());
        return nullptr;
    }
    return std::move(connection).value();
}

int runInfo(const GlobalOptions& g, const std::string& port) {
    auto connection = connectOrReport(g, port);
    if (!connection) return kExitDeviceError;
    const auto identity = identifyOrReport(*connection, port);
    if (!identity) return kExitDeviceError;
    const DeviceIdentity& id = *identity;

    // "State": the charger/inverter state register; battery monitors have none, so their state
    // of charge stands in for it.
    const auto& cat = catalog::Catalog::builtin();
    VregId stateId(0x0201);
    auto state = connection->get(stateId);
    if (!state.status.isOk()) {
        stateId = VregId(0x0FFF);
        state = connection->get(stateId);
    }
    const catalog::RegisterInfo* stateInfo = cat.find(stateId);
    const auto stateValue =
        state.status.isOk() ? catalog::decodeValue(stateInfo, state.data) : catalog::DecodedValue{};

    if (g.json) {
        auto j = id.toJson();
        j["port"] = port;
        if (state.status.isOk()) {
            j["state"] = registerJson(stateId, stateInfo, state);
        } else {
            j["state"] = nullptr;
        }
        printJsonLine(j);
        return kExitOk;
    }
    if (connection->bus() != nullptr) {
        fmt::print("Service:   {}\n", connection->service());
    } else {
        fmt::print("Port:      {}\n", port);
    }
    fmt::print("Product:   {} ({})\n", id.productName(), formatProductId(*id.productId));
    if (!id.model.empty()) fmt::print("Model:     {}\n", id.model);
    fmt::print("Firmware:  {}\n", id.firmware.empty() ? "unknown" : id.firmware);
    fmt::print("Serial:    {}\n", id.serial.empty() ? "unknown" : id.serial);
    if (state.status.isOk()) {
        fmt::print("State:     {} ({})\n", stateValue.display(),
                   stateInfo ? stateInfo->name : formatVregId(stateId));
    } else {
        fmt::print("State:     unknown ({})\n", describeReply(state));
    }
    return kExitOk;
}

}  // namespace vreglink::cli
