// `vreg --mqtt`: one broker connection for one command run, and the PORT forms that name a device
// of a remote vreglinkd. The CLI makes one attempt and reports its failure (wrong password, TLS,
// nobody listening) instead of sitting through the client's reconnect backoff.
#pragma once

#include "core/result.h"
#include "mqtt/client.h"

#include <asio/io_context.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace vreglink::cli {

// Where `vreg --mqtt` goes: the broker (--mqtt, --mqtt-user, --mqtt-ca …) and, with --portal, the
// one vreglinkd whose devices PORT names.
struct MqttTarget {
    mqtt::ClientOptions client;
    std::string portal;  // empty: PORT names it ("<portal>/<type>/<instance>"), list asks all
};

// Starts a client and runs the loop until its session is up, or fails with the broker's reason
// ("cannot connect to the MQTT broker 127.0.0.1:1: connection refused") at the first failed
// attempt or after `limit`.
Result<std::unique_ptr<mqtt::Client>> connectBroker(asio::io_context& io,
                                                    mqtt::ClientOptions options,
                                                    std::chrono::milliseconds limit);

// How long an RPC call may take before the CLI answers it 0x8400 itself: the gateway answers
// within its own budget (3 s by default), so this is --timeout × tries, at least 3 s, plus a
// margin; it only catches a gateway that is gone, a wrong portal or a lost request.
std::chrono::milliseconds rpcTimeout(std::chrono::milliseconds perTry, unsigned retries);
// How long connecting to the broker may take (TCP, TLS, CONNECT, SUBACKs): at least 5 s.
std::chrono::milliseconds connectLimit(std::chrono::milliseconds rpc);

struct RemoteDevice {
    std::string portal;
    std::string deviceKey;  // "solarcharger/288"
};
// "solarcharger/288" with --portal, or "c0619ab1e2f3/solarcharger/288" without. Errors name the
// form that was expected.
Result<RemoteDevice> parseRemoteDevice(const std::string& port, const std::string& portal);

}  // namespace vreglink::cli
