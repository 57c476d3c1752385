#include "sim/bluez/device_object.h"

#include "core/log.h"
#include "sim/bluez/agent_manager.h"
#include "sim/bluez/bluez_names.h"
#include "sim/bluez/sd_bus_glue.h"

#include <asio/post.hpp>

#include <algorithm>
#include <cstring>
#include <set>

namespace vreglink::sim::bluez {

namespace {

DeviceObject& self(void* userdata) {
    return *static_cast<DeviceObject*>(userdata);
}

// LE addresses with the two top bits set are random static ones (Victron products use them).
std::string addressType(const std::string& address) {
    const unsigned long first =
        address.size() >= 2 ? std::stoul(address.substr(0, 2), nullptr, 16) : 0UL;
    return (first & 0xC0UL) == 0xC0UL ? "random" : "public";
}

// agent-api.txt IO capabilities that can type a passkey in (SMP passkey entry, initiator side).
bool canEnterPasskey(const std::string& capability) {
    return capability.empty() || capability == "KeyboardOnly" || capability == "KeyboardDisplay";
}

constexpr auto kConst = SD_BUS_VTABLE_PROPERTY_CONST;
constexpr auto kEmits = SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE;

const sd_bus_vtable kVtable[] = {
    SD_BUS_VTABLE_START(0),
    SD_BUS_METHOD("Connect", "", "", DeviceObject::connectMethod, 0),
    SD_BUS_METHOD("Disconnect", "", "", DeviceObject::disconnectMethod, 0),
    SD_BUS_METHOD("ConnectProfile", "s", "", DeviceObject::profileMethod, 0),
    SD_BUS_METHOD("DisconnectProfile", "s", "", DeviceObject::profileMethod, 0),
    SD_BUS_METHOD("Pair", "", "", DeviceObject::pairMethod, 0),
    SD_BUS_METHOD("CancelPairing", "", "", DeviceObject::cancelPairingMethod, 0),
    SD_BUS_PROPERTY("Address", "s", DeviceObject::getProperty, 0, kConst),
    SD_BUS_PROPERTY("AddressType", "s", DeviceObject::getProperty, 0, kConst),
    SD_BUS_PROPERTY("Name", "s", DeviceObject::getProperty, 0, kConst),
    SD_BUS_WRITABLE_PROPERTY("Alias", "s", DeviceObject::getProperty, DeviceObject::setProperty, 0,
                             kEmits),
    SD_BUS_PROPERTY("Appearance", "q", DeviceObject::getProperty, 0, kConst),
    SD_BUS_PROPERTY("Paired", "b", DeviceObject::getProperty, 0, kEmits),
    SD_BUS_PROPERTY("Bonded", "b", DeviceObject::getProperty, 0, kEmits),
    SD_BUS_WRITABLE_PROPERTY("Trusted", "b", DeviceObject::getProperty, DeviceObject::setProperty,
                             0, kEmits),
    SD_BUS_PROPERTY("Blocked", "b", DeviceObject::getProperty, 0, kEmits),
    SD_BUS_PROPERTY("LegacyPairing", "b", DeviceObject::getProperty, 0, kConst),
    SD_BUS_PROPERTY("RSSI", "n", DeviceObject::getProperty, 0, kEmits),
    SD_BUS_PROPERTY("Connected", "b", DeviceObject::getProperty, 0, kEmits),
    SD_BUS_PROPERTY("UUIDs", "as", DeviceObject::getProperty, 0, kEmits),
    SD_BUS_PROPERTY("Adapter", "o", DeviceObject::getProperty, 0, kConst),
    SD_BUS_PROPERTY("ManufacturerData", "a{qv}", DeviceObject::getProperty, 0, kEmits),
    SD_BUS_PROPERTY("ServicesResolved", "b", DeviceObject::getProperty, 0, kEmits),
    SD_BUS_PROPERTY("AdvertisingFlags", "ay", DeviceObject::getProperty, 0, kEmits),
    SD_BUS_VTABLE_END,
};

}  // namespace

DeviceObject::DeviceObject(SimContext& ctx, std::unique_ptr<GattPeripheral> peripheral)
    : ctx_(ctx),
      peripheral_(std::move(peripheral)),
      address_(peripheral_->address()),
      path_(devicePathFor(address_)),
      name_(peripheral_->name()),
      alias_(name_) {}

DeviceObject::~DeviceObject() {
    alive_.reset();
    if (pairCall_) finishPairing(api::kErrorAuthenticationCanceled, "Authentication Canceled");
    // Leaving with the simulator: no signals, the objects go with the connection.
    connection_.reset();
}

int DeviceObject::show(bool announce) {
    if (slot_) return 0;
    sd_bus_slot* slot = nullptr;
    const int r =
        sd_bus_add_object_vtable(ctx_.bus, &slot, path_.c_str(), api::kDevice, kVtable, this);
    if (r < 0) return r;
    slot_.reset(slot);
    if (announce) sd_bus_emit_object_added(ctx_.bus, path_.c_str());
    return 0;
}

void DeviceObject::hide() {
    if (!slot_) return;
    dropLink("device removed");
    paired_ = false;
    trusted_ = false;
    sd_bus_emit_object_removed(ctx_.bus, path_.c_str());
    slot_.reset();
}

void DeviceObject::changed(const char* property) {
    if (slot_) emitChanged(ctx_.bus, path_, api::kDevice, property);
}

int DeviceObject::connectLink() {
    if (connection_) return 0;
    // BlueZ order (device.c): Connected, the GATT objects once discovered, ServicesResolved.
    connection_ = std::make_unique<DeviceConnection>(ctx_, *this);
    changed("Connected");
    const int r = connection_->exportGatt();
    if (r < 0) return r;
    changed("ServicesResolved");
    logInfo("bluez sim: {} connected", address_);
    peripheral_->connected(*connection_);
    return 0;
}

void DeviceObject::dropLink(const char* why) {
    if (!connection_) return;
    logInfo("bluez sim: {} disconnected ({})", address_, why);
    if (pairCall_) finishPairing(api::kErrorAuthenticationCanceled, "Authentication Canceled");
    agentCall_.reset();
    auto connection = std::move(connection_);
    changed("ServicesResolved");
    connection.reset();  // InterfacesRemoved for the GATT objects
    changed("Connected");
    ctx_.service.wake();
    peripheral_->disconnected();
}

void DeviceObject::clientLeft(const std::string& name) {
    if (connection_) connection_->clientLeft(name);
}

void DeviceObject::dropLinkSoon() {
    asio::post(ctx_.io, [this, alive = std::weak_ptr<char>(alive_)] {
        if (!alive.expired()) dropLink("by the peripheral");
    });
}

void DeviceObject::finishPairing(const char* errorName, const char* errorText) {
    auto call = std::move(pairCall_);
    if (!call) return;
    int r = 0;
    if (errorName == nullptr) {
        r = sd_bus_reply_method_return(call.get(), "");
    } else {
        bus::SdBusErrorGuard error;
        sd_bus_error_set(error.get(), errorName, errorText);
        r = sd_bus_reply_method_error(call.get(), error.get());
    }
    if (r < 0) logWarning("bluez sim: Pair reply: {}", std::strerror(-r));
    ctx_.service.wake();
}

int DeviceObject::connectMethod(sd_bus_message* m, void* userdata, sd_bus_error* error) {
    return guarded(error, [&] {
        auto& device = self(userdata);
        const int r = device.connectLink();
        if (r < 0) return replyError(error, api::kErrorFailed, "Connection attempt failed");
        return sd_bus_reply_method_return(m, "");
    });
}

int DeviceObject::disconnectMethod(sd_bus_message* m, void* userdata, sd_bus_error* error) {
    return guarded(error, [&] {
        self(userdata).dropLink("Disconnect");
        return sd_bus_reply_method_return(m, "");
    });
}

int DeviceObject::profileMethod(sd_bus_message*, void*, sd_bus_error* error) {
    // ConnectProfile/DisconnectProfile are BR/EDR profile calls: nothing to do on an LE device.
    return replyError(error, api::kErrorNotSupported, "Not Supported");
}

int DeviceObject::pairMethod(sd_bus_message* m, void* userdata, sd_bus_error* error) {
    return guarded(error, [&] {
        auto& device = self(userdata);
        if (device.paired_) return replyError(error, api::kErrorAlreadyExists, "Already Paired");
        if (device.pairCall_) return replyError(error, api::kErrorInProgress, "In Progress");
        // Pair on a disconnected LE device connects it first (device.c device_bonding).
        if (device.connectLink() < 0) {
            return replyError(error, api::kErrorFailed, "Connection attempt failed");
        }
        const auto passkey = device.peripheral_->passkey();
        if (!passkey) {  // Just Works
            device.paired_ = true;
            device.changed("Paired");
            device.changed("Bonded");
            return sd_bus_reply_method_return(m, "");
        }
        // Passkey entry needs an agent that can type; without one SMP fails (AUTH_FAILED).
        const auto agent = device.ctx_.agents.agentFor(sd_bus_message_get_sender(m));
        if (!agent || !canEnterPasskey(agent->capability)) {
            return replyError(error, api::kErrorAuthenticationFailed, "Authentication Failed");
        }
        device.pairCall_ = bus::retainMessage(m);
        const std::uint32_t expected = *passkey;
        device.agentCall_ = device.ctx_.agents.requestPasskey(
            *agent, device.path_,
            [&device, expected, alive = std::weak_ptr<char>(device.alive_)](PasskeyAnswer answer) {
                if (alive.expired()) return;
                if (answer.passkey && *answer.passkey == expected) {
                    device.paired_ = true;
                    device.changed("Paired");
                    device.changed("Bonded");
                    device.finishPairing(nullptr, nullptr);
                } else {
                    // A wrong passkey fails SMP's confirm check; an agent error is a negative
                    // passkey reply: both end as AuthenticationFailed (mgmt AUTH_FAILED).
                    logInfo("bluez sim: pairing {} failed ({})", device.address_,
                            answer.passkey ? "wrong passkey" : answer.error);
                    device.finishPairing(api::kErrorAuthenticationFailed, "Authentication Failed");
                }
                device.agentCall_.reset();
            });
        return 1;  // answered later
    });
}

int DeviceObject::cancelPairingMethod(sd_bus_message* m, void* userdata, sd_bus_error* error) {
    return guarded(error, [&] {
        auto& device = self(userdata);
        if (!device.pairCall_) return replyError(error, api::kErrorDoesNotExist, "Does Not Exist");
        device.agentCall_.reset();
        device.finishPairing(api::kErrorAuthenticationCanceled, "Authentication Canceled");
        return sd_bus_reply_method_return(m, "");
    });
}

int DeviceObject::getProperty(sd_bus*, const char*, const char*, const char* property,
                              sd_bus_message* reply, void* userdata, sd_bus_error* error) {
    return guarded(error, [&] { return self(userdata).appendProperty(property, reply); });
}

int DeviceObject::appendProperty(const char* property, sd_bus_message* reply) {
    const std::string_view p = property;
    if (p == "Address") return sd_bus_message_append(reply, "s", address_.c_str());
    if (p == "AddressType") return sd_bus_message_append(reply, "s", addressType(address_).c_str());
    if (p == "Name") return sd_bus_message_append(reply, "s", name_.c_str());
    if (p == "Alias") return sd_bus_message_append(reply, "s", alias_.c_str());
    if (p == "Appearance") return sd_bus_message_append(reply, "q", 0);
    if (p == "Paired" || p == "Bonded") return sd_bus_message_append(reply, "b", paired_ ? 1 : 0);
    if (p == "Trusted") return sd_bus_message_append(reply, "b", trusted_ ? 1 : 0);
    if (p == "Blocked" || p == "LegacyPairing") return sd_bus_message_append(reply, "b", 0);
    if (p == "RSSI") return sd_bus_message_append(reply, "n", peripheral_->rssi());
    if (p == "Connected") return sd_bus_message_append(reply, "b", connection_ ? 1 : 0);
    if (p == "ServicesResolved") return sd_bus_message_append(reply, "b", connection_ ? 1 : 0);
    if (p == "Adapter") return sd_bus_message_append(reply, "o", kAdapterPath);
    if (p == "AdvertisingFlags") {
        const Bytes flags{0x06};  // LE General Discoverable, BR/EDR not supported
        return appendBytes(reply, flags);
    }
    if (p == "UUIDs") {
        std::set<std::string> uuids;
        for (const auto& service : peripheral_->services()) uuids.insert(service.uuid);
        int r = sd_bus_message_open_container(reply, 'a', "s");
        for (const auto& uuid : uuids) {
            if (r >= 0) r = sd_bus_message_append(reply, "s", uuid.c_str());
        }
        return r < 0 ? r : sd_bus_message_close_container(reply);
    }
    if (p == "ManufacturerData") {
        int r = sd_bus_message_open_container(reply, 'a', "{qv}");
        for (const auto& [company, bytes] : peripheral_->manufacturerData()) {
            if (r >= 0) r = sd_bus_message_open_container(reply, 'e', "qv");
            if (r >= 0) r = sd_bus_message_append(reply, "q", company);
            if (r >= 0) r = sd_bus_message_open_container(reply, 'v', "ay");
            if (r >= 0) r = appendBytes(reply, bytes);
            if (r >= 0) r = sd_bus_message_close_container(reply);
            if (r >= 0) r = sd_bus_message_close_container(reply);
        }
        return r < 0 ? r : sd_bus_message_close_container(reply);
    }
    return -ENOENT;
}

int DeviceObject::setProperty(sd_bus*, const char*, const char*, const char* property,
                              sd_bus_message* value, void* userdata, sd_bus_error* error) {
    return guarded(error, [&] {
        auto& device = self(userdata);
        const std::string_view p = property;
        if (p == "Alias") {
            const char* alias = nullptr;
            const int r = sd_bus_message_read(value, "s", &alias);
            if (r < 0) return r;
            // device-api.txt: an empty alias resets it to the remote name.
            device.alias_ = *alias == '\0' ? device.name_ : alias;
            device.changed("Alias");
            return 1;
        }
        int trusted = 0;
        const int r = sd_bus_message_read(value, "b", &trusted);
        if (r < 0) return r;
        device.trusted_ = trusted != 0;
        device.changed("Trusted");
        return 1;
    });
}

}  // namespace vreglink::sim::bluez
