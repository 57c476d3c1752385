// BleLink: the BlueZ client state machine (ble_link.h). Every D-Bus call is asynchronous; each
// reply checks the generation it was made in, so answers that arrive after a loss or a stop are
// ignored. sdbus-c++ throws: each call site is an edge that turns exceptions into a loss.
#include "link/ble_link.h"

#include "link/bluez_call.h"

#include "bus/bus_connection.h"
#include "core/log.h"
#include "link/bluez_agent.h"
#include "link/bluez_names.h"
#include "link/bluez_objects.h"

#include <fmt/format.h>
#include <sdbus-c++/sdbus-c++.h>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>

#include <algorithm>
#include <array>
#include <atomic>

namespace vreglink::link {

const char* bleLinkStateName(BleLinkState state) {
    switch (state) {
        case BleLinkState::Stopped:
            return "stopped";
        case BleLinkState::Searching:
            return "searching";
        case BleLinkState::Connecting:
            return "connecting";
        case BleLinkState::Pairing:
            return "pairing";
        case BleLinkState::Resolving:
            return "resolving services";
        case BleLinkState::Ready:
            return "ready";
        case BleLinkState::Waiting:
            return "waiting to reconnect";
        case BleLinkState::Failed:
            return "failed";
    }
    return "?";
}

namespace {

using ManagedObjects = std::map<sdbus::ObjectPath, BluezInterfaces>;
constexpr std::size_t kDefaultAttMtu = 23;  // §1.3: what a 2021 SmartShunt grants

constexpr std::array<const char*, 3> kChannelUuids{bluez::kCtrlUuid, bluez::kLastUuid,
                                                   bluez::kMoreUuid};

// One agent path per link and process: several links may share a connection's process.
std::string agentPath(const BleAddress& address) {
    static std::atomic<unsigned> next{0};
    std::string path = address.objectPath("/org/vreglink/agent");
    return fmt::format("{}_{}", path, next++);
}

}  // namespace

struct BleLink::Impl : std::enable_shared_from_this<Impl> {
    Impl(asio::io_context& i, BleAddress a, BleLinkOptions o, BleLinkListener& l)
        : io(i), address(std::move(a)), options(std::move(o)), listener(l), timer(i) {}

    // --- the steps -------------------------------------------------------------------------

    void start() {
        if (state != BleLinkState::Stopped && state != BleLinkState::Failed) return;
        backoff = options.reconnectMin;
        attempt();
    }

    void attempt() {
        ++generation;
        timer.cancel();
        setState(BleLinkState::Searching);
        if (!connect()) return;
        // The agent first: Pair may come right after Connect.
        agent->registerAgent([weak = weak_from_this(), g = generation](std::string error) {
            const auto self = weak.lock();
            if (!self || g != self->generation) return;
            if (!error.empty())
                logWarning("{}: cannot register the pairing agent: {}", self->name(), error);
            self->listObjects([](Impl& s, const BluezObjects& objects) { s.search(objects); });
        });
    }

    // The bus connection, matches and agent live from the first attempt to stop().
    bool connect() {
        if (bus) return true;
        auto opened = bus::BusConnection::open(io, options.bus);
        if (!opened) {
            lose(opened.error(), false);
            return false;
        }
        bus = std::move(*opened);
        try {
            auto& connection = bus->sdbus();
            const std::weak_ptr<Impl> weak = weak_from_this();
            root = sdbus::createProxy(connection, bluez::kService, "/");
            objectsMatch =
                connection.addMatch(bluezObjectManagerMatch(), [weak](sdbus::Message& m) {
                    if (auto self = weak.lock()) self->onObjectManagerSignal(m);
                });
            propertiesMatch =
                connection.addMatch(bluezPropertiesChangedMatch(), [weak](sdbus::Message& m) {
                    if (auto self = weak.lock()) self->onPropertiesChanged(m);
                });
            agent = std::make_unique<BluezAgent>(*bus, agentPath(address), options.passkey);
        } catch (const std::exception& e) {
            lose(fmt::format("cannot talk to BlueZ: {}", e.what()), false);
            return false;
        }
        bus->wake();
        return true;
    }

    template <typename F>
    void listObjects(F&& then) {
        try {
            root->callMethodAsync("GetManagedObjects")
                .onInterface(bluez::kObjectManager)
                .withTimeout(sdbusTimeout(options.callTimeout))
                .uponReplyInvoke(
                    [weak = weak_from_this(), g = generation, then = std::forward<F>(then)](
                        const sdbus::Error* error, const ManagedObjects& managed) {
                        const auto self = weak.lock();
                        if (!self || g != self->generation) return;
                        if (error != nullptr) {
                            self->lose(describeBluezError(*error), false);
                            return;
                        }
                        BluezObjects objects;
                        for (const auto& [path, interfaces] : managed)
                            objects.add(path, interfaces);
                        then(*self, objects);
                    });
            bus->wake();
        } catch (const std::exception& e) {
            lose(e.what(), false);
        }
    }

