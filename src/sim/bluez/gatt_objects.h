// The GATT client objects BlueZ exports for a connected device (gatt-api.txt; src/gatt-client.c):
// <device>/serviceXXXX (GattService1) and <device>/serviceXXXX/charYYYY (GattCharacteristic1),
// XXXX/YYYY being the service start and characteristic declaration handles (ble-gatt.md §1.2).
// Created when services are resolved, removed when the link drops.
#pragma once

#include "bus/sd_bus_handles.h"
#include "sim/bluez/gatt_peripheral.h"

#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace vreglink::sim::bluez {

class DeviceConnection;

struct GattCharacteristicObject {
    DeviceConnection* connection = nullptr;
    std::string path;
    std::string servicePath;
    std::string uuid;
    unsigned flags = 0;
    Bytes value;
    std::set<std::string> notifyClients;  // senders with a notify session (StartNotify)
    bus::SdBusSlotPtr slot;
};

struct GattServiceObject {
    DeviceConnection* connection = nullptr;
    std::string path;
    std::string devicePath;
    std::string uuid;
    bus::SdBusSlotPtr slot;
};

// Builds the object tree of a peripheral's table; handles left 0 are assigned in order.
void buildGattTree(const std::string& devicePath, const std::vector<GattServiceSpec>& specs,
                   DeviceConnection* connection, std::vector<GattServiceObject>& services,
                   std::vector<GattCharacteristicObject>& characteristics);

const sd_bus_vtable* gattServiceVtable();
const sd_bus_vtable* gattCharacteristicVtable();

// BlueZ's Flags strings for the properties (gatt-api.txt).
std::vector<std::string> gattFlagStrings(unsigned flags);

}  // namespace vreglink::sim::bluez
