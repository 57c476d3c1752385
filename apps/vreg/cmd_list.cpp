// vreg --dbus list — the devices vreglinkd serves: service, product, serial, device instance.
#include "commands.h"
#include "dbus/vreglink_client.h"
#include "output.h"
#include "vedirect/hex_message.h"

#include <fmt/format.h>
#include <asio/io_context.hpp>

namespace vreglink::cli {
namespace {

std::string productIdText(const std::optional<std::int32_t>& pid) {
    if (!pid || *pid < 0 || *pid > 0xFFFF) return {};
    return formatProductId(ProductId(static_cast<std::uint16_t>(*pid)));
}

std::string firmwareText(const std::optional<std::int32_t>& fw) {
    if (!fw || *fw < 0) return {};
    return vedirect::formatFirmwareVersion(static_cast<std::uint16_t>(*fw & 0xFFFF));
}

nlohmann::json toJson(const dbus::VenusServiceInfo& s) {
    const auto pid = productIdText(s.productId);
    const auto fw = firmwareText(s.firmwareVersion);
    return {{"service", s.service},
            {"product_id", pid.empty() ? nlohmann::json() : nlohmann::json(pid)},
            {"product", s.productName},
            {"serial", s.serial},
            {"device_instance",
             s.deviceInstance ? nlohmann::json(*s.deviceInstance) : nlohmann::json()},
            {"firmware", fw}};
}

}  // namespace

int runList(const GlobalOptions& g) {
    if (g.connection.mqtt) return runMqttList(g);
    if (!g.connection.dbus) {
        fmt::print(stderr,
                   "vreg list: lists the devices of vreglinkd: give --dbus[=BUS] or "
                   "--mqtt HOST[:PORT]\n");
        return kExitUsage;
    }
    auto spec = bus::BusSpec::parse(*g.connection.dbus);
    if (!spec) {
        fmt::print(stderr, "vreg: {}\n", spec.error());
        return kExitUsage;
    }
    asio::io_context io;
    auto bus = bus::BusConnection::open(io, *spec);
    if (!bus) {
        fmt::print(stderr, "vreg: {}\n", bus.error());
        return kExitDeviceError;
    }
    const auto call = std::max(g.connection.timeout, std::chrono::milliseconds(3000));
    auto services = dbus::listVenusServices(**bus, call);
    if (!services) {
        fmt::print(stderr, "vreg: {}\n", services.error());
        return kExitDeviceError;
    }
    for (const auto& s : *services) {
        if (g.json) {
            printJsonLine(toJson(s));
            continue;
        }
        const auto pid = productIdText(s.productId);
        fmt::print("{}  {}{}  serial {}  instance {}\n", s.service,
                   s.productName.empty() ? "unknown product" : s.productName,
                   pid.empty() ? "" : fmt::format(" ({})", pid),
                   s.serial.empty() ? "unknown" : s.serial,
                   s.deviceInstance ? std::to_string(*s.deviceInstance) : "-");
    }
    if (!g.json && services->empty())
        fmt::print(stderr, "vreg: no vreglinkd services on the bus\n");
    return kExitOk;
}

}  // namespace vreglink::cli
