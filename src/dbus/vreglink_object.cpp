// com.victronenergy.VregLink (venus-dbus-mqtt.md §3.1, §3.4): GetVreg(q) -> (q, ay) and
// SetVreg(q, ay) -> (q, ay), answered asynchronously through the backend. Device trouble is
// always a VregLink status, never a D-Bus error.
#include "dbus/dbus_names.h"
#include "dbus/service_objects.h"

#include <sdbus-c++/sdbus-c++.h>

#include <cstdint>
#include <vector>

namespace vreglink::dbus {

namespace {

using VregResult = sdbus::Result<std::uint16_t, std::vector<std::uint8_t>>;
using VregHandle = ReplyHandle<std::uint16_t, std::vector<std::uint8_t>>;

// If the service leaves the bus before the device answers: "device did not answer" (§3.2).
VregHandle keep(ServiceContext& context, VregResult&& result) {
    return context.replies->add(
        std::move(result),
        std::tuple<std::uint16_t, std::vector<std::uint8_t>>{VregStatus::kTimeout, {}});
}

venus::VregLinkBackend::Done answerer(ServiceContext& context, VregHandle handle) {
    return [weak = std::weak_ptr<PendingReplies>(context.replies), handle](VregStatus status,
                                                                           Bytes data) {
        if (const auto replies = weak.lock()) replies->answer(handle, status.code, data);
    };
}

}  // namespace

void registerVregLink(sdbus::IObject& object, ServiceContext& context,
                      venus::VregLinkBackend& backend) {
    ServiceContext* ctx = &context;
    venus::VregLinkBackend* link = &backend;
    object.registerMethod(names::kGetVreg)
        .onInterface(names::kVregLink)
        .withInputParamNames("regid")
        .withOutputParamNames("status", "data")
        .implementedAs([ctx, link](VregResult&& result, std::uint16_t regid) {
            guarded([&] {
                const auto handle = keep(*ctx, std::move(result));
                link->getVreg(VregId(regid), answerer(*ctx, handle));
            });
        });
    object.registerMethod(names::kSetVreg)
        .onInterface(names::kVregLink)
        .withInputParamNames("regid", "data")
        .withOutputParamNames("status", "data")
        .implementedAs(
            [ctx, link](VregResult&& result, std::uint16_t regid, std::vector<std::uint8_t> data) {
                guarded([&] {
                    const auto handle = keep(*ctx, std::move(result));
                    link->setVreg(VregId(regid), std::move(data), answerer(*ctx, handle));
                });
            });
}

}  // namespace vreglink::dbus
