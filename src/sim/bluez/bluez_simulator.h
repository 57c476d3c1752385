// A test instance of the BlueZ D-Bus API (issue 4; DESIGN.md "Simulators"): owns org.bluez on
// the bus it is given — the system bus for `vreg-sim ble`, which tests point at a private
// dbus-daemon with DBUS_SYSTEM_BUS_ADDRESS — and hosts simulated peripherals behind
// ObjectManager, AgentManager1, Adapter1 (hci0), Device1, GattService1 and GattCharacteristic1,
// so that a client using org.bluez cannot tell it from BlueZ 5.66. Only the radio is simulated:
// its knobs (MTU, connection-event pacing, lost notifications, link loss, a dead peer) are
// settable at run time. Everything runs on the caller's asio loop.
#pragma once

#include "bus/bus_spec.h"
#include "bus/sd_bus_handles.h"
#include "bus/service_bus.h"
#include "core/result.h"
#include "sim/bluez/gatt_peripheral.h"
#include "sim/bluez/radio_knobs.h"

#include <asio/io_context.hpp>

#include <map>
#include <memory>
#include <string>

namespace vreglink::sim::bluez {

class AdapterObject;
class AgentManager;
class DeviceObject;
struct SimContext;

class BluezSimulator {
  public:
    // Connects to `bus`, owns org.bluez (fails if taken: a real BlueZ runs there) and exports
    // /, /org/bluez and /org/bluez/hci0.
    static Result<std::unique_ptr<BluezSimulator>> start(asio::io_context& io,
                                                         const bus::BusSpec& bus);
    ~BluezSimulator();
    BluezSimulator(const BluezSimulator&) = delete;
    BluezSimulator& operator=(const BluezSimulator&) = delete;

    // A discoverable peripheral appears (InterfacesAdded) once a client starts discovery; the
    // others are known devices, exported at once. Returns the Device1 path.
    Result<std::string> addPeripheral(std::unique_ptr<GattPeripheral> peripheral,
                                      bool discoverable);

    // The radio knobs; changes apply from the next connection event.
    RadioKnobs& knobs() { return knobs_; }
    // "Disconnect now": link loss (Connected and ServicesResolved false, GATT objects removed,
    // the peripheral told). False if the device is unknown or not connected.
    bool disconnect(const std::string& address);
    bool connected(const std::string& address) const;
    bool paired(const std::string& address) const;

  private:
    explicit BluezSimulator(asio::io_context& io);
    Result<bool> exportAll();
    static int onNameOwnerChanged(sd_bus_message* m, void* userdata, sd_bus_error* error);
    void clientLeft(const std::string& name);
    void discoveringChanged(bool discovering);
    bool removeDevice(const std::string& path);
    DeviceObject* find(const std::string& address) const;

    asio::io_context& io_;
    std::unique_ptr<bus::ServiceBus> service_;  // first in, last out: everything sends on it
    RadioKnobs knobs_;
    std::unique_ptr<AgentManager> agents_;
    std::unique_ptr<SimContext> context_;
    bus::SdBusSlotPtr objectManager_;
    bus::SdBusSlotPtr clientWatch_;  // NameOwnerChanged of clients that leave the bus
    std::unique_ptr<AdapterObject> adapter_;
    std::map<std::string, bool> discoverable_;  // address → discoverable
    std::map<std::string, std::unique_ptr<DeviceObject>> devices_;
};

}  // namespace vreglink::sim::bluez
