// org.bluez.Device1 of one simulated peripheral (device-api.txt, BlueZ 5.66): Connect resolves
// services (GATT objects, then ServicesResolved), Pair asks the agent for the passkey and bonds,
// Disconnect and link loss tear the GATT objects down. Pairing survives reconnections (a bond).
#pragma once

#include "bus/sd_bus_handles.h"
#include "sim/bluez/device_connection.h"
#include "sim/bluez/gatt_peripheral.h"
#include "sim/bluez/sim_context.h"

#include <memory>
#include <string>

namespace vreglink::sim::bluez {

class DeviceObject {
  public:
    DeviceObject(SimContext& ctx, std::unique_ptr<GattPeripheral> peripheral);
    ~DeviceObject();
    DeviceObject(const DeviceObject&) = delete;
    DeviceObject& operator=(const DeviceObject&) = delete;

    const std::string& path() const { return path_; }
    const std::string& address() const { return address_; }
    GattPeripheral& peripheral() { return *peripheral_; }
    bool visible() const { return slot_ != nullptr; }
    bool connected() const { return connection_ != nullptr; }
    bool paired() const { return paired_; }

    // Exports Device1 (InterfacesAdded when `announce`).
    int show(bool announce);
    // RemoveDevice: drops the link, forgets the bond, InterfacesRemoved.
    void hide();
    // The link is gone (Disconnect, the peripheral, the "disconnect now" knob, Adapter removal).
    void dropLink(const char* why);
    // Called by the connection when the peripheral disconnects: after the current callback.
    void dropLinkSoon();
    // A client left the bus: its notify sessions end. The link stays, as in BlueZ: the
    // peripheral's own keep-alive ends it (ble-gatt.md §3.3).
    void clientLeft(const std::string& name);

    // Property getters and method handlers (device_object.cpp vtable).
    static int getProperty(sd_bus* bus, const char* path, const char* interface,
                           const char* property, sd_bus_message* reply, void* userdata,
                           sd_bus_error* error);
    static int setProperty(sd_bus* bus, const char* path, const char* interface,
                           const char* property, sd_bus_message* value, void* userdata,
                           sd_bus_error* error);
    static int connectMethod(sd_bus_message* m, void* userdata, sd_bus_error* error);
    static int disconnectMethod(sd_bus_message* m, void* userdata, sd_bus_error* error);
    static int pairMethod(sd_bus_message* m, void* userdata, sd_bus_error* error);
    static int cancelPairingMethod(sd_bus_message* m, void* userdata, sd_bus_error* error);
    static int profileMethod(sd_bus_message* m, void* userdata, sd_bus_error* error);

  private:
    int appendProperty(const char* property, sd_bus_message* reply);
    int connectLink();
    void finishPairing(const char* errorName, const char* errorText);
    void changed(const char* property);

    SimContext& ctx_;
    std::unique_ptr<GattPeripheral> peripheral_;
    std::string address_;
    std::string path_;
    std::string name_;
    std::string alias_;
    bool paired_ = false;
    bool trusted_ = false;
    std::unique_ptr<DeviceConnection> connection_;
    bus::SdBusMessagePtr pairCall_;  // a Pair waiting for the agent
    bus::SdBusSlotPtr agentCall_;    // the RequestPasskey in flight
    bus::SdBusSlotPtr slot_;
    std::shared_ptr<char> alive_ = std::make_shared<char>();
};

}  // namespace vreglink::sim::bluez