    void search(const BluezObjects& objects) {
        if (!options.adapter.empty()) {
            const std::string wanted = "/org/bluez/" + options.adapter;
            if (std::find(objects.adapters.begin(), objects.adapters.end(), wanted) ==
                objects.adapters.end()) {
                lose(fmt::format("no Bluetooth adapter {}", options.adapter), false);
                return;
            }
            adapterPath = wanted;
        } else if (objects.adapters.empty()) {
            lose("no Bluetooth adapter", false);
            return;
        } else {
            adapterPath = objects.adapters.front();
        }
        devicePath = address.objectPath(adapterPath);
        if (const auto* known = objects.device(devicePath)) {
            device = *known;
            connectDevice();
            return;
        }
        // BlueZ has not seen it yet: discover until InterfacesAdded names it (§3.4).
        discovering = true;
        call(adapterPath, bluez::kAdapter, "StartDiscovery", [](Impl&) {});
        timer.expires_after(options.searchTimeout);
        timer.async_wait([weak = weak_from_this(), g = generation](const asio::error_code& ec) {
            const auto self = weak.lock();
            if (ec || !self || g != self->generation) return;
            self->stopDiscovery();
            self->lose(fmt::format("{} not found within {} s", self->address.text(),
                                   self->options.searchTimeout.count() / 1000),
                       false);
        });
    }

    void stopDiscovery() {
        if (!discovering) return;
        discovering = false;
        call(adapterPath, bluez::kAdapter, "StopDiscovery", [](Impl&) {});
    }

    void connectDevice() {
        timer.cancel();
        stopDiscovery();
        if (device.connected && device.servicesResolved) {
            pairIfNeeded();
            return;
        }
        setState(BleLinkState::Connecting);
        call(devicePath, bluez::kDevice, "Connect", [](Impl& self) {
            self.device.connected = true;
            self.pairIfNeeded();
        });
    }

    void pairIfNeeded() {
        if (device.paired || !options.passkey) {
            resolve();
            return;
        }
        setState(BleLinkState::Pairing);
        call(devicePath, bluez::kDevice, "Pair", [](Impl& self) {
            self.device.paired = true;
            self.resolve();
        });
    }

    // BlueZ resolves the services after Connect; ServicesResolved says when (BlueZ doc
    // org.bluez.Device.rst). Bounded: a device that never resolves is a loss.
    void resolve() {
        setState(BleLinkState::Resolving);
        if (device.servicesResolved) {
            findCharacteristics();
            return;
        }
        timer.expires_after(options.callTimeout);
        timer.async_wait([weak = weak_from_this(), g = generation](const asio::error_code& ec) {
            const auto self = weak.lock();
            if (ec || !self || g != self->generation) return;
            self->lose("the device's services were not resolved", false);
        });
    }

    // --- helpers ---------------------------------------------------------------------------

    // An asynchronous method call without arguments whose failure is a loss (a refused passkey
    // a final one); `then` runs on success in the same generation.
    template <typename Then>
    void call(const std::string& path, const char* interface, const char* method, Then&& then) {
        try {
            auto proxy = proxyFor(path);
            proxy->callMethodAsync(method)
                .onInterface(interface)
                .withTimeout(sdbusTimeout(options.callTimeout))
                .uponReplyInvoke([weak = weak_from_this(), g = generation, method,
                                  then = std::forward<Then>(then)](const sdbus::Error* error) {
                    const auto self = weak.lock();
                    if (!self || g != self->generation) return;
                    if (error != nullptr) {
                        self->onCallFailed(method, *error);
                        return;
                    }
                    then(*self);
                });
            bus->wake();
        } catch (const std::exception& e) {
            lose(fmt::format("{}: {}", method, e.what()), false);
        }
    }

    void onCallFailed(const char* method, const sdbus::Error& error) {
        const std::string what = fmt::format("{} failed: {}", method, describeBluezError(error));
        if (std::string_view(method) == "Pair" &&
            (error.getName() == bluez::kErrorAuthenticationFailed ||
             error.getName() == bluez::kErrorRejected)) {
            // A wrong PIN: retrying would only lock the device out (§1.3).
            lose(fmt::format("pairing with {} failed: wrong PIN? ({})", address.text(),
                             error.getMessage()),
                 true);
            return;
        }
        if (std::string_view(method) == "StartDiscovery" ||
            std::string_view(method) == "StopDiscovery") {
            logWarning("{}: {}", name(), what);  // discovery may already be running
            return;
        }
        lose(what, false);
    }

