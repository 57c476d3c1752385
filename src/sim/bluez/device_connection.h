// One simulated LE link between BlueZ and a peripheral: the GATT objects BlueZ exports while it
// lasts, the connection events that pace it (link_pacer.h) and the PeripheralLink the peripheral
// notifies through. GattCharacteristic1 calls land here and follow BlueZ 5.66 src/gatt-client.c
// (write type selection, "Not paired" on insufficient authentication, MTU - 3 write commands).
#pragma once

#include "sim/bluez/gatt_objects.h"
#include "sim/bluez/link_pacer.h"
#include "sim/bluez/sim_context.h"

#include <string>
#include <vector>

namespace vreglink::sim::bluez {

class DeviceObject;

class DeviceConnection final : public PeripheralLink {
  public:
    DeviceConnection(SimContext& ctx, DeviceObject& device);
    ~DeviceConnection() override;  // removes the GATT objects (InterfacesRemoved)
    DeviceConnection(const DeviceConnection&) = delete;
    DeviceConnection& operator=(const DeviceConnection&) = delete;

    // Exports the services and characteristics (InterfacesAdded): "services resolved".
    int exportGatt();

    void notify(const std::string& characteristicUuid, Bytes value) override;
    void disconnect() override;
    std::uint16_t mtu() const override;

    int readValue(GattCharacteristicObject& c, sd_bus_message* m, sd_bus_error* error);
    int writeValue(GattCharacteristicObject& c, sd_bus_message* m, sd_bus_error* error);
    int startNotify(GattCharacteristicObject& c, sd_bus_message* m, sd_bus_error* error);
    int stopNotify(GattCharacteristicObject& c, sd_bus_message* m, sd_bus_error* error);
    // A client left the bus: its notify sessions end (gatt-client.c client_disconnect_cb()).
    void clientLeft(const std::string& name);

  private:
    void toPeripheral(const AirPacket& packet);
    void toHost(const AirPacket& packet);
    // A peripheral with a passkey answers "insufficient authentication" until bonded (§1.3).
    bool refusesUnpaired() const;
    GattCharacteristicObject* find(const std::string& uuid);

    SimContext& ctx_;
    DeviceObject& device_;
    std::vector<GattServiceObject> services_;  // never resized once built: vtables point in
    std::vector<GattCharacteristicObject> characteristics_;
    LinkPacer pacer_;
};

}  // namespace vreglink::sim::bluez
