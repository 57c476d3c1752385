// com.victronenergy.BusItem on leaves, intermediate nodes and the root (venus-dbus-mqtt.md §2.2,
// §2.3). Values are read from the tree at call time, so nothing holds stale copies.
#include "dbus/dbus_names.h"
#include "dbus/item_message.h"
#include "dbus/service_dispatch.h"
#include "venus/item_text.h"

namespace vreglink::dbus {

namespace {

int getLeafValue(ServiceContext& ctx, sd_bus_message* m) {
    const venus::Item* item = ctx.tree.find(sd_bus_message_get_path(m));
    return sendReply(m, [&](sd_bus_message* reply) {
        return appendValue(reply, item != nullptr ? item->value : venus::ItemValue{});
    });
}

// §2.3: a node answers with its subtree keyed relative to it, values and texts alike in a `v`.
int getNodeValue(ServiceContext& ctx, sd_bus_message* m) {
    return sendReply(m, [&](sd_bus_message* reply) {
        return appendSubtree(reply, ctx.tree, sd_bus_message_get_path(m), SubtreeKind::Values);
    });
}

int getValue(ServiceContext& ctx, sd_bus_message* m) {
    return (ctx.kindsOf(sd_bus_message_get_path(m)) & kLeafPath) != 0 ? getLeafValue(ctx, m)
                                                                      : getNodeValue(ctx, m);
}

int getLeafText(ServiceContext& ctx, sd_bus_message* m) {
    const venus::Item* item = ctx.tree.find(sd_bus_message_get_path(m));
    const std::string text = item != nullptr ? venus::textOf(*item) : std::string("---");
    return sd_bus_reply_method_return(m, "s", text.c_str());
}

int getNodeText(ServiceContext& ctx, sd_bus_message* m) {
    return sendReply(m, [&](sd_bus_message* reply) {
        return appendSubtree(reply, ctx.tree, sd_bus_message_get_path(m), SubtreeKind::Texts);
    });
}

bus::ReplyWriter setResultReply(venus::SetResult result) {
    return [result](sd_bus_message* call) {
        return sd_bus_reply_method_return(call, "i", static_cast<std::int32_t>(result));
    };
}

int setValue(ServiceContext& ctx, sd_bus_message* m) {
    const venus::Item* item = ctx.tree.find(sd_bus_message_get_path(m));
    if (item == nullptr || !item->onWrite) return setResultReply(venus::SetResult::NotWritable)(m);
    const auto requested = readValue(m);
    if (!requested) {  // a type no Venus value has (§2.4): the owner would reject it anyway
        return setResultReply(venus::SetResult::Rejected)(m);
    }
    if (venus::sameValue(*requested, item->value)) {  // velib: the current value is OK, no call
        return setResultReply(venus::SetResult::Ok)(m);
    }
    // The owner answers later (a device round trip); it may also answer at once.
    const auto id = ctx.replies->add(m, setResultReply(venus::SetResult::Rejected));
    const venus::WriteHandler onWrite = item->onWrite;  // the owner may replace the item
    onWrite(*requested,
            [weak = std::weak_ptr<bus::PendingReplies>(ctx.replies), id](venus::SetResult outcome) {
                if (const auto replies = weak.lock()) replies->answer(id, setResultReply(outcome));
            });
    return 1;
}

int getItems(ServiceContext& ctx, sd_bus_message* m) {
    return sendReply(m, [&](sd_bus_message* reply) { return appendAllItems(reply, ctx.tree); });
}

constexpr unsigned kAnyItemPath = kLeafPath | kNodePath;

}  // namespace

// velib: VeDbusItemExport (leaves), VeDbusTreeExport (nodes), VeDbusRootExport ("/").
const std::vector<MemberSpec> kBusItemMembers{
    {names::kBusItem, names::kGetValue, "", "v", "", "value", kAnyItemPath, getValue},
    {names::kBusItem, names::kGetText, "", "s", "", "text", kLeafPath, getLeafText},
    {names::kBusItem, names::kGetText, "", "v", "", "text", kNodePath, getNodeText},
    {names::kBusItem, names::kSetValue, "v", "i", "value", "result", kLeafPath, setValue},
    {names::kBusItem, names::kGetItems, "", "a{sa{sv}}", "", "items", kRootPath, getItems},
    {names::kBusItem, names::kPropertiesChanged, "", "a{sv}", "", "changes", kLeafPath, nullptr},
    {names::kBusItem, names::kItemsChanged, "", "a{sa{sv}}", "", "changes", kRootPath, nullptr},
};

}  // namespace vreglink::dbus
