// Finds nearby Victron devices through BlueZ (`vreg scan`): the devices whose Device1
// ManufacturerData carries Victron's company id 0x02E1 (ble-gatt.md §9.2). It lists what BlueZ
// already knows (GetManagedObjects), runs a discovery session on the adapter for a while
// (SetDiscoveryFilter Transport=le, StartDiscovery), follows InterfacesAdded and the Device1
// PropertiesChanged (RSSI, ManufacturerData, Name), then StopDiscovery and reports once.
// Everything runs on the io_context; nothing waits except on the bus fd and a timer.
#pragma once

#include "bus/bus_spec.h"
#include "core/result.h"
#include "link/bluez_objects.h"

#include <asio/io_context.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace vreglink::link {

struct BleScanOptions {
    bus::BusSpec bus{};   // BlueZ lives on the system bus
    std::string adapter;  // "hci0"; empty = the first adapter BlueZ lists
    std::chrono::milliseconds duration{5000};
    std::chrono::milliseconds callTimeout{10000};
};

// The Victron devices seen, sorted by address; an error when BlueZ or the adapter is missing.
using BleScanHandler = std::function<void(Result<std::vector<BluezDevice>>)>;

class BleScanner {
  public:
    BleScanner(asio::io_context& io, BleScanOptions options);
    ~BleScanner();  // stops discovery if it is still running; the handler is not called
    BleScanner(const BleScanner&) = delete;
    BleScanner& operator=(const BleScanner&) = delete;

    // Scans once; `done` runs exactly once, on the loop (never from inside start()).
    void start(BleScanHandler done);

  private:
    struct Impl;
    std::shared_ptr<Impl> impl_;
};

// True when BlueZ's manufacturer data holds an entry under Victron's company id.
bool isVictronDevice(const BluezDevice& device);

}  // namespace vreglink::link
