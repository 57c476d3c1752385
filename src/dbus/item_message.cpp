#include "dbus/item_message.h"

#include "dbus/basic_item_value.h"
#include "dbus/dbus_names.h"
#include "venus/item_text.h"

#include <systemd/sd-bus.h>

#include <cstdint>
#include <type_traits>

namespace vreglink::dbus {

namespace {

// sd-bus calls chain: the first failure is the result.
#define VREGLINK_TRY(expr)     \
    do {                       \
        const int r_ = (expr); \
        if (r_ < 0) return r_; \
    } while (false)

int appendBasicVariant(sd_bus_message* m, const char* signature, const auto& value) {
    VREGLINK_TRY(sd_bus_message_open_container(m, SD_BUS_TYPE_VARIANT, signature));
    // sd_bus_message_append_basic takes strings themselves, every other type by address.
    if constexpr (std::is_same_v<std::decay_t<decltype(value)>, const char*>) {
        VREGLINK_TRY(sd_bus_message_append_basic(m, signature[0], value));
    } else {
        VREGLINK_TRY(sd_bus_message_append_basic(m, signature[0], &value));
    }
    return sd_bus_message_close_container(m);
}

int appendTextVariant(sd_bus_message* m, const std::string& text) {
    return appendBasicVariant(m, "s", text.c_str());
}

// One `{s v}` dict entry whose value `appendVariant` writes.
template <typename F>
int appendDictEntry(sd_bus_message* m, const char* key, F&& appendVariant) {
    VREGLINK_TRY(sd_bus_message_open_container(m, SD_BUS_TYPE_DICT_ENTRY, "sv"));
    VREGLINK_TRY(sd_bus_message_append_basic(m, SD_BUS_TYPE_STRING, key));
    VREGLINK_TRY(appendVariant());
    return sd_bus_message_close_container(m);
}

int appendItemsEntry(sd_bus_message* m, const std::string& path, const venus::Item& item) {
    VREGLINK_TRY(sd_bus_message_open_container(m, SD_BUS_TYPE_DICT_ENTRY, "sa{sv}"));
    VREGLINK_TRY(sd_bus_message_append_basic(m, SD_BUS_TYPE_STRING, path.c_str()));
    VREGLINK_TRY(appendItemEntry(m, item));
    return sd_bus_message_close_container(m);
}

bool isBasicType(char type) {
    return std::string_view("ybnqiuxtdsogh").find(type) != std::string_view::npos;
}

}  // namespace

int appendValue(sd_bus_message* m, const venus::ItemValue& value) {
    return std::visit(
        [m](const auto& v) -> int {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, venus::Invalid>) {
                VREGLINK_TRY(sd_bus_message_open_container(m, SD_BUS_TYPE_VARIANT, "ai"));
                VREGLINK_TRY(sd_bus_message_open_container(m, SD_BUS_TYPE_ARRAY, "i"));
                VREGLINK_TRY(sd_bus_message_close_container(m));
                return sd_bus_message_close_container(m);
            } else if constexpr (std::is_same_v<T, std::int32_t>) {
                return appendBasicVariant(m, "i", v);
            } else if constexpr (std::is_same_v<T, std::int64_t>) {
                return appendBasicVariant(m, "x", v);
            } else if constexpr (std::is_same_v<T, double>) {
                return appendBasicVariant(m, "d", v);
            } else {
                return appendTextVariant(m, v);
            }
        },
        value);
}

int appendItemEntry(sd_bus_message* m, const venus::Item& item) {
    VREGLINK_TRY(sd_bus_message_open_container(m, SD_BUS_TYPE_ARRAY, "{sv}"));
    VREGLINK_TRY(appendDictEntry(m, names::kValueKey, [&] { return appendValue(m, item.value); }));
    VREGLINK_TRY(appendDictEntry(m, names::kTextKey,
                                 [&] { return appendTextVariant(m, venus::textOf(item)); }));
    return sd_bus_message_close_container(m);
}

int appendItems(sd_bus_message* m, const venus::ItemTree& tree,
                const std::vector<std::string>& paths) {
    VREGLINK_TRY(sd_bus_message_open_container(m, SD_BUS_TYPE_ARRAY, "{sa{sv}}"));
    for (const auto& path : paths) {
        if (const auto* item = tree.find(path)) VREGLINK_TRY(appendItemsEntry(m, path, *item));
    }
    return sd_bus_message_close_container(m);
}

int appendAllItems(sd_bus_message* m, const venus::ItemTree& tree) {
    VREGLINK_TRY(sd_bus_message_open_container(m, SD_BUS_TYPE_ARRAY, "{sa{sv}}"));
    for (const auto& [path, item] : tree.items()) VREGLINK_TRY(appendItemsEntry(m, path, item));
    return sd_bus_message_close_container(m);
}

int appendSubtree(sd_bus_message* m, const venus::ItemTree& tree, std::string_view node,
                  SubtreeKind kind) {
    VREGLINK_TRY(sd_bus_message_open_container(m, SD_BUS_TYPE_VARIANT, "a{sv}"));
    VREGLINK_TRY(sd_bus_message_open_container(m, SD_BUS_TYPE_ARRAY, "{sv}"));
    // Not a structured binding: clang 14 cannot capture one in the lambda (the fuzz build).
    for (const auto& entry : tree.subtree(node)) {
        const venus::Item& item = *entry.second;
        VREGLINK_TRY(appendDictEntry(m, entry.first.c_str(), [&] {
            return kind == SubtreeKind::Values ? appendValue(m, item.value)
                                               : appendTextVariant(m, venus::textOf(item));
        }));
    }
    VREGLINK_TRY(sd_bus_message_close_container(m));
    return sd_bus_message_close_container(m);
}

std::optional<venus::ItemValue> readValue(sd_bus_message* m) {
    char outer = 0;
    const char* contents = nullptr;
    if (sd_bus_message_peek_type(m, &outer, &contents) <= 0 || outer != SD_BUS_TYPE_VARIANT ||
        contents == nullptr) {
        return std::nullopt;
    }
    if (sd_bus_message_enter_container(m, SD_BUS_TYPE_VARIANT, contents) <= 0) return std::nullopt;
    const std::string_view inner(contents);
    if (inner.size() == 2 && inner[0] == SD_BUS_TYPE_ARRAY && isBasicType(inner[1])) {
        // velib/dbus-flashmq: any empty array reads as invalid (§2.4), whatever its element type.
        if (sd_bus_message_enter_container(m, SD_BUS_TYPE_ARRAY, contents + 1) <= 0) {
            return std::nullopt;
        }
        if (sd_bus_message_at_end(m, false) > 0) return venus::Invalid{};
        return std::nullopt;
    }
    if (inner.size() != 1) return std::nullopt;
    const char type = inner[0];
    return basicItemValue(type, [m, type]<typename T>() -> std::optional<T> {
        // sd-bus reads b into an int and s as a borrowed const char*.
        using Wire =
            std::conditional_t<std::is_same_v<T, bool>, int,
                               std::conditional_t<std::is_same_v<T, std::string>, const char*, T>>;
        Wire value{};
        if (sd_bus_message_read_basic(m, type, &value) < 0) return std::nullopt;
        if constexpr (std::is_same_v<T, bool>) {
            return value != 0;
        } else {
            return T(value);
        }
    });
}

#undef VREGLINK_TRY

}  // namespace vreglink::dbus
