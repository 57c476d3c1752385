// BusConnection: one sd-bus connection on the asio loop (bus_loop.h) with sdbus-c++ exceptions
// turned into Result values at this edge (DESIGN.md "Errors").
#include "bus/bus_connection.h"

#include "bus/bus_loop.h"
#include "core/log.h"

#include <fmt/format.h>
#include <sdbus-c++/Error.h>
#include <sdbus-c++/IConnection.h>

#include <cerrno>
#include <exception>

namespace vreglink::bus {

namespace {

// sdbus-c++ throws; the loop wants values.
class SdbusCppPump final : public BusPump {
  public:
    explicit SdbusCppPump(std::unique_ptr<sdbus::IConnection> connection)
        : connection_(std::move(connection)) {}
    sdbus::IConnection& connection() { return *connection_; }

    Result<bool> processOne() override {
        try {
            return connection_->processPendingRequest();
        } catch (const std::exception& e) {
            return Error{e.what()};
        }
    }
    Result<BusPollData> pollData() override {
        try {
            const auto poll = connection_->getEventLoopPollData();
            return BusPollData{poll.fd, poll.events, poll.timeout_usec};
        } catch (const std::exception& e) {
            return Error{e.what()};
        }
    }

  private:
    std::unique_ptr<sdbus::IConnection> connection_;
};

}  // namespace

struct BusConnection::Impl {
    SdbusCppPump* pump = nullptr;  // owned by the loop
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
    auto pump = std::make_unique<SdbusCppPump>(std::move(connection));
    impl->pump = pump.get();
    impl->loop = std::make_shared<BusLoop>(io, std::move(pump));
    // The Hello exchange may already have queued messages: process them on the first turn.
    impl->loop->wake();
    return std::unique_ptr<BusConnection>(new BusConnection(std::move(impl)));
}

sdbus::IConnection& BusConnection::sdbus() {
    return impl_->pump->connection();
}

std::string BusConnection::uniqueName() const {
    try {
        auto name = impl_->pump->connection().getUniqueName();
        impl_->loop->wake();
        return name;
    } catch (const std::exception& e) {
        logWarning("no unique name: {}", e.what());
        return {};
    }
}

void BusConnection::wake() {
    impl_->loop->wake();
}

}  // namespace vreglink::bus
