// BleScanner (ble_scanner.h). sdbus-c++ throws: every call site turns exceptions into the scan's
// error. Replies carry a weak reference, so a scanner destroyed mid-scan ignores late answers.
#include "link/ble_scanner.h"

#include "link/bluez_call.h"

#include "bus/bus_connection.h"
#include "link/bluez_names.h"

#include <fmt/format.h>
#include <sdbus-c++/sdbus-c++.h>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>

#include <algorithm>
#include <map>

namespace vreglink::link {

namespace {

using ManagedObjects = std::map<sdbus::ObjectPath, BluezInterfaces>;

}  // namespace

bool isVictronDevice(const BluezDevice& device) {
    return device.manufacturerData.contains(bluez::kVictronCompanyId);
}

struct BleScanner::Impl : std::enable_shared_from_this<Impl> {
    Impl(asio::io_context& i, BleScanOptions o) : io(i), options(std::move(o)), timer(i) {}

    void start(BleScanHandler handler) {
        done = std::move(handler);
        auto opened = bus::BusConnection::open(io, options.bus);
        if (!opened) {
            finish(Error{opened.error()});
            return;
        }
        bus = std::move(*opened);
        try {
            const std::weak_ptr<Impl> weak = weak_from_this();
            auto& connection = bus->sdbus();
            root = sdbus::createProxy(connection, bluez::kService, "/");
            // Matches first, then GetManagedObjects: nothing added in between is missed.
            objectsMatch = connection.addMatch(bluezObjectManagerMatch("InterfacesAdded"),
                                               [weak](sdbus::Message& m) {
                                                   if (auto self = weak.lock())
                                                       self->onInterfacesAdded(m);
                                               });
            propertiesMatch =
                connection.addMatch(bluezPropertiesChangedMatch(), [weak](sdbus::Message& m) {
                    if (auto self = weak.lock()) self->onPropertiesChanged(m);
                });
            root->callMethodAsync("GetManagedObjects")
                .onInterface(bluez::kObjectManager)
                .withTimeout(sdbusTimeout(options.callTimeout))
                .uponReplyInvoke([weak](const sdbus::Error* error, const ManagedObjects& managed) {
                    const auto self = weak.lock();
                    if (!self) return;
                    if (error != nullptr) {
                        self->finish(Error{describeBluezError(*error)});
                        return;
                    }
                    for (const auto& [path, interfaces] : managed) {
                        self->objects.add(path, interfaces);
                    }
                    self->startDiscovery();
                });
            bus->wake();
        } catch (const std::exception& e) {
            finish(Error{fmt::format("cannot talk to BlueZ: {}", e.what())});
        }
    }

    void startDiscovery() {
        if (!options.adapter.empty()) {
            adapterPath = std::string(bluez::kBluezPath) + "/" + options.adapter;
            if (std::find(objects.adapters.begin(), objects.adapters.end(), adapterPath) ==
                objects.adapters.end()) {
                finish(Error{fmt::format("no Bluetooth adapter {}", options.adapter)});
                return;
            }
        } else if (objects.adapters.empty()) {
            finish(Error{"no Bluetooth adapter"});
            return;
        } else {
            adapterPath = objects.adapters.front();
        }
        try {
            adapter = sdbus::createProxy(bus->sdbus(), bluez::kService, adapterPath);
            // Victron products are LE-only: no need to page for classic devices.
            const std::map<std::string, sdbus::Variant> filter{
                {"Transport", sdbus::Variant(std::string("le"))}};
            adapter->callMethodAsync("SetDiscoveryFilter")
                .onInterface(bluez::kAdapter)
                .withTimeout(sdbusTimeout(options.callTimeout))
                .withArguments(filter)
                .uponReplyInvoke([](const sdbus::Error*) {});  // optional: scan anyway
            adapter->callMethodAsync("StartDiscovery")
                .onInterface(bluez::kAdapter)
                .withTimeout(sdbusTimeout(options.callTimeout))
                .uponReplyInvoke([weak = weak_from_this()](const sdbus::Error* error) {
                    const auto self = weak.lock();
                    if (!self) return;
                    // InProgress: another client discovers already; the devices still appear.
                    if (error != nullptr && error->getName() != bluez::kErrorInProgress) {
                        self->finish(Error{
                            fmt::format("StartDiscovery failed: {}", describeBluezError(*error))});
                        return;
                    }
                    self->discovering = error == nullptr;
                });
            bus->wake();
        } catch (const std::exception& e) {
            finish(Error{fmt::format("StartDiscovery failed: {}", e.what())});
            return;
        }
        timer.expires_after(options.duration);
        timer.async_wait([weak = weak_from_this()](const asio::error_code& ec) {
            const auto self = weak.lock();
            if (ec || !self) return;
            self->stopDiscovery();
            self->finish(self->victronDevices());
        });
    }

    void stopDiscovery() {
        if (!discovering || !adapter) return;
        discovering = false;
        try {
            adapter->callMethodAsync("StopDiscovery")
                .onInterface(bluez::kAdapter)
                .withTimeout(sdbusTimeout(options.callTimeout))
                .uponReplyInvoke([](const sdbus::Error*) {});
            bus->wake();
        } catch (const std::exception&) {
            // Best effort: BlueZ ends a client's discovery session when it leaves the bus.
        }
    }

    std::vector<BluezDevice> victronDevices() const {
        std::vector<BluezDevice> out;
        for (const auto& device : objects.devices) {
            if (isVictronDevice(device)) out.push_back(device);
        }
        std::sort(out.begin(), out.end(),
                  [](const auto& a, const auto& b) { return a.address < b.address; });
        return out;
    }

    void onInterfacesAdded(sdbus::Message& m) {
        try {
            sdbus::ObjectPath path;
            BluezInterfaces interfaces;
            m >> path >> interfaces;
            objects.add(path, interfaces);
        } catch (const std::exception&) {
            // Unreadable: skip this object.
        }
    }

    void onPropertiesChanged(sdbus::Message& m) {
        try {
            const std::string path = m.getPath();
            std::string interface;
            BluezProperties changed;
            m >> interface >> changed;
            if (interface != bluez::kDevice) return;
            for (auto& device : objects.devices) {
                if (device.path == path) updateDevice(device, changed);
            }
        } catch (const std::exception&) {
        }
    }

    // Reports once, from the loop (never inside start()).
    void finish(Result<std::vector<BluezDevice>> result) {
        if (!done) return;
        timer.cancel();
        asio::post(io, [handler = std::move(done), result = std::move(result)]() mutable {
            handler(std::move(result));
        });
        done = nullptr;
    }

    asio::io_context& io;
    BleScanOptions options;
    asio::steady_timer timer;
    BleScanHandler done;
    std::unique_ptr<bus::BusConnection> bus;
    std::unique_ptr<sdbus::IProxy> root;
    std::unique_ptr<sdbus::IProxy> adapter;
    sdbus::Slot objectsMatch;
    sdbus::Slot propertiesMatch;
    std::string adapterPath;
    BluezObjects objects;
    bool discovering = false;
};

BleScanner::BleScanner(asio::io_context& io, BleScanOptions options)
    : impl_(std::make_shared<Impl>(io, std::move(options))) {}

BleScanner::~BleScanner() {
    impl_->done = nullptr;
    impl_->timer.cancel();
    impl_->stopDiscovery();
}

void BleScanner::start(BleScanHandler done) {
    impl_->start(std::move(done));
}

}  // namespace vreglink::link
