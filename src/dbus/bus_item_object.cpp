// com.victronenergy.BusItem on leaves, intermediate nodes and the root (venus-dbus-mqtt.md §2.2,
// §2.3). Values are read from the tree at call time, so objects never hold stale copies.
#include "dbus/dbus_names.h"
#include "dbus/service_objects.h"
#include "dbus/variant_conversion.h"

#include <sdbus-c++/sdbus-c++.h>

#include <cstdint>
#include <functional>

namespace vreglink::dbus {

namespace {

using SetValueResult = sdbus::Result<std::int32_t>;

void handleSetValue(ServiceContext& context, const std::string& path, SetValueResult&& result,
                    const sdbus::Variant& value) {
    const venus::Item* item = context.tree.find(path);
    if (item == nullptr || !item->onWrite) {
        result.returnResults(static_cast<std::int32_t>(venus::SetResult::NotWritable));
        return;
    }
    const auto requested = fromVariant(value);
    if (!requested) {  // a type no Venus value has (§2.4): the owner would reject it anyway
        result.returnResults(static_cast<std::int32_t>(venus::SetResult::Rejected));
        return;
    }
    if (sameValue(*requested, item->value)) {  // velib: the current value is OK, no callback
        result.returnResults(static_cast<std::int32_t>(venus::SetResult::Ok));
        return;
    }
    // The owner answers later (a device round trip); it may also answer at once.
    const auto handle = context.replies->add(
        std::move(result),
        std::tuple<std::int32_t>{static_cast<std::int32_t>(venus::SetResult::Rejected)});
    std::weak_ptr<PendingReplies> weak = context.replies;
    const venus::WriteHandler onWrite = item->onWrite;  // the owner may replace the item
    onWrite(*requested, [weak, handle](venus::SetResult outcome) {
        if (const auto replies = weak.lock()) {
            replies->answer(handle, static_cast<std::int32_t>(outcome));
        }
    });
}

}  // namespace

std::unique_ptr<sdbus::IObject> makeLeafObject(ServiceContext& context, const std::string& path,
                                               venus::VregLinkBackend* vreglink) {
    auto object = sdbus::createObject(context.bus.sdbus(), path);
    ServiceContext* ctx = &context;
    object->registerMethod(names::kGetValue)
        .onInterface(names::kBusItem)
        .withOutputParamNames("value")
        .implementedAs([ctx, path]() {
            return guarded([&] {
                const venus::Item* item = ctx->tree.find(path);
                return toVariant(item != nullptr ? item->value : venus::ItemValue{});
            });
        });
    object->registerMethod(names::kGetText)
        .onInterface(names::kBusItem)
        .withOutputParamNames("text")
        .implementedAs([ctx, path]() {
            return guarded([&] {
                const venus::Item* item = ctx->tree.find(path);
                return item != nullptr ? textOf(*item) : std::string("---");
            });
        });
    object->registerMethod(names::kSetValue)
        .onInterface(names::kBusItem)
        .withInputParamNames("value")
        .withOutputParamNames("result")
        .implementedAs([ctx, path](SetValueResult&& result, sdbus::Variant value) {
            guarded([&] { handleSetValue(*ctx, path, std::move(result), value); });
        });
    object->registerSignal(names::kPropertiesChanged)
        .onInterface(names::kBusItem)
        .withParameters<VariantDict>("changes");
    if (vreglink != nullptr) registerVregLink(*object, context, *vreglink);
    object->finishRegistration();
    return object;
}

std::unique_ptr<sdbus::IObject> makeNodeObject(ServiceContext& context, const std::string& path) {
    auto object = sdbus::createObject(context.bus.sdbus(), path);
    ServiceContext* ctx = &context;
    // §2.3: the subtree keyed relative to this node, values and texts alike wrapped in `v`.
    object->registerMethod(names::kGetValue)
        .onInterface(names::kBusItem)
        .withOutputParamNames("value")
        .implementedAs([ctx, path]() {
            return guarded([&] { return sdbus::Variant(subtreeValues(ctx->tree, path)); });
        });
    object->registerMethod(names::kGetText)
        .onInterface(names::kBusItem)
        .withOutputParamNames("text")
        .implementedAs([ctx, path]() {
            return guarded([&] { return sdbus::Variant(subtreeTexts(ctx->tree, path)); });
        });
    if (path == "/") {
        object->registerMethod(names::kGetItems)
            .onInterface(names::kBusItem)
            .withOutputParamNames("items")
            .implementedAs([ctx]() { return guarded([&] { return allItems(ctx->tree); }); });
        object->registerSignal(names::kItemsChanged)
            .onInterface(names::kBusItem)
            .withParameters<ItemsDict>("changes");
    }
    object->finishRegistration();
    return object;
}

}  // namespace vreglink::dbus
