#include "sim/bluez/adapter_object.h"

#include "sim/bluez/bluez_names.h"
#include "sim/bluez/sd_bus_glue.h"

#include <string_view>

namespace vreglink::sim::bluez {

namespace {

AdapterObject& self(void* userdata) {
    return *static_cast<AdapterObject*>(userdata);
}

constexpr const char* kAddress = "00:1A:7D:DA:71:13";
constexpr auto kConst = SD_BUS_VTABLE_PROPERTY_CONST;
constexpr auto kEmits = SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE;

const sd_bus_vtable kVtable[] = {
    SD_BUS_VTABLE_START(0),
    SD_BUS_METHOD("StartDiscovery", "", "", AdapterObject::startDiscovery, 0),
    SD_BUS_METHOD("SetDiscoveryFilter", "a{sv}", "", AdapterObject::setDiscoveryFilter, 0),
    SD_BUS_METHOD("StopDiscovery", "", "", AdapterObject::stopDiscovery, 0),
    SD_BUS_METHOD("RemoveDevice", "o", "", AdapterObject::removeDevice, 0),
    SD_BUS_METHOD("GetDiscoveryFilters", "", "as", AdapterObject::getDiscoveryFilters, 0),
    SD_BUS_PROPERTY("Address", "s", AdapterObject::getProperty, 0, kConst),
    SD_BUS_PROPERTY("AddressType", "s", AdapterObject::getProperty, 0, kConst),
    SD_BUS_PROPERTY("Name", "s", AdapterObject::getProperty, 0, kConst),
    SD_BUS_WRITABLE_PROPERTY("Alias", "s", AdapterObject::getProperty, AdapterObject::setProperty,
                             0, kEmits),
    SD_BUS_PROPERTY("Class", "u", AdapterObject::getProperty, 0, kConst),
    SD_BUS_WRITABLE_PROPERTY("Powered", "b", AdapterObject::getProperty, AdapterObject::setProperty,
                             0, kEmits),
    SD_BUS_PROPERTY("PowerState", "s", AdapterObject::getProperty, 0, kEmits),
    SD_BUS_WRITABLE_PROPERTY("Discoverable", "b", AdapterObject::getProperty,
                             AdapterObject::setProperty, 0, kEmits),
    SD_BUS_WRITABLE_PROPERTY("DiscoverableTimeout", "u", AdapterObject::getProperty,
                             AdapterObject::setProperty, 0, kEmits),
    SD_BUS_WRITABLE_PROPERTY("Pairable", "b", AdapterObject::getProperty,
                             AdapterObject::setProperty, 0, kEmits),
    SD_BUS_WRITABLE_PROPERTY("PairableTimeout", "u", AdapterObject::getProperty,
                             AdapterObject::setProperty, 0, kEmits),
    SD_BUS_PROPERTY("Discovering", "b", AdapterObject::getProperty, 0, kEmits),
    SD_BUS_PROPERTY("UUIDs", "as", AdapterObject::getProperty, 0, kEmits),
    SD_BUS_PROPERTY("Modalias", "s", AdapterObject::getProperty, 0, kConst),
    SD_BUS_PROPERTY("Roles", "as", AdapterObject::getProperty, 0, kConst),
    SD_BUS_VTABLE_END,
};

}  // namespace

AdapterObject::AdapterObject(sd_bus* bus, Hooks hooks) : bus_(bus), hooks_(std::move(hooks)) {}
AdapterObject::~AdapterObject() = default;

int AdapterObject::exportObject() {
    sd_bus_slot* slot = nullptr;
    const int r = sd_bus_add_object_vtable(bus_, &slot, kAdapterPath, api::kAdapter, kVtable, this);
    if (r >= 0) slot_.reset(slot);
    return r;
}

void AdapterObject::changed(const char* property) {
    emitChanged(bus_, kAdapterPath, api::kAdapter, property);
}

int AdapterObject::startDiscovery(sd_bus_message* m, void* userdata, sd_bus_error* error) {
    return guarded(error, [&] {
        auto& adapter = self(userdata);
        if (!adapter.powered_)
            return replyError(error, "org.bluez.Error.NotReady", "Resource Not Ready");
        // adapter.c start_discovery(): one session per client.
        if (!adapter.sessions_.insert(sd_bus_message_get_sender(m)).second) {
            return replyError(error, api::kErrorInProgress, "Operation already in progress");
        }
        if (adapter.sessions_.size() == 1) {
            adapter.changed("Discovering");
            adapter.hooks_.discovering(true);
        }
        return sd_bus_reply_method_return(m, "");
    });
}

void AdapterObject::clientLeft(const std::string& name) {
    if (sessions_.erase(name) == 0 || !sessions_.empty()) return;
    changed("Discovering");
    hooks_.discovering(false);
}

int AdapterObject::stopDiscovery(sd_bus_message* m, void* userdata, sd_bus_error* error) {
    return guarded(error, [&] {
        auto& adapter = self(userdata);
        if (adapter.sessions_.erase(sd_bus_message_get_sender(m)) == 0) {
            return replyError(error, api::kErrorFailed, "No discovery started");
        }
        if (adapter.sessions_.empty()) {
            adapter.changed("Discovering");
            adapter.hooks_.discovering(false);
        }
        return sd_bus_reply_method_return(m, "");
    });
}

int AdapterObject::setDiscoveryFilter(sd_bus_message* m, void*, sd_bus_error* error) {
    return guarded(error, [&] {
        int r = sd_bus_message_skip(m, "a{sv}");
        if (r < 0)
            return replyError(error, api::kErrorInvalidArguments,
                              "Invalid arguments in method call");
        return sd_bus_reply_method_return(m, "");
    });
}

int AdapterObject::getDiscoveryFilters(sd_bus_message* m, void*, sd_bus_error* error) {
    return guarded(error, [&] {
        return sd_bus_reply_method_return(m, "as", 7, "UUIDs", "RSSI", "Pathloss", "Transport",
                                          "DuplicateData", "Discoverable", "Pattern");
    });
}

int AdapterObject::removeDevice(sd_bus_message* m, void* userdata, sd_bus_error* error) {
    return guarded(error, [&] {
        const char* path = nullptr;
        int r = sd_bus_message_read(m, "o", &path);
        if (r < 0) return r;
        if (!self(userdata).hooks_.removeDevice(path)) {
            return replyError(error, api::kErrorDoesNotExist, "Does Not Exist");
        }
        return sd_bus_reply_method_return(m, "");
    });
}

int AdapterObject::getProperty(sd_bus*, const char*, const char*, const char* property,
                               sd_bus_message* reply, void* userdata, sd_bus_error* error) {
    return guarded(error, [&] { return self(userdata).appendProperty(property, reply); });
}

int AdapterObject::appendProperty(const char* property, sd_bus_message* reply) {
    const std::string_view p = property;
    if (p == "Address") return sd_bus_message_append(reply, "s", kAddress);
    if (p == "AddressType") return sd_bus_message_append(reply, "s", "public");
    if (p == "Name") return sd_bus_message_append(reply, "s", "vreglink-sim");
    if (p == "Alias") return sd_bus_message_append(reply, "s", alias_.c_str());
    if (p == "Class") return sd_bus_message_append(reply, "u", 0U);
    if (p == "Powered") return sd_bus_message_append(reply, "b", powered_ ? 1 : 0);
    if (p == "PowerState") return sd_bus_message_append(reply, "s", powered_ ? "on" : "off");
    if (p == "Discoverable") return sd_bus_message_append(reply, "b", discoverable_ ? 1 : 0);
    if (p == "DiscoverableTimeout") return sd_bus_message_append(reply, "u", 180U);
    if (p == "Pairable") return sd_bus_message_append(reply, "b", pairable_ ? 1 : 0);
    if (p == "PairableTimeout") return sd_bus_message_append(reply, "u", 0U);
    if (p == "Discovering") return sd_bus_message_append(reply, "b", discovering() ? 1 : 0);
    if (p == "UUIDs") return sd_bus_message_append(reply, "as", 0);
    if (p == "Modalias") return sd_bus_message_append(reply, "s", "usb:v1D6Bp0246d0542");
    if (p == "Roles") return sd_bus_message_append(reply, "as", 2, "central", "peripheral");
    return -ENOENT;
}

int AdapterObject::setProperty(sd_bus*, const char*, const char*, const char* property,
                               sd_bus_message* value, void* userdata, sd_bus_error* error) {
    return guarded(error, [&] {
        auto& adapter = self(userdata);
        const std::string_view p = property;
        if (p == "Alias") {
            const char* alias = nullptr;
            const int r = sd_bus_message_read(value, "s", &alias);
            if (r < 0) return r;
            adapter.alias_ = *alias == '\0' ? "vreglink-sim" : alias;
            adapter.changed("Alias");
            return 1;
        }
        if (p == "DiscoverableTimeout" || p == "PairableTimeout") {
            std::uint32_t ignored = 0;  // accepted; timeouts are not simulated
            return sd_bus_message_read(value, "u", &ignored);
        }
        int flag = 0;
        const int r = sd_bus_message_read(value, "b", &flag);
        if (r < 0) return r;
        bool& target = p == "Powered"        ? adapter.powered_
                       : p == "Discoverable" ? adapter.discoverable_
                                             : adapter.pairable_;
        target = flag != 0;
        adapter.changed(property);
        if (p == "Powered") adapter.changed("PowerState");
        return 1;
    });
}

}  // namespace vreglink::sim::bluez
