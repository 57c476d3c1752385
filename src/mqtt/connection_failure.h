// Why a connect attempt or a session failed, in words a person can act on ("not authorised",
// "certificate verify failed", "Connection refused"), from libmosquitto's error codes and the
// CONNACK reason codes of MQTT 3.1.1 (§3.2.2.3) and MQTT 5 (§3.2.2.2).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace vreglink::mqtt {

enum class FailureKind : std::uint8_t {
    None,
    Resolve,   // host name did not resolve
    Network,   // TCP connect refused, unreachable, reset
    Tls,       // handshake failed: certificate, CA, protocol
    Auth,      // CONNACK: bad user name or password / not authorised
    Rejected,  // CONNACK: any other refusal (client id, server unavailable, …)
    Protocol,  // malformed traffic
    Lost,      // the connection closed or timed out after it was established
    Timeout,   // no session within ClientOptions::connectTimeout
};

struct ConnectionFailure {
    FailureKind kind = FailureKind::None;
    std::string message;
};

const char* failureKindName(FailureKind kind);

// A refused CONNACK. `mqtt5`: the code is an MQTT 5 reason code (≥ 0x80), else 3.1.1 (1–5).
ConnectionFailure connackFailure(int code, bool mqtt5);
// True for libmosquitto results that mean "the connection is gone", not "this call was wrong".
bool isConnectionError(int code);
// True when the CONNACK says the broker does not speak the protocol version we asked for.
bool isUnsupportedProtocolVersion(int code);
// A libmosquitto error code (MOSQ_ERR_*), from a call or from the disconnect callback.
// `errnoValue` explains MOSQ_ERR_ERRNO; `libraryDetail` (the library's last error log line of
// this attempt, e.g. the OpenSSL reason) names TLS failures; `tls`: the connection uses TLS.
ConnectionFailure libraryFailure(int code, int errnoValue, std::string_view libraryDetail,
                                 bool tls);

}  // namespace vreglink::mqtt
