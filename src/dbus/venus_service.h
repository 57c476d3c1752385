// One Venus D-Bus service (venus-dbus-mqtt.md §2, §3, §9): a well-known name on its own
// connection, an ItemTree exported as com.victronenergy.BusItem objects (root and intermediate
// nodes answer for their subtree), batched ItemsChanged on "/", PropertiesChanged per path, and
// com.victronenergy.VregLink objects. Replies are asynchronous; the bus is never blocked.
#pragma once

#include "core/result.h"
#include "dbus/bus_connection.h"
#include "venus/item_tree.h"
#include "venus/vreglink_backend.h"

#include <asio/io_context.hpp>

#include <chrono>
#include <memory>
#include <string>

namespace vreglink::dbus {

struct VenusServiceOptions {
    // ItemsChanged at most this often, with only what changed (§2.3, §9.3).
    std::chrono::milliseconds itemsChangedInterval{1000};
};

class VenusService {
  public:
    // Connects, exports every node and leaf of `tree`, then requests `name` (register only once
    // the tree is ready: §2.1 "register only after identity is known"). The tree must outlive
    // the service.
    static Result<std::unique_ptr<VenusService>> start(asio::io_context& io, const BusSpec& bus,
                                                       std::string name, venus::ItemTree& tree,
                                                       VenusServiceOptions options = {});
    // Leaves the bus: name released, connection closed (§2.1 "when the driver loses its device,
    // it disconnects from D-Bus").
    ~VenusService();

    // Exports paths added to the tree after start().
    void syncObjects();
    // Adds com.victronenergy.VregLink on `path` (e.g. "/Devices/0/VregLink"); the path must be a
    // leaf of the tree (its BusItem value is invalid). The backend must outlive the service.
    void addVregLink(const std::string& path, venus::VregLinkBackend& backend);

    const std::string& name() const;
    BusConnection& connection();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace vreglink::dbus
