// VregLinkClient and the service discovery behind `vreg --dbus`. sdbus-c++ throws: every call is
// wrapped here, the edge, and failures become VregLink statuses or Error values.
#include "dbus/vreglink_client.h"

#include "dbus/dbus_names.h"
#include "dbus/variant_conversion.h"

#include <fmt/format.h>
#include <sdbus-c++/sdbus-c++.h>
#include <asio/post.hpp>

#include <algorithm>
#include <exception>

namespace vreglink::dbus {
namespace {

constexpr std::string_view kServicePrefix = "com.victronenergy.";
constexpr const char* kVregLinkPath = "/Devices/0/VregLink";

std::chrono::microseconds micros(std::chrono::milliseconds ms) {
    return std::chrono::duration_cast<std::chrono::microseconds>(ms);
}

device::VregReply busFailure(const std::string& message) {
    return {VregStatus::timeout(), {}, fmt::format("D-Bus: {}", message)};
}

}  // namespace

std::string expandServiceName(std::string_view name) {
    if (name.starts_with(kServicePrefix) || name.starts_with(':')) return std::string(name);
    return std::string(kServicePrefix) + std::string(name);
}

struct VregLinkClient::Impl : std::enable_shared_from_this<Impl> {
    Impl(asio::io_context& i, bus::BusConnection& b) : io(i), bus(b) {}

    // Replies leave the sd-bus dispatch first, and never run inside get()/set().
    void answer(device::ReplyHandler done, device::VregReply reply) {
        asio::post(io, [weak = weak_from_this(), done = std::move(done), reply = std::move(reply)] {
            if (weak.lock()) done(reply);
        });
    }

    void call(const char* method, VregId id, const Bytes* value, device::ReplyHandler done) {
        if (!proxy) {
            answer(std::move(done), busFailure(proxyError));
            return;
        }
        auto onReply = [weak = weak_from_this(), done](const sdbus::Error* error,
                                                       std::uint16_t status, Bytes data) {
            auto self = weak.lock();
            if (!self) return;
            if (error != nullptr) {
                self->answer(done, busFailure(error->getMessage()));
                return;
            }
            self->answer(done, {VregStatus(status), std::move(data), {}});
        };
        try {
            if (value != nullptr) {
                proxy->callMethodAsync(method)
                    .onInterface(names::kVregLink)
                    .withTimeout(micros(timeout))
                    .withArguments(id.value, *value)
                    .uponReplyInvoke(std::move(onReply));
            } else {
                proxy->callMethodAsync(method)
                    .onInterface(names::kVregLink)
                    .withTimeout(micros(timeout))
                    .withArguments(id.value)
                    .uponReplyInvoke(std::move(onReply));
            }
            bus.wake();
        } catch (const std::exception& e) {
            answer(std::move(done), busFailure(e.what()));
        }
    }

    asio::io_context& io;
    bus::BusConnection& bus;
    std::chrono::milliseconds timeout{3000};
    std::unique_ptr<sdbus::IProxy> proxy;
    std::string proxyError;
};

VregLinkClient::VregLinkClient(asio::io_context& io, bus::BusConnection& bus, std::string service,
                               std::chrono::milliseconds call)
    : service_(expandServiceName(service)), impl_(std::make_shared<Impl>(io, bus)) {
    impl_->timeout = call;
    try {
        impl_->proxy = sdbus::createProxy(bus.sdbus(), service_, kVregLinkPath);
    } catch (const std::exception& e) {
        impl_->proxyError = e.what();
    }
}

VregLinkClient::~VregLinkClient() = default;

void VregLinkClient::get(VregId id, device::ReplyHandler done) {
    impl_->call(names::kGetVreg, id, nullptr, std::move(done));
}

void VregLinkClient::set(VregId id, Bytes value, device::ReplyHandler done) {
    impl_->call(names::kSetVreg, id, &value, std::move(done));
}

namespace {

// BusItem GetValue of one path; nullopt when the path or service is missing or invalid.
std::optional<venus::ItemValue> busItemValue(sdbus::IConnection& connection,
                                             const std::string& service, const std::string& path,
                                             std::chrono::milliseconds call) {
    try {
        auto proxy = sdbus::createProxy(connection, service, path);
        sdbus::Variant value;
        proxy->callMethod(names::kGetValue)
            .onInterface(names::kBusItem)
            .withTimeout(micros(call))
            .storeResultsTo(value);
        return fromVariant(value);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::optional<std::int32_t> intValue(const std::optional<venus::ItemValue>& v) {
    if (!v) return std::nullopt;
    if (const auto* i = std::get_if<std::int32_t>(&*v)) return *i;
    if (const auto* l = std::get_if<std::int64_t>(&*v)) return static_cast<std::int32_t>(*l);
    return std::nullopt;
}

std::string textValue(const std::optional<venus::ItemValue>& v) {
    if (!v) return {};
    if (const auto* s = std::get_if<std::string>(&*v)) return *s;
    return {};
}

}  // namespace

Result<VenusServiceInfo> readVenusServiceInfo(bus::BusConnection& bus, const std::string& service,
                                              std::chrono::milliseconds call) {
    auto& c = bus.sdbus();
    const std::string name = expandServiceName(service);
    // /Devices/0/VregLink answers GetValue (an invalid value): the probe for a VregLink service.
    const auto probe = busItemValue(c, name, kVregLinkPath, call);
    bus.wake();
    if (!probe) return Error{fmt::format("{}: no VregLink service on the bus", name)};
    VenusServiceInfo info;
    info.service = name;
    info.productId = intValue(busItemValue(c, name, "/ProductId", call));
    info.productName = textValue(busItemValue(c, name, "/ProductName", call));
    info.serial = textValue(busItemValue(c, name, "/Serial", call));
    info.deviceInstance = intValue(busItemValue(c, name, "/DeviceInstance", call));
    info.firmwareVersion = intValue(busItemValue(c, name, "/FirmwareVersion", call));
    bus.wake();
    return info;
}

Result<std::vector<VenusServiceInfo>> listVenusServices(bus::BusConnection& bus,
                                                        std::chrono::milliseconds call) {
    std::vector<std::string> names;
    try {
        auto proxy =
            sdbus::createProxy(bus.sdbus(), "org.freedesktop.DBus", "/org/freedesktop/DBus");
        proxy->callMethod("ListNames")
            .onInterface("org.freedesktop.DBus")
            .withTimeout(micros(call))
            .storeResultsTo(names);
        bus.wake();
    } catch (const std::exception& e) {
        bus.wake();
        return Error{fmt::format("ListNames: {}", e.what())};
    }
    std::sort(names.begin(), names.end());
    std::vector<VenusServiceInfo> services;
    for (const auto& name : names) {
        if (!name.starts_with(kServicePrefix)) continue;
        if (auto info = readVenusServiceInfo(bus, name, call)) {
            services.push_back(std::move(info).value());
        }
    }
    return services;
}

}  // namespace vreglink::dbus
