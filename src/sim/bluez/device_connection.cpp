#include "sim/bluez/device_connection.h"

#include "core/log.h"
#include "sim/bluez/bluez_names.h"
#include "sim/bluez/device_object.h"
#include "sim/bluez/sd_bus_glue.h"

#include <strings.h>

namespace vreglink::sim::bluez {

DeviceConnection::DeviceConnection(SimContext& ctx, DeviceObject& device)
    : ctx_(ctx),
      device_(device),
      pacer_(
          ctx.io, ctx.knobs, [this](const AirPacket& p) { toPeripheral(p); },
          [this](const AirPacket& p) { toHost(p); }) {
    buildGattTree(device.path(), device.peripheral().services(), this, services_, characteristics_);
}

DeviceConnection::~DeviceConnection() {
    // Children first, then their services, as gatt-client.c unregisters them.
    for (auto& c : characteristics_) {
        if (!c.slot) continue;
        sd_bus_emit_object_removed(ctx_.bus, c.path.c_str());
        c.slot.reset();
    }
    for (auto& s : services_) {
        if (!s.slot) continue;
        sd_bus_emit_object_removed(ctx_.bus, s.path.c_str());
        s.slot.reset();
    }
}

int DeviceConnection::exportGatt() {
    for (auto& s : services_) {
        sd_bus_slot* slot = nullptr;
        int r = sd_bus_add_object_vtable(ctx_.bus, &slot, s.path.c_str(), api::kGattService,
                                         gattServiceVtable(), &s);
        if (r < 0) return r;
        s.slot.reset(slot);
        sd_bus_emit_object_added(ctx_.bus, s.path.c_str());
        for (auto& c : characteristics_) {
            if (c.servicePath != s.path) continue;
            r = sd_bus_add_object_vtable(ctx_.bus, &slot, c.path.c_str(), api::kGattCharacteristic,
                                         gattCharacteristicVtable(), &c);
            if (r < 0) return r;
            c.slot.reset(slot);
            sd_bus_emit_object_added(ctx_.bus, c.path.c_str());
        }
    }
    return 0;
}

std::uint16_t DeviceConnection::mtu() const {
    return ctx_.knobs.mtu;
}

GattCharacteristicObject* DeviceConnection::find(const std::string& uuid) {
    for (auto& c : characteristics_) {
        if (c.uuid == uuid) return &c;
    }
    return nullptr;
}

bool DeviceConnection::refusesUnpaired() const {
    return device_.peripheral().passkey().has_value() && !device_.paired();
}

void DeviceConnection::notify(const std::string& characteristicUuid, Bytes value) {
    const std::size_t limit = static_cast<std::size_t>(mtu() - 3);
    if (value.size() > limit) {
        // A Handle Value Notification carries ATT_MTU - 3 bytes (§1.3): the rest never leaves.
        logError("bluez sim: {} notified {} bytes on {}, more than ATT_MTU - 3 = {}: truncated",
                 device_.address(), value.size(), characteristicUuid, limit);
        value.resize(limit);
    }
    pacer_.peripheralNotify(AirPacket{characteristicUuid, std::move(value)});
}

void DeviceConnection::disconnect() {
    device_.dropLinkSoon();
}

void DeviceConnection::toPeripheral(const AirPacket& packet) {
    if (ctx_.knobs.stopAnswering) {
        logDebug("bluez sim: {} does not answer: write to {} lost", device_.address(),
                 packet.characteristicUuid);
        return;
    }
    device_.peripheral().written(packet.characteristicUuid, packet.value);
}

void DeviceConnection::toHost(const AirPacket& packet) {
    auto* c = find(packet.characteristicUuid);
    if (c == nullptr) {
        logError("bluez sim: {} notified unknown characteristic {}", device_.address(),
                 packet.characteristicUuid);
        return;
    }
    if (ctx_.knobs.dropNotifications > 0) {
        --ctx_.knobs.dropNotifications;
        logInfo("bluez sim: notification on {} lost (knob)", packet.characteristicUuid);
        return;
    }
    // Without a notify session BlueZ has no CCCD written: the device sends nothing.
    if (c->notifyClients.empty()) return;
    // gatt-client.c notify_cb: every notification is a PropertiesChanged of Value, even when
    // the value did not change.
    c->value = packet.value;
    emitChanged(ctx_.bus, c->path, api::kGattCharacteristic, "Value");
    ctx_.service.wake();
}

int DeviceConnection::readValue(GattCharacteristicObject& c, sd_bus_message* m,
                                sd_bus_error* error) {
    GattOptions options;
    int r = readGattOptions(m, options);
    if (r < 0)
        return replyError(error, api::kErrorInvalidArguments, "Invalid arguments in method call");
    if ((c.flags & kRead) == 0)
        return replyError(error, api::kErrorNotPermitted, "Read not permitted");
    if (refusesUnpaired()) return replyError(error, api::kErrorNotPermitted, "Not paired");
    if (ctx_.knobs.stopAnswering) {
        // The device's application is dead; its BLE chip still answers reads (stale value).
        return sd_bus_reply_method_return(m, "ay", 0);
    }
    Bytes value = device_.peripheral().read(c.uuid);
    if (options.offset >= value.size()) {
        value.clear();
    } else {
        value.erase(value.begin(), value.begin() + options.offset);
    }
    c.value = value;
    emitChanged(ctx_.bus, c.path, api::kGattCharacteristic, "Value");
    sd_bus_message* reply = nullptr;
    r = sd_bus_message_new_method_return(m, &reply);
    if (r < 0) return r;
    bus::SdBusMessagePtr guard(reply);
    r = appendBytes(reply, value);
    if (r < 0) return r;
    return sd_bus_send(nullptr, reply, nullptr);
}

int DeviceConnection::writeValue(GattCharacteristicObject& c, sd_bus_message* m,
                                 sd_bus_error* error) {
    Bytes value;
    GattOptions options;
    if (readBytes(m, value) < 0 || readGattOptions(m, options) < 0) {
        return replyError(error, api::kErrorInvalidArguments, "Invalid arguments in method call");
    }
    const char* type = options.type.empty() ? nullptr : options.type.c_str();
    const auto is = [&](const char* t) { return type != nullptr && strcasecmp(type, t) == 0; };
    // characteristic_write_value(): a write request when asked, or by default when the
    // characteristic has "write"; else a write command.
    if ((type == nullptr && (c.flags & kWrite) != 0) || is("request") || is("reliable")) {
        if ((c.flags & kWrite) == 0) {
            return replyError(error, api::kErrorNotPermitted, "Write not permitted");
        }
        if (refusesUnpaired()) return replyError(error, api::kErrorNotPermitted, "Not paired");
        pacer_.hostWrite(AirPacket{c.uuid, std::move(value)});  // long writes included
        return sd_bus_reply_method_return(m, "");
    }
    if ((type != nullptr && !is("command")) || options.offset != 0 ||
        (type == nullptr && (c.flags & kWriteWithoutResponse) == 0)) {
        return replyError(error, api::kErrorNotSupported, "Not Supported");
    }
    // bt_att_send() refuses a Write Command PDU longer than ATT_MTU: "Failed to initiate write".
    if (value.size() > static_cast<std::size_t>(mtu() - 3)) {
        return replyError(error, api::kErrorFailed, "Failed to initiate write");
    }
    if (refusesUnpaired() || (c.flags & kWriteWithoutResponse) == 0) {
        // A command has no response: the device drops it silently (§1.3), BlueZ reports success.
        logInfo("bluez sim: {} drops a write command on {} (not paired or not writable)",
                device_.address(), c.uuid);
        return sd_bus_reply_method_return(m, "");
    }
    pacer_.hostWrite(AirPacket{c.uuid, std::move(value)});
    return sd_bus_reply_method_return(m, "");
}

int DeviceConnection::startNotify(GattCharacteristicObject& c, sd_bus_message* m,
                                  sd_bus_error* error) {
    if ((c.flags & (kNotify | kIndicate)) == 0) {
        return replyError(error, api::kErrorNotSupported, "Not Supported");
    }
    // Writing the CCCD needs encryption on a device with a passkey: ATT "insufficient
    // authentication", which create_gatt_dbus_error() reports as NotPermitted "Not paired".
    if (refusesUnpaired()) return replyError(error, api::kErrorNotPermitted, "Not paired");
    const bool wasNotifying = !c.notifyClients.empty();
    c.notifyClients.insert(sd_bus_message_get_sender(m));
    if (!wasNotifying) emitChanged(ctx_.bus, c.path, api::kGattCharacteristic, "Notifying");
    return sd_bus_reply_method_return(m, "");
}

void DeviceConnection::clientLeft(const std::string& name) {
    for (auto& c : characteristics_) {
        if (c.notifyClients.erase(name) != 0 && c.notifyClients.empty()) {
            emitChanged(ctx_.bus, c.path, api::kGattCharacteristic, "Notifying");
        }
    }
}

int DeviceConnection::stopNotify(GattCharacteristicObject& c, sd_bus_message* m,
                                 sd_bus_error* error) {
    if (c.notifyClients.erase(sd_bus_message_get_sender(m)) == 0) {
        return replyError(error, api::kErrorFailed, "No notify session started");
    }
    if (c.notifyClients.empty()) {
        emitChanged(ctx_.bus, c.path, api::kGattCharacteristic, "Notifying");
    }
    return sd_bus_reply_method_return(m, "");
}

}  // namespace vreglink::sim::bluez
