#include "mqtt_connect.h"

#include "mqtt/broker_address.h"

#include "core/log.h"
#include "mqttgw/rpc_codec.h"

#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>

namespace vreglink::cli {
namespace {

// The client logs each failed attempt with "retrying with backoff"; the CLI does not retry and
// reports the failure itself, so those lines are silenced while it connects.
class QuietLog {
  public:
    QuietLog() {
        for (const auto level : {LogLevel::Debug, LogLevel::Info, LogLevel::Warning}) {
            if (logEnabled(level)) {
                saved_ = level;
                break;
            }
        }
        setLogLevel(LogLevel::Error);
    }
    ~QuietLog() { setLogLevel(saved_); }
    QuietLog(const QuietLog&) = delete;
    QuietLog& operator=(const QuietLog&) = delete;

  private:
    LogLevel saved_ = LogLevel::Error;
};

}  // namespace

std::chrono::milliseconds rpcTimeout(std::chrono::milliseconds perTry, unsigned retries) {
    const auto tries = static_cast<int>(retries) + 1;
    return std::max(perTry * tries, std::chrono::milliseconds(3000)) +
           std::chrono::milliseconds(1000);
}

std::chrono::milliseconds connectLimit(std::chrono::milliseconds rpc) {
    return std::max(rpc, std::chrono::milliseconds(5000));
}

Result<std::unique_ptr<mqtt::Client>> connectBroker(asio::io_context& io,
                                                    mqtt::ClientOptions options,
                                                    std::chrono::milliseconds limit) {
    if (options.clientId.empty()) options.clientId = fmt::format("vreg-{}", ::getpid());
    options.connectTimeout = limit;
    const std::string where = fmt::format("{}:{}", options.host,
                                          options.port != 0 ? options.port
                                          : options.tls     ? 8883
                                                            : 1883);
    QuietLog quiet;
    auto client = mqtt::Client::start(io, options);
    if (!client) return Error{fmt::format("MQTT broker {}: {}", where, client.error())};
    const auto deadline = std::chrono::steady_clock::now() + limit;
    // One attempt (a fall-back to MQTT 3.1.1 is part of it): the client goes to Backoff at the
    // first failure, with the reason in lastError().
    io.restart();
    while (!(*client)->connected() && (*client)->state() != mqtt::SessionState::Backoff &&
           std::chrono::steady_clock::now() < deadline) {
        io.run_one_for(std::chrono::milliseconds(50));
    }
    if (!(*client)->connected()) {
        const std::string reason = (*client)->lastError();
        return Error{fmt::format("cannot connect to the MQTT broker {}: {}", where,
                                 reason.empty() ? "no answer" : reason)};
    }
    return client;
}

Result<RemoteDevice> parseRemoteDevice(const std::string& port, const std::string& portal) {
    if (!portal.empty()) {
        if (!mqtt::isValidPortalId(portal)) {
            return Error{
                fmt::format("--portal '{}': a portal id is 1..64 characters without "
                            "'/', '+', '#' or spaces",
                            portal)};
        }
        if (!mqttgw::isDeviceKey(port)) {
            return Error{
                fmt::format("'{}': with --portal, name the device as <type>/<instance>, e.g. "
                            "solarcharger/288 (vreg --mqtt HOST --portal {} list shows them)",
                            port, portal)};
        }
        return RemoteDevice{portal, port};
    }
    const auto slash = port.find('/');
    if (slash == std::string::npos ||
        !mqtt::isValidPortalId(std::string_view(port).substr(0, slash)) ||
        !mqttgw::isDeviceKey(std::string_view(port).substr(slash + 1))) {
        return Error{
            fmt::format("'{}': name the device as <portal>/<type>/<instance>, e.g. "
                        "c0619ab1e2f3/solarcharger/288, or give --portal ID and <type>/<instance> "
                        "(vreg --mqtt HOST list shows them)",
                        port)};
    }
    return RemoteDevice{port.substr(0, slash), port.substr(slash + 1)};
}

}  // namespace vreglink::cli
