#include "sim/bluez/gatt_objects.h"

#include "sim/bluez/device_connection.h"
#include "sim/bluez/sd_bus_glue.h"

#include <fmt/format.h>

namespace vreglink::sim::bluez {

namespace {

GattCharacteristicObject& characteristic(void* userdata) {
    return *static_cast<GattCharacteristicObject*>(userdata);
}
GattServiceObject& service(void* userdata) {
    return *static_cast<GattServiceObject*>(userdata);
}

int serviceUuid(sd_bus*, const char*, const char*, const char*, sd_bus_message* reply,
                void* userdata, sd_bus_error* error) {
    return guarded(
        error, [&] { return sd_bus_message_append(reply, "s", service(userdata).uuid.c_str()); });
}
int serviceDevice(sd_bus*, const char*, const char*, const char*, sd_bus_message* reply,
                  void* userdata, sd_bus_error* error) {
    return guarded(error, [&] {
        return sd_bus_message_append(reply, "o", service(userdata).devicePath.c_str());
    });
}
int servicePrimary(sd_bus*, const char*, const char*, const char*, sd_bus_message* reply, void*,
                   sd_bus_error*) {
    return sd_bus_message_append(reply, "b", 1);
}
int serviceIncludes(sd_bus*, const char*, const char*, const char*, sd_bus_message* reply, void*,
                    sd_bus_error*) {
    return sd_bus_message_append(reply, "ao", 0);
}

int charUuid(sd_bus*, const char*, const char*, const char*, sd_bus_message* reply, void* userdata,
             sd_bus_error* error) {
    return guarded(error, [&] {
        return sd_bus_message_append(reply, "s", characteristic(userdata).uuid.c_str());
    });
}
int charService(sd_bus*, const char*, const char*, const char*, sd_bus_message* reply,
                void* userdata, sd_bus_error* error) {
    return guarded(error, [&] {
        return sd_bus_message_append(reply, "o", characteristic(userdata).servicePath.c_str());
    });
}
int charValue(sd_bus*, const char*, const char*, const char*, sd_bus_message* reply, void* userdata,
              sd_bus_error* error) {
    return guarded(error, [&] { return appendBytes(reply, characteristic(userdata).value); });
}
int charNotifying(sd_bus*, const char*, const char*, const char*, sd_bus_message* reply,
                  void* userdata, sd_bus_error* error) {
    return guarded(error, [&] {
        const int notifying = characteristic(userdata).notifyClients.empty() ? 0 : 1;
        return sd_bus_message_append(reply, "b", notifying);
    });
}
int charFlags(sd_bus*, const char*, const char*, const char*, sd_bus_message* reply, void* userdata,
              sd_bus_error* error) {
    return guarded(error, [&] {
        int r = sd_bus_message_open_container(reply, 'a', "s");
        for (const auto& flag : gattFlagStrings(characteristic(userdata).flags)) {
            if (r >= 0) r = sd_bus_message_append(reply, "s", flag.c_str());
        }
        return r < 0 ? r : sd_bus_message_close_container(reply);
    });
}
int charMtu(sd_bus*, const char*, const char*, const char*, sd_bus_message* reply, void* userdata,
            sd_bus_error* error) {
    return guarded(error, [&] {
        return sd_bus_message_append(reply, "q", characteristic(userdata).connection->mtu());
    });
}

int readValue(sd_bus_message* m, void* userdata, sd_bus_error* error) {
    return guarded(error, [&] {
        auto& c = characteristic(userdata);
        return c.connection->readValue(c, m, error);
    });
}
int writeValue(sd_bus_message* m, void* userdata, sd_bus_error* error) {
    return guarded(error, [&] {
        auto& c = characteristic(userdata);
        return c.connection->writeValue(c, m, error);
    });
}
int startNotify(sd_bus_message* m, void* userdata, sd_bus_error* error) {
    return guarded(error, [&] {
        auto& c = characteristic(userdata);
        return c.connection->startNotify(c, m, error);
    });
}
int stopNotify(sd_bus_message* m, void* userdata, sd_bus_error* error) {
    return guarded(error, [&] {
        auto& c = characteristic(userdata);
        return c.connection->stopNotify(c, m, error);
    });
}
// AcquireWrite/AcquireNotify hand out sockets; the simulator has no radio socket to give.
int notSimulated(sd_bus_message*, void*, sd_bus_error* error) {
    return replyError(error, "org.bluez.Error.NotSupported", "Not simulated");
}

const sd_bus_vtable kServiceVtable[] = {
    SD_BUS_VTABLE_START(0),
    SD_BUS_PROPERTY("UUID", "s", serviceUuid, 0, SD_BUS_VTABLE_PROPERTY_CONST),
    SD_BUS_PROPERTY("Device", "o", serviceDevice, 0, SD_BUS_VTABLE_PROPERTY_CONST),
    SD_BUS_PROPERTY("Primary", "b", servicePrimary, 0, SD_BUS_VTABLE_PROPERTY_CONST),
    SD_BUS_PROPERTY("Includes", "ao", serviceIncludes, 0, SD_BUS_VTABLE_PROPERTY_CONST),
    SD_BUS_VTABLE_END,
};

const sd_bus_vtable kCharacteristicVtable[] = {
    SD_BUS_VTABLE_START(0),
    SD_BUS_METHOD("ReadValue", "a{sv}", "ay", readValue, 0),
    SD_BUS_METHOD("WriteValue", "aya{sv}", "", writeValue, 0),
    SD_BUS_METHOD("AcquireWrite", "a{sv}", "hq", notSimulated, 0),
    SD_BUS_METHOD("AcquireNotify", "a{sv}", "hq", notSimulated, 0),
    SD_BUS_METHOD("StartNotify", "", "", startNotify, 0),
    SD_BUS_METHOD("StopNotify", "", "", stopNotify, 0),
    SD_BUS_PROPERTY("UUID", "s", charUuid, 0, SD_BUS_VTABLE_PROPERTY_CONST),
    SD_BUS_PROPERTY("Service", "o", charService, 0, SD_BUS_VTABLE_PROPERTY_CONST),
    SD_BUS_PROPERTY("Value", "ay", charValue, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
    SD_BUS_PROPERTY("Notifying", "b", charNotifying, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
    SD_BUS_PROPERTY("Flags", "as", charFlags, 0, SD_BUS_VTABLE_PROPERTY_CONST),
    SD_BUS_PROPERTY("MTU", "q", charMtu, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
    SD_BUS_VTABLE_END,
};

}  // namespace

const sd_bus_vtable* gattServiceVtable() {
    return kServiceVtable;
}
const sd_bus_vtable* gattCharacteristicVtable() {
    return kCharacteristicVtable;
}

std::vector<std::string> gattFlagStrings(unsigned flags) {
    std::vector<std::string> out;
    if ((flags & kRead) != 0) out.emplace_back("read");
    if ((flags & kWriteWithoutResponse) != 0) out.emplace_back("write-without-response");
    if ((flags & kWrite) != 0) out.emplace_back("write");
    if ((flags & kNotify) != 0) out.emplace_back("notify");
    if ((flags & kIndicate) != 0) out.emplace_back("indicate");
    return out;
}

void buildGattTree(const std::string& devicePath, const std::vector<GattServiceSpec>& specs,
                   DeviceConnection* connection, std::vector<GattServiceObject>& services,
                   std::vector<GattCharacteristicObject>& characteristics) {
    // Handles as a GATT server allots them: service declaration, then per characteristic a
    // declaration, its value and (notify/indicate) a CCCD (§1.2).
    std::uint16_t next = 0x0001;
    for (const auto& spec : specs) {
        const std::uint16_t start = spec.handle != 0 ? spec.handle : next;
        GattServiceObject service;
        service.connection = connection;
        service.devicePath = devicePath;
        service.uuid = spec.uuid;
        service.path = fmt::format("{}/service{:04x}", devicePath, start);
        next = static_cast<std::uint16_t>(start + 1);
        for (const auto& chr : spec.characteristics) {
            const std::uint16_t declaration = chr.handle != 0 ? chr.handle : next;
            GattCharacteristicObject c;
            c.connection = connection;
            c.servicePath = service.path;
            c.uuid = chr.uuid;
            c.flags = chr.flags;
            c.path = fmt::format("{}/char{:04x}", service.path, declaration);
            const bool cccd = (chr.flags & (kNotify | kIndicate)) != 0;
            next = static_cast<std::uint16_t>(declaration + (cccd ? 3 : 2));
            characteristics.push_back(std::move(c));
        }
        services.push_back(std::move(service));
    }
}

}  // namespace vreglink::sim::bluez
