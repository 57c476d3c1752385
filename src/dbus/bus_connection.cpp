// BusConnection: one sd-bus connection on the asio loop (bus_loop.h) with sdbus-c++ exceptions
// turned into Result values at this edge (DESIGN.md "Errors").
#include "dbus/bus_connection.h"

#include "core/log.h"
#include "dbus/bus_loop.h"

#include <fmt/format.h>
#include <sdbus-c++/Error.h>
#include <sdbus-c++/IConnection.h>

#include <cerrno>
#include <exception>

namespace vreglink::dbus {

struct BusConnection::Impl {
    std::shared_ptr<BusLoop> loop;
};

BusConnection::BusConnection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

BusConnection::~BusConnection() {
    if (impl_ && impl_->loop) impl_->loop->stop();
}

Result<std::unique_ptr<BusConnection>> BusConnection::open(asio::io_context& io,
                                                           const BusSpec& bus) {
    std::unique_ptr<sdbus::IConnection> connection;
    try {
        switch (bus.kind) {
            case BusSpec::Kind::System:  // sd-bus honours DBUS_SYSTEM_BUS_ADDRESS itself
                connection = sdbus::createSystemBusConnection();
                break;
            case BusSpec::Kind::Session:
                connection = sdbus::createSessionBusConnection();
                break;
            case BusSpec::Kind::Address:
                // Despite its name this only sets the address: a bus client on any bus.
                connection = sdbus::createSessionBusConnectionWithAddress(bus.address);
                break;
        }
    } catch (const std::exception& e) {
        return Error{fmt::format("cannot connect to the {}: {}", bus.describe(), e.what())};
    }
    if (!connection) return Error{fmt::format("cannot connect to the {}", bus.describe())};
    auto impl = std::make_unique<Impl>();
    impl->loop = std::make_shared<BusLoop>(io, std::move(connection));
    // The Hello exchange may already have queued messages: process them on the first turn.
    impl->loop->wake();
    return std::unique_ptr<BusConnection>(new BusConnection(std::move(impl)));
}

sdbus::IConnection& BusConnection::sdbus() {
    return impl_->loop->connection();
}

std::string BusConnection::uniqueName() const {
    try {
        auto name = impl_->loop->connection().getUniqueName();
        impl_->loop->wake();
        return name;
    } catch (const std::exception& e) {
        logWarning("no unique name: {}", e.what());
        return {};
    }
}

Result<bool> BusConnection::requestName(const std::string& name) {
    // sdbus-c++ requests without SD_BUS_NAME_QUEUE: an owned name fails at once with EEXIST
    // (velib's do_not_queue, venus-dbus-mqtt.md §2.1). The call is synchronous: incoming
    // messages it read on the way are queued without a new fd edge, hence the wake().
    try {
        impl_->loop->connection().requestName(name);
        impl_->loop->wake();
        return true;
    } catch (const sdbus::Error& e) {
        impl_->loop->wake();
        // sd-bus maps EEXIST to FileExists (older versions: System.Error.EEXIST).
        if (e.getName() == "org.freedesktop.DBus.Error.FileExists" ||
            e.getName() == "System.Error.EEXIST") {
            return Error{fmt::format("the name {} is already owned on the bus", name)};
        }
        return Error{fmt::format("cannot own the name {}: {}", name, e.getMessage())};
    } catch (const std::exception& e) {
        impl_->loop->wake();
        return Error{fmt::format("cannot own the name {}: {}", name, e.what())};
    }
}

void BusConnection::releaseName(const std::string& name) {
    try {
        impl_->loop->connection().releaseName(name);
    } catch (const std::exception& e) {
        logWarning("cannot release the name {}: {}", name, e.what());
    }
    impl_->loop->wake();
}

void BusConnection::wake() {
    impl_->loop->wake();
}

}  // namespace vreglink::dbus
