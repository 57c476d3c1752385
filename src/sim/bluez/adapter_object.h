// org.bluez.Adapter1 on /org/bluez/hci0 (adapter-api.txt, BlueZ 5.66): discovery sessions per
// client, the discovery filter (accepted, not applied: every simulated device matches), device
// removal. What discovery finds is the simulator's business (hooks).
#pragma once

#include "bus/sd_bus_handles.h"

#include <functional>
#include <set>
#include <string>

namespace vreglink::sim::bluez {

class AdapterObject {
  public:
    struct Hooks {
        std::function<void(bool)> discovering;                 // first session began / last ended
        std::function<bool(const std::string&)> removeDevice;  // false: no such device
    };
    AdapterObject(sd_bus* bus, Hooks hooks);
    ~AdapterObject();
    AdapterObject(const AdapterObject&) = delete;
    AdapterObject& operator=(const AdapterObject&) = delete;

    int exportObject();
    bool discovering() const { return !sessions_.empty(); }
    // A client left the bus: its discovery session ends (adapter.c discovery_disconnect()).
    void clientLeft(const std::string& name);

    static int getProperty(sd_bus* bus, const char* path, const char* interface,
                           const char* property, sd_bus_message* reply, void* userdata,
                           sd_bus_error* error);
    static int setProperty(sd_bus* bus, const char* path, const char* interface,
                           const char* property, sd_bus_message* value, void* userdata,
                           sd_bus_error* error);
    static int startDiscovery(sd_bus_message* m, void* userdata, sd_bus_error* error);
    static int stopDiscovery(sd_bus_message* m, void* userdata, sd_bus_error* error);
    static int setDiscoveryFilter(sd_bus_message* m, void* userdata, sd_bus_error* error);
    static int getDiscoveryFilters(sd_bus_message* m, void* userdata, sd_bus_error* error);
    static int removeDevice(sd_bus_message* m, void* userdata, sd_bus_error* error);

  private:
    int appendProperty(const char* property, sd_bus_message* reply);
    void changed(const char* property);

    sd_bus* bus_;
    Hooks hooks_;
    bus::SdBusSlotPtr slot_;
    std::set<std::string> sessions_;  // senders that called StartDiscovery
    std::string alias_ = "vreglink-sim";
    bool powered_ = true;
    bool discoverable_ = false;
    bool pairable_ = true;
};

}  // namespace vreglink::sim::bluez
