#include "link/bluez_agent.h"

#include "core/log.h"
#include "link/bluez_names.h"

#include <sdbus-c++/sdbus-c++.h>

namespace vreglink::link {

BluezAgent::BluezAgent(bus::BusConnection& bus, std::string path,
                       std::optional<std::uint32_t> passkey)
    : bus_(bus), path_(std::move(path)), passkey_(passkey) {
    object_ = sdbus::createObject(bus_.sdbus(), path_);
    const auto reject = [](const char* what) { throw sdbus::Error(bluez::kErrorRejected, what); };
    // Victron devices use passkey entry; the other methods answer what a headless agent can.
    object_->registerMethod("RequestPasskey")
        .onInterface(bluez::kAgent)
        .implementedAs([this, reject](const sdbus::ObjectPath& /*device*/) -> std::uint32_t {
            ++requests_;
            if (!passkey_) reject("no PIN configured for this device (--pin or pin = …)");
            return *passkey_;
        });
    object_->registerMethod("RequestPinCode")
        .onInterface(bluez::kAgent)
        .implementedAs([this, reject](const sdbus::ObjectPath& /*device*/) -> std::string {
            ++requests_;
            if (!passkey_) reject("no PIN configured for this device");
            return std::to_string(*passkey_);
        });
    object_->registerMethod("RequestConfirmation")
        .onInterface(bluez::kAgent)
        .implementedAs([](const sdbus::ObjectPath& /*device*/, std::uint32_t /*passkey*/) {});
    object_->registerMethod("RequestAuthorization")
        .onInterface(bluez::kAgent)
        .implementedAs([](const sdbus::ObjectPath& /*device*/) {});
    object_->registerMethod("AuthorizeService")
        .onInterface(bluez::kAgent)
        .implementedAs([](const sdbus::ObjectPath& /*device*/, const std::string& /*uuid*/) {});
    object_->registerMethod("DisplayPasskey")
        .onInterface(bluez::kAgent)
        .implementedAs([](const sdbus::ObjectPath& /*device*/, std::uint32_t /*passkey*/,
                          std::uint16_t /*entered*/) {});
    object_->registerMethod("DisplayPinCode")
        .onInterface(bluez::kAgent)
        .implementedAs([](const sdbus::ObjectPath& /*device*/, const std::string& /*pin*/) {});
    object_->registerMethod("Cancel").onInterface(bluez::kAgent).implementedAs([] {});
    object_->registerMethod("Release").onInterface(bluez::kAgent).implementedAs([] {});
    object_->finishRegistration();
    manager_ = sdbus::createProxy(bus_.sdbus(), bluez::kService, bluez::kAgentManagerPath);
}

BluezAgent::~BluezAgent() {
    *alive_ = false;
    if (registered_) {
        try {  // best effort: BlueZ also forgets agents whose owner leaves the bus
            manager_->callMethodAsync("UnregisterAgent")
                .onInterface(bluez::kAgentManager)
                .withArguments(sdbus::ObjectPath(path_))
                .uponReplyInvoke([](const sdbus::Error* /*error*/) {});
            bus_.wake();
        } catch (const std::exception&) {
        }
    }
}

void BluezAgent::registerAgent(std::function<void(std::string error)> done) {
    try {
        manager_->callMethodAsync("RegisterAgent")
            .onInterface(bluez::kAgentManager)
            .withArguments(sdbus::ObjectPath(path_), std::string("KeyboardOnly"))
            .uponReplyInvoke([this, alive = std::weak_ptr<bool>(alive_),
                              done = std::move(done)](const sdbus::Error* error) {
                if (alive.expired()) return;
                if (error == nullptr || error->getName() == bluez::kErrorAlreadyExists) {
                    registered_ = true;
                    done({});
                    return;
                }
                done(error->getName() + ": " + error->getMessage());
            });
        bus_.wake();
    } catch (const std::exception& e) {
        done(e.what());
    }
}

}  // namespace vreglink::link
