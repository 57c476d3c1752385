// An org.bluez.Agent1 (BlueZ doc/org.bluez.Agent.rst) that answers pairing with the configured
// passkey: Victron devices pair by passkey entry, the PIN printed on the device or set in
// VictronConnect (ble-gatt.md §1.3). BlueZ asks the agent of whoever called Device1.Pair, so the
// link registers its own on its own connection. Without a passkey every request is rejected.
#pragma once

#include "bus/bus_connection.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace sdbus {
class IObject;
class IProxy;
}  // namespace sdbus

namespace vreglink::link {

class BluezAgent {
  public:
    // Exports the agent at `path` on `bus` (throws sdbus::Error: call inside a try).
    BluezAgent(bus::BusConnection& bus, std::string path, std::optional<std::uint32_t> passkey);
    ~BluezAgent();
    BluezAgent(const BluezAgent&) = delete;
    BluezAgent& operator=(const BluezAgent&) = delete;

    // AgentManager1.RegisterAgent(path, "KeyboardOnly"), asynchronously; `done` gets an error
    // message, empty on success ("already registered" counts as success).
    void registerAgent(std::function<void(std::string error)> done);

    const std::string& path() const { return path_; }
    // How often BlueZ asked for the passkey (tests, diagnostics).
    unsigned requests() const { return requests_; }

  private:
    bus::BusConnection& bus_;
    std::string path_;
    std::optional<std::uint32_t> passkey_;
    std::unique_ptr<sdbus::IObject> object_;
    std::unique_ptr<sdbus::IProxy> manager_;  // AgentManager1; never destroyed in its callback
    unsigned requests_ = 0;
    bool registered_ = false;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace vreglink::link
