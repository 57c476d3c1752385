// vreg scan — nearby Victron Bluetooth devices: a BlueZ discovery session (link::BleScanner), then
// one row per device whose manufacturer data carries Victron's company id; the product comes from
// the Instant Readout header (ble-gatt.md §9.2) and the catalog.
#include "ble/advertisement.h"
#include "commands.h"
#include "link/ble_scanner.h"
#include "link/bluez_names.h"
#include "output.h"

#include <fmt/format.h>
#include <asio/io_context.hpp>

#include <optional>

namespace vreglink::cli {
namespace {

struct ScanRow {
    std::string name;
    std::string address;
    std::optional<std::int16_t> rssi;
    std::optional<ble::InstantReadout> readout;
    const catalog::ProductInfo* product = nullptr;

    std::string productText() const {
        if (product) return product->name;
        if (readout)
            return fmt::format("unknown product {}",
                               formatProductId(ProductId(readout->productId)));
        return "unknown product";
    }
};

ScanRow rowFor(const link::BluezDevice& device) {
    ScanRow row;
    row.name = device.name;
    row.address = device.address;
    row.rssi = device.rssi;
    const auto& data = device.manufacturerData.at(bluez::kVictronCompanyId);
    row.readout = ble::parseInstantReadout(data);
    if (row.readout) {
        row.product = catalog::Catalog::builtin().findProduct(ProductId(row.readout->productId));
    }
    return row;
}

nlohmann::json toJson(const ScanRow& row) {
    nlohmann::json j{{"name", row.name},
                     {"address", row.address},
                     {"port", "ble:" + row.address},
                     {"rssi", row.rssi ? nlohmann::json(*row.rssi) : nlohmann::json()},
                     {"product", row.productText()}};
    if (row.readout) {
        j["product_id"] = formatProductId(ProductId(row.readout->productId));
        j["record"] = ble::recordTypeName(row.readout->recordType);
    } else {
        j["product_id"] = nullptr;
        j["record"] = nullptr;
    }
    return j;
}

}  // namespace

int runScan(const GlobalOptions& g, double seconds) {
    asio::io_context io;
    link::BleScanOptions options;
    options.duration = std::chrono::milliseconds(static_cast<long>(seconds * 1000));
    link::BleScanner scanner(io, options);
    std::optional<Result<std::vector<link::BluezDevice>>> result;
    scanner.start([&](Result<std::vector<link::BluezDevice>> found) { result = std::move(found); });
    // The scanner always has a call or its timer pending until it reports.
    while (!result && io.run_one() > 0) {
    }
    if (!result) {
        fmt::print(stderr, "vreg scan: internal error: the scan never finished\n");
        return kExitDeviceError;
    }
    if (!*result) {
        fmt::print(stderr, "vreg scan: {}\n", result->error());
        return kExitDeviceError;
    }
    // Let StopDiscovery leave before the bus closes.
    io.restart();
    io.poll();

    std::vector<ScanRow> rows;
    for (const auto& device : **result) rows.push_back(rowFor(device));
    if (g.json) {
        for (const auto& row : rows) printJsonLine(toJson(row));
        return kExitOk;
    }
    if (rows.empty()) {
        fmt::print(stderr, "vreg scan: no Victron devices found in {} s\n", seconds);
        return kExitOk;
    }
    fmt::print("{:<32} {:<17} {:>5}  {}\n", "NAME", "ADDRESS", "RSSI", "PRODUCT");
    for (const auto& row : rows) {
        fmt::print("{:<32} {:<17} {:>5}  {}\n", row.name.empty() ? "-" : row.name, row.address,
                   row.rssi ? std::to_string(*row.rssi) : "-", row.productText());
    }
    return kExitOk;
}

}  // namespace vreglink::cli
