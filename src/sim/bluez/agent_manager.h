// org.bluez.AgentManager1 on /org/bluez (agent-api.txt): clients register their pairing agent;
// Device1.Pair asks it for the passkey with org.bluez.Agent1.RequestPasskey, an asynchronous
// outgoing call, so the loop never blocks on a client.
#pragma once

#include "bus/sd_bus_handles.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace vreglink::sim::bluez {

struct AgentRef {
    std::string sender;  // unique bus name of the client
    std::string path;
    std::string capability;
};

// The outcome of RequestPasskey: the passkey, or the D-Bus error name the agent answered.
struct PasskeyAnswer {
    std::optional<std::uint32_t> passkey;
    std::string error;
};

class AgentManager {
  public:
    explicit AgentManager(sd_bus* bus);
    ~AgentManager();
    AgentManager(const AgentManager&) = delete;
    AgentManager& operator=(const AgentManager&) = delete;

    int exportObject();

    // The agent BlueZ would use for a Pair call from `sender`: its own, else the default one.
    std::optional<AgentRef> agentFor(const std::string& sender) const;
    // A client left the bus: its agents are gone (agent.c agent_disconnect()).
    void clientLeft(const std::string& name);

    // Asks the agent; `done` runs once on the loop, unless the returned slot is released first.
    bus::SdBusSlotPtr requestPasskey(const AgentRef& agent, const std::string& devicePath,
                                     std::function<void(PasskeyAnswer)> done);

  private:
    static int registerAgent(sd_bus_message* m, void* userdata, sd_bus_error* error);
    static int unregisterAgent(sd_bus_message* m, void* userdata, sd_bus_error* error);
    static int requestDefaultAgent(sd_bus_message* m, void* userdata, sd_bus_error* error);
    static int passkeyReply(sd_bus_message* m, void* userdata, sd_bus_error* error);
    // The caller's agent registered at the path the call names (UnregisterAgent,
    // RequestDefaultAgent): its index, nullopt when there is none; `r` < 0 if unreadable.
    std::optional<std::size_t> callersAgent(sd_bus_message* m, int& r) const;

    sd_bus* bus_;
    bus::SdBusSlotPtr slot_;
    std::vector<AgentRef> agents_;
    std::optional<AgentRef> default_;
};

}  // namespace vreglink::sim::bluez
