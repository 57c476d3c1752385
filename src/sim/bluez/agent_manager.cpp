#include "sim/bluez/agent_manager.h"

#include "core/log.h"
#include "sim/bluez/bluez_names.h"
#include "sim/bluez/sd_bus_glue.h"

#include <algorithm>
#include <array>

namespace vreglink::sim::bluez {

namespace {

// agent-api.txt: the IO capabilities RegisterAgent accepts ("" = KeyboardDisplay).
bool validCapability(const std::string& capability) {
    static const std::array<const char*, 6> kCapabilities{
        "", "DisplayOnly", "DisplayYesNo", "KeyboardOnly", "NoInputNoOutput", "KeyboardDisplay"};
    return std::any_of(kCapabilities.begin(), kCapabilities.end(),
                       [&](const char* c) { return capability == c; });
}

// One outstanding RequestPasskey: owned by sd-bus through the call's slot (freed with it).
struct PasskeyCall {
    std::function<void(PasskeyAnswer)> done;
};

void destroyPasskeyCall(void* userdata) {
    delete static_cast<PasskeyCall*>(userdata);
}

}  // namespace

AgentManager::AgentManager(sd_bus* bus) : bus_(bus) {}
AgentManager::~AgentManager() = default;

int AgentManager::exportObject() {
    static const sd_bus_vtable kVtable[] = {
        SD_BUS_VTABLE_START(0),
        SD_BUS_METHOD("RegisterAgent", "os", "", registerAgent, 0),
        SD_BUS_METHOD("UnregisterAgent", "o", "", unregisterAgent, 0),
        SD_BUS_METHOD("RequestDefaultAgent", "o", "", requestDefaultAgent, 0),
        SD_BUS_VTABLE_END,
    };
    sd_bus_slot* slot = nullptr;
    const int r =
        sd_bus_add_object_vtable(bus_, &slot, api::kBluezPath, api::kAgentManager, kVtable, this);
    if (r >= 0) slot_.reset(slot);
    return r;
}

std::optional<AgentRef> AgentManager::agentFor(const std::string& sender) const {
    // agent.c agent_get(): the caller's own agent first, then the default agent.
    for (const auto& agent : agents_) {
        if (agent.sender == sender) return agent;
    }
    return default_;
}

void AgentManager::clientLeft(const std::string& name) {
    std::erase_if(agents_, [&](const AgentRef& agent) { return agent.sender == name; });
    if (default_ && default_->sender == name) default_.reset();
}

int AgentManager::registerAgent(sd_bus_message* m, void* userdata, sd_bus_error* error) {
    return guarded(error, [&] {
        auto& self = *static_cast<AgentManager*>(userdata);
        const char* path = nullptr;
        const char* capability = nullptr;
        int r = sd_bus_message_read(m, "os", &path, &capability);
        if (r < 0) return r;
        if (!validCapability(capability)) {
            return replyError(error, api::kErrorInvalidArguments,
                              "Invalid Arguments in method call");
        }
        const std::string sender = sd_bus_message_get_sender(m);
        if (std::any_of(self.agents_.begin(), self.agents_.end(),
                        [&](const AgentRef& a) { return a.sender == sender; })) {
            return replyError(error, api::kErrorAlreadyExists, "Already Exists");
        }
        self.agents_.push_back(AgentRef{sender, path, capability});
        logDebug("bluez sim: agent {} {} registered ({})", sender, path, capability);
        return sd_bus_reply_method_return(m, "");
    });
}

std::optional<std::size_t> AgentManager::callersAgent(sd_bus_message* m, int& r) const {
    const char* path = nullptr;
    r = sd_bus_message_read(m, "o", &path);
    if (r < 0) return std::nullopt;
    const std::string sender = sd_bus_message_get_sender(m);
    for (std::size_t i = 0; i < agents_.size(); ++i) {
        if (agents_[i].sender == sender && agents_[i].path == path) return i;
    }
    return std::nullopt;
}

int AgentManager::unregisterAgent(sd_bus_message* m, void* userdata, sd_bus_error* error) {
    return guarded(error, [&] {
        auto& self = *static_cast<AgentManager*>(userdata);
        int r = 0;
        const auto index = self.callersAgent(m, r);
        if (r < 0) return r;
        if (!index) return replyError(error, api::kErrorDoesNotExist, "Does Not Exist");
        const AgentRef removed = self.agents_[*index];
        self.agents_.erase(self.agents_.begin() + static_cast<std::ptrdiff_t>(*index));
        if (self.default_ && self.default_->sender == removed.sender &&
            self.default_->path == removed.path) {
            self.default_.reset();
        }
        return sd_bus_reply_method_return(m, "");
    });
}

int AgentManager::requestDefaultAgent(sd_bus_message* m, void* userdata, sd_bus_error* error) {
    return guarded(error, [&] {
        auto& self = *static_cast<AgentManager*>(userdata);
        int r = 0;
        const auto index = self.callersAgent(m, r);
        if (r < 0) return r;
        if (!index) return replyError(error, api::kErrorDoesNotExist, "Does Not Exist");
        self.default_ = self.agents_[*index];
        return sd_bus_reply_method_return(m, "");
    });
}

bus::SdBusSlotPtr AgentManager::requestPasskey(const AgentRef& agent, const std::string& devicePath,
                                               std::function<void(PasskeyAnswer)> done) {
    auto call = std::make_unique<PasskeyCall>(PasskeyCall{std::move(done)});
    sd_bus_slot* slot = nullptr;
    const int r = sd_bus_call_method_async(bus_, &slot, agent.sender.c_str(), agent.path.c_str(),
                                           api::kAgent, "RequestPasskey", passkeyReply, call.get(),
                                           "o", devicePath.c_str());
    if (r < 0) {
        logWarning("bluez sim: cannot call the agent {} {}: {}", agent.sender, agent.path,
                   std::strerror(-r));
        call->done(PasskeyAnswer{std::nullopt, "org.bluez.Error.Failed"});
        return nullptr;
    }
    sd_bus_slot_set_destroy_callback(slot, destroyPasskeyCall);
    call.release();  // owned by the slot now
    return bus::SdBusSlotPtr(slot);
}

int AgentManager::passkeyReply(sd_bus_message* m, void* userdata, sd_bus_error* /*error*/) {
    try {
        auto& call = *static_cast<PasskeyCall*>(userdata);
        PasskeyAnswer answer;
        if (sd_bus_message_is_method_error(m, nullptr)) {
            const sd_bus_error* e = sd_bus_message_get_error(m);
            answer.error = e != nullptr && e->name != nullptr ? e->name : "org.bluez.Error.Failed";
        } else {
            std::uint32_t passkey = 0;
            if (sd_bus_message_read(m, "u", &passkey) < 0) {
                answer.error = "org.freedesktop.DBus.Error.InvalidArgs";
            } else {
                answer.passkey = passkey;
            }
        }
        // The callback may release the slot (and this call) : move the callback out first.
        auto done = std::move(call.done);
        done(std::move(answer));
    } catch (const std::exception& e) {
        logError("bluez sim: passkey reply: {}", e.what());
    }
    return 0;
}

}  // namespace vreglink::sim::bluez
