// com.victronenergy.VregLink (venus-dbus-mqtt.md §3.1, §3.4): GetVreg(q) -> (q, ay) and
// SetVreg(q, ay) -> (q, ay), answered asynchronously through the backend. Device trouble is
// always a VregLink status, never a D-Bus error.
#include "dbus/dbus_names.h"
#include "dbus/service_dispatch.h"

namespace vreglink::dbus {

namespace {

bus::ReplyWriter vregReply(std::uint16_t status, Bytes data) {
    return [status, data = std::move(data)](sd_bus_message* call) {
        return sendReply(call, [&](sd_bus_message* reply) {
            const int r = sd_bus_message_append_basic(reply, SD_BUS_TYPE_UINT16, &status);
            if (r < 0) return r;
            return sd_bus_message_append_array(reply, SD_BUS_TYPE_BYTE, data.data(), data.size());
        });
    };
}

// Keeps the call until the device answers; if the service leaves the bus first: "device did
// not answer" (§3.2).
venus::VregLinkBackend::Done keep(ServiceContext& ctx, sd_bus_message* call) {
    const auto id = ctx.replies->add(call, vregReply(VregStatus::kTimeout, {}));
    return [weak = std::weak_ptr<bus::PendingReplies>(ctx.replies), id](VregStatus status,
                                                                        Bytes data) {
        if (const auto replies = weak.lock()) replies->answer(id, vregReply(status.code, data));
    };
}

venus::VregLinkBackend& backendFor(ServiceContext& ctx, sd_bus_message* m) {
    // The dispatcher calls these only on VregLink paths.
    return *ctx.vreglinks.find(std::string_view(sd_bus_message_get_path(m)))->second;
}

int getVreg(ServiceContext& ctx, sd_bus_message* m) {
    std::uint16_t regid = 0;
    const int r = sd_bus_message_read_basic(m, SD_BUS_TYPE_UINT16, &regid);
    if (r < 0) return r;
    backendFor(ctx, m).getVreg(VregId(regid), keep(ctx, m));
    return 1;
}

int setVreg(ServiceContext& ctx, sd_bus_message* m) {
    std::uint16_t regid = 0;
    int r = sd_bus_message_read_basic(m, SD_BUS_TYPE_UINT16, &regid);
    if (r < 0) return r;
    const void* bytes = nullptr;
    std::size_t size = 0;
    if ((r = sd_bus_message_read_array(m, SD_BUS_TYPE_BYTE, &bytes, &size)) < 0) return r;
    const auto* first = static_cast<const std::uint8_t*>(bytes);
    backendFor(ctx, m).setVreg(VregId(regid), Bytes(first, first + size), keep(ctx, m));
    return 1;
}

}  // namespace

const std::vector<MemberSpec> kVregLinkMembers{
    {names::kVregLink, names::kGetVreg, "q", "qay", "regid", "status\0data", kVregLinkPath,
     getVreg},
    {names::kVregLink, names::kSetVreg, "qay", "qay", "regid\0data", "status\0data", kVregLinkPath,
     setVreg},
};

}  // namespace vreglink::dbus
