// One Venus D-Bus service (venus-dbus-mqtt.md §2, §3, §9): a well-known name on its own
// connection, an ItemTree served as com.victronenergy.BusItem on every path (root and
// intermediate nodes answer for their subtree; paths added later exist at once), batched
// ItemsChanged on "/", PropertiesChanged per path, and com.victronenergy.VregLink on chosen
// paths. Replies are asynchronous; the bus is never blocked.
#pragma once

#include "bus/bus_spec.h"
#include "core/result.h"
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
    // Connects, serves `tree`, then requests `name` (register only once the tree is ready: §2.1
    // "register only after identity is known"). The tree must outlive the service, which is its
    // change listener while it lives.
    static Result<std::unique_ptr<VenusService>> start(asio::io_context& io,
                                                       const bus::BusSpec& bus, std::string name,
                                                       venus::ItemTree& tree,
                                                       VenusServiceOptions options = {});
    // Leaves the bus: name released, connection closed (§2.1 "when the driver loses its device,
    // it disconnects from D-Bus").
    ~VenusService();

    // Serves com.victronenergy.VregLink on `path` (e.g. "/Devices/0/VregLink"); the path should be
    // a leaf of the tree (its BusItem value is invalid). The backend must outlive the service.
    void addVregLink(const std::string& path, venus::VregLinkBackend& backend);

    const std::string& name() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace vreglink::dbus
