#include "sim/bluez/sd_bus_glue.h"

#include "core/log.h"

#include <cstring>

namespace vreglink::sim::bluez {

int replyError(sd_bus_error* error, const char* name, const char* text) {
    return sd_bus_error_set(error, name, text);
}

int appendBytes(sd_bus_message* m, const Bytes& bytes) {
    return sd_bus_message_append_array(m, 'y', bytes.data(), bytes.size());
}

int readBytes(sd_bus_message* m, Bytes& out) {
    const void* data = nullptr;
    std::size_t size = 0;
    const int r = sd_bus_message_read_array(m, 'y', &data, &size);
    if (r < 0) return r;
    const auto* first = static_cast<const std::uint8_t*>(data);
    out.assign(first, first + size);
    return 0;
}

int readGattOptions(sd_bus_message* m, GattOptions& out) {
    int r = sd_bus_message_enter_container(m, 'a', "{sv}");
    if (r < 0) return r;
    while ((r = sd_bus_message_enter_container(m, 'e', "sv")) > 0) {
        const char* key = nullptr;
        if ((r = sd_bus_message_read(m, "s", &key)) < 0) return r;
        const char* contents = nullptr;
        if ((r = sd_bus_message_peek_type(m, nullptr, &contents)) < 0) return r;
        if (std::strcmp(key, "type") == 0 && std::strcmp(contents, "s") == 0) {
            const char* type = nullptr;
            if ((r = sd_bus_message_read(m, "v", "s", &type)) < 0) return r;
            out.type = type;
        } else if (std::strcmp(key, "offset") == 0 && std::strcmp(contents, "q") == 0) {
            if ((r = sd_bus_message_read(m, "v", "q", &out.offset)) < 0) return r;
        } else if ((r = sd_bus_message_skip(m, "v")) < 0) {
            return r;
        }
        if ((r = sd_bus_message_exit_container(m)) < 0) return r;
    }
    if (r < 0) return r;
    return sd_bus_message_exit_container(m);
}

void emitChanged(sd_bus* bus, const std::string& path, const char* interface,
                 const char* property) {
    const int r = sd_bus_emit_properties_changed(bus, path.c_str(), interface, property, nullptr);
    if (r < 0) {
        logWarning("PropertiesChanged {} {} on {}: {}", interface, property, path,
                   std::strerror(-r));
    }
}

}  // namespace vreglink::sim::bluez