    sdbus::IProxy* proxyFor(const std::string& path) {
        auto& slot = proxies[path];
        if (!slot) slot = sdbus::createProxy(bus->sdbus(), bluez::kService, path);
        return slot.get();
    }

    void setState(BleLinkState next) { state = next; }

    std::string name() const { return "ble:" + address.text(); }

    void lose(const std::string& reason, bool fatal) {
        const bool wasReady = state == BleLinkState::Ready;
        ++generation;
        timer.cancel();
        channelPaths = {};
        if (wasReady) ++counters.losses;
        if (state == BleLinkState::Stopped) return;
        setState(fatal ? BleLinkState::Failed : BleLinkState::Waiting);
        logInfo("{}: {}{}", name(), reason,
                fatal ? "" : fmt::format(" (retrying in {} ms)", backoff.count()));
        notify([reason, fatal](BleLinkListener& l) { l.onBleLost(reason, fatal); });
        if (fatal) return;
        const auto delay = backoff;
        backoff = std::min(backoff * 2, options.reconnectMax);
        timer.expires_after(delay);
        timer.async_wait([weak = weak_from_this(), g = generation](const asio::error_code& ec) {
            const auto self = weak.lock();
            if (ec || !self || g != self->generation) return;
            self->attempt();
        });
    }

    // --- signals ---------------------------------------------------------------------------

    void onObjectManagerSignal(sdbus::Message& m) {
        try {
            sdbus::ObjectPath path;
            m >> path;
            if (m.getMemberName() == "InterfacesAdded") {
                BluezInterfaces interfaces;
                m >> interfaces;
                if (path != devicePath || !interfaces.contains(bluez::kDevice)) return;
                if (state == BleLinkState::Searching && discovering) {
                    BluezObjects objects;
                    objects.add(path, interfaces);
                    device = objects.devices.front();
                    connectDevice();
                }
            } else if (m.getMemberName() == "InterfacesRemoved") {
                std::vector<std::string> interfaces;
                m >> interfaces;
                const bool ours = path == devicePath &&
                                  std::find(interfaces.begin(), interfaces.end(), bluez::kDevice) !=
                                      interfaces.end();
                if (ours && state != BleLinkState::Waiting && state != BleLinkState::Searching) {
                    lose("BlueZ removed the device", false);
                }
            }
        } catch (const std::exception& e) {
            logWarning("{}: unreadable ObjectManager signal: {}", name(), e.what());
        }
    }

    void onPropertiesChanged(sdbus::Message& m) {
        try {
            const std::string path = m.getPath();
            if (devicePath.empty() || !path.starts_with(devicePath)) return;
            std::string interface;
            BluezProperties changed;
            m >> interface >> changed;
            if (path == devicePath && interface == bluez::kDevice) {
                onDeviceChanged(changed);
            } else if (interface == bluez::kGattCharacteristic) {
                onCharacteristicChanged(path, changed);
            }
        } catch (const std::exception& e) {
            logWarning("{}: unreadable PropertiesChanged: {}", name(), e.what());
        }
    }

    void onDeviceChanged(const BluezProperties& changed) {
        const bool wasConnected = device.connected;
        const bool wasResolved = device.servicesResolved;
        updateDevice(device, changed);
        if (wasConnected && !device.connected && state != BleLinkState::Searching &&
            state != BleLinkState::Waiting) {
            lose("disconnected", false);  // §3.3: normal; reconnect
            return;
        }
        if (!wasResolved && device.servicesResolved && state == BleLinkState::Resolving) {
            findCharacteristics();
        }
    }

    void onCharacteristicChanged(const std::string& path, const BluezProperties& changed) {
        const auto value = changed.find("Value");
        if (value == changed.end() || state != BleLinkState::Ready) return;
        for (std::size_t i = 0; i < channelPaths.size(); ++i) {
            if (channelPaths[i] != path) continue;
            auto bytes = value->second.get<std::vector<std::uint8_t>>();
            ++counters.notifications;
            notify([channel = static_cast<GattChannel>(i), bytes = std::move(bytes)](
                       BleLinkListener& l) { l.onBleNotification(channel, bytes); });
            return;
        }
    }

    void findCharacteristics();
    void enableNotifications(std::size_t index);
    void stop();
    bool write(GattChannel channel, ByteView data);

    // Listener calls leave the sd-bus dispatch first: a listener may stop or destroy the link.
    template <typename F>
    void notify(F&& f) {
        asio::post(io, [weak = weak_from_this(), f = std::forward<F>(f)] {
            if (const auto self = weak.lock(); self && self->state != BleLinkState::Stopped) {
                f(self->listener);
            }
        });
    }

