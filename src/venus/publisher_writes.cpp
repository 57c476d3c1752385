// SetValue on the writable paths (venus-dbus-mqtt.md §2.2): 1 when the gateway is read-only,
// 2 when the value cannot be written (not a number, not accepted, out of range — nothing is sent)
// or the device refuses it, 0 once the device has stored it. Same rules as SetVreg.
#include "catalog/catalog.h"
#include "venus/mandatory_paths.h"
#include "venus/publisher_impl.h"

namespace vreglink::venus {

WriteHandler DevicePublisher::Impl::rowWriter(const PathSpec& row) {
    return [this, &row, token = std::weak_ptr<Impl*>(alive)](const ItemValue& requested,
                                                             std::function<void(SetResult)> done) {
        if (!token.lock()) return done(SetResult::Rejected);  // device gone: nothing to write
        if (options.readOnly) return done(SetResult::NotWritable);
        const VregId id(static_cast<std::uint16_t>(row.vreg));
        const auto bytes = encodeWrite(row, catalog::Catalog::builtin().find(id), requested);
        if (!bytes) return done(SetResult::Rejected);
        device.set(id, *bytes, [this, id, token, done](const device::VregReply& reply) {
            if (!reply.status.isOk()) return done(SetResult::Rejected);
            // The stored value normally also arrives through onVregUpdate (the SET answer is a
            // value frame); publishing it here covers links that do not echo it.
            if (token.lock() && !reply.data.empty()) applyVreg(id, reply.data, true);
            done(SetResult::Ok);
        });
    };
}

WriteHandler DevicePublisher::Impl::customNameWriter() {
    // /CustomName: written to 0x010C when the device answered it and the catalog marks it
    // writable; otherwise (every VE.Direct product we know: 0x010C is read-only or absent) kept
    // by the gateway only, so VictronConnect and the GUI can still name the device. The daemon
    // owns persisting it across restarts.
    return [this, token = std::weak_ptr<Impl*>(alive)](const ItemValue& requested,
                                                       std::function<void(SetResult)> done) {
        if (!token.lock()) return done(SetResult::Rejected);
        if (options.readOnly) return done(SetResult::NotWritable);
        const auto* name = std::get_if<std::string>(&requested);
        if (name == nullptr) return done(SetResult::Rejected);
        if (!deviceCustomName) {
            publishCustomName(tree, *name);
            return done(SetResult::Ok);
        }
        Bytes bytes(name->begin(), name->end());
        device.set(VregId(kCustomName), std::move(bytes),
                   [this, token, done, value = *name](const device::VregReply& reply) {
                       if (!reply.status.isOk()) return done(SetResult::Rejected);
                       if (token.lock()) publishCustomName(tree, value);
                       done(SetResult::Ok);
                   });
    };
}

}  // namespace vreglink::venus
