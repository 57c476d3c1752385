// The client side of a Venus service's item tree (venus-dbus-mqtt.md §2.3): what `vreg --dbus
// monitor` shows. One well-known service is watched the way dbus-flashmq watches every service:
// its changes (batched ItemsChanged on "/", or PropertiesChanged per path from services that do not
// batch), its presence (NameOwnerChanged), and a full GetItems whenever it (re)appears.
#pragma once

#include "bus/bus_connection.h"
#include "core/result.h"
#include "venus/item_value.h"

#include <asio/io_context.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace vreglink::dbus {

struct ItemSnapshot {
    // Invalid for an empty array (§2.2, §2.4), and for a value vreglink cannot represent (a
    // non-empty array, a dict): its text still says what it is.
    venus::ItemValue value;
    std::string text;  // the service's Text; "---" for invalid when it sends none (velib)
};
using ItemSnapshots = std::map<std::string, ItemSnapshot>;  // full path -> item

// Called on the loop thread, never from inside the D-Bus dispatch: a listener may destroy the
// watcher from any of these.
class ItemsListener {
  public:
    // The whole tree after each GetItems, then each batch of changed paths as the service sends it.
    virtual void onItems(const ItemSnapshots& items) = 0;
    // Once at start (as soon as the service is known to be there or not), then on every appear
    // and leave.
    virtual void onServicePresence(bool present, std::string_view reason) = 0;
    // A GetItems that failed while the service is on the bus (timeout, no GetItems, bad reply).
    virtual void onWatchError(std::string_view /*message*/) {}

  protected:
    ~ItemsListener() = default;
};

class ServiceItemsWatcher {
  public:
    // Subscribes first (synchronous AddMatch calls: sdbus-c++ 1.2 has no asynchronous form), then
    // asks GetItems asynchronously, so no change between the two is missed. `service` may be the
    // short form ("solarcharger.ttyUSB0"). `call` bounds each GetItems. The watcher must not
    // outlive `bus`.
    static Result<std::unique_ptr<ServiceItemsWatcher>> start(asio::io_context& io,
                                                              bus::BusConnection& bus,
                                                              std::string_view service,
                                                              ItemsListener& listener,
                                                              std::chrono::milliseconds call);
    ~ServiceItemsWatcher();
    ServiceItemsWatcher(const ServiceItemsWatcher&) = delete;
    ServiceItemsWatcher& operator=(const ServiceItemsWatcher&) = delete;

    const std::string& service() const { return service_; }

  private:
    struct Impl;
    ServiceItemsWatcher(std::string service, std::shared_ptr<Impl> impl);

    std::string service_;
    std::shared_ptr<Impl> impl_;
};

}  // namespace vreglink::dbus