    asio::io_context& io;
    BleAddress address;
    BleLinkOptions options;
    BleLinkListener& listener;
    asio::steady_timer timer;
    BleLinkState state = BleLinkState::Stopped;
    std::uint64_t generation = 0;
    std::chrono::milliseconds backoff{};
    std::unique_ptr<bus::BusConnection> bus;
    std::unique_ptr<sdbus::IProxy> root;
    std::map<std::string, std::unique_ptr<sdbus::IProxy>> proxies;
    sdbus::Slot objectsMatch;
    sdbus::Slot propertiesMatch;
    std::unique_ptr<BluezAgent> agent;
    std::string adapterPath;
    std::string devicePath;
    BluezDevice device;
    bool discovering = false;
    std::array<std::string, 3> channelPaths{};
    std::size_t chunk = kDefaultAttMtu - 3;
    BleLinkCounters counters;
};

// §1.1/§1.2: by UUID, never by handle; §1.3: notifications on all three before writing.
void BleLink::Impl::findCharacteristics() {
    timer.cancel();
    listObjects([](Impl& self, const BluezObjects& objects) {
        std::optional<std::uint16_t> mtu;
        for (std::size_t i = 0; i < kChannelUuids.size(); ++i) {
            const auto* found = objects.characteristic(self.devicePath, kChannelUuids[i]);
            if (found == nullptr) {
                self.lose(fmt::format("{} has no VictronConnect service ({} missing)",
                                      self.address.text(), kChannelUuids[i]),
                          false);
                return;
            }
            self.channelPaths[i] = found->path;
            if (found->mtu) mtu = mtu ? std::min(*mtu, *found->mtu) : *found->mtu;
        }
        // ATT MTU − 3 (§1.3): 20 with the 23 a 2021 SmartShunt grants; never below that.
        self.chunk = std::max<std::size_t>(mtu.value_or(kDefaultAttMtu), kDefaultAttMtu) - 3;
        self.enableNotifications(0);
    });
}

void BleLink::Impl::enableNotifications(std::size_t index) {
    if (index == channelPaths.size()) {
        setState(BleLinkState::Ready);
        backoff = options.reconnectMin;
        ++counters.connects;
        notify([chunkSize = chunk](BleLinkListener& l) { l.onBleReady(chunkSize); });
        return;
    }
    call(channelPaths[index], bluez::kGattCharacteristic, "StartNotify",
         [index](Impl& self) { self.enableNotifications(index + 1); });
}

void BleLink::Impl::stop() {
    if (state == BleLinkState::Stopped) return;
    const bool connected = device.connected && !devicePath.empty() && bus;
    ++generation;
    timer.cancel();
    stopDiscovery();
    if (connected) call(devicePath, bluez::kDevice, "Disconnect", [](Impl&) {});
    channelPaths = {};
    state = BleLinkState::Stopped;
    agent.reset();  // unregisters
    if (bus) bus->wake();
}

bool BleLink::Impl::write(GattChannel channel, ByteView data) {
    if (state != BleLinkState::Ready || data.size() > chunk) return false;
    try {
        const auto& path = channelPaths[static_cast<std::size_t>(channel)];
        // type=command: ATT Write Command, no response from the device (§1.1).
        const std::map<std::string, sdbus::Variant> writeOptions{
            {"type", sdbus::Variant(std::string("command"))}};
        proxyFor(path)
            ->callMethodAsync("WriteValue")
            .onInterface(bluez::kGattCharacteristic)
            .withTimeout(sdbusTimeout(options.callTimeout))
            .withArguments(std::vector<std::uint8_t>(data.begin(), data.end()), writeOptions)
            .uponReplyInvoke([weak = weak_from_this()](const sdbus::Error* error) {
                const auto self = weak.lock();
                if (!self || error == nullptr) return;
                ++self->counters.writeErrors;
                logWarning("{}: write failed: {}", self->name(), describeBluezError(*error));
            });
        ++counters.writes;
        bus->wake();
        return true;
    } catch (const std::exception& e) {
        ++counters.writeErrors;
        logWarning("{}: write failed: {}", name(), e.what());
        return false;
    }
}

BleLink::BleLink(asio::io_context& io, BleAddress address, BleLinkOptions options,
                 BleLinkListener& listener)
    : impl_(std::make_shared<Impl>(io, std::move(address), std::move(options), listener)) {}

BleLink::~BleLink() {
    impl_->stop();
}

void BleLink::start() {
    impl_->start();
}

void BleLink::stop() {
    impl_->stop();
}

bool BleLink::write(GattChannel channel, ByteView chunk) {
    return impl_->write(channel, chunk);
}

BleLinkState BleLink::state() const {
    return impl_->state;
}

std::size_t BleLink::chunkSize() const {
    return impl_->chunk;
}

const BleLinkCounters& BleLink::counters() const {
    return impl_->counters;
}

const BleAddress& BleLink::address() const {
    return impl_->address;
}

}  // namespace vreglink::link
