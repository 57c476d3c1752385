#include "mqtt/connection_failure.h"

#include <fmt/format.h>
#include <mosquitto.h>
#include <mqtt_protocol.h>

#include <cerrno>
#include <cstring>

namespace vreglink::mqtt {

const char* failureKindName(FailureKind kind) {
    switch (kind) {
        case FailureKind::None:
            return "none";
        case FailureKind::Resolve:
            return "resolve";
        case FailureKind::Network:
            return "network";
        case FailureKind::Tls:
            return "tls";
        case FailureKind::Auth:
            return "auth";
        case FailureKind::Rejected:
            return "rejected";
        case FailureKind::Protocol:
            return "protocol";
        case FailureKind::Lost:
            return "lost";
        case FailureKind::Timeout:
            return "timeout";
    }
    return "unknown";
}

bool isConnectionError(int code) {
    return code == MOSQ_ERR_NO_CONN || code == MOSQ_ERR_CONN_LOST || code == MOSQ_ERR_ERRNO;
}

bool isUnsupportedProtocolVersion(int code) {
    // A 3.1.1 broker answers an MQTT 5 CONNECT with its own CONNACK code 1 (MQTT 3.1.1
    // §3.1.2.2); libmosquitto reports that as 1, or as the MQTT 5 code 132 when it could not
    // parse the short CONNACK as MQTT 5.
    return code == CONNACK_REFUSED_PROTOCOL_VERSION || code == MQTT_RC_UNSUPPORTED_PROTOCOL_VERSION;
}

ConnectionFailure connackFailure(int code, bool mqtt5) {
    const bool auth = code == CONNACK_REFUSED_BAD_USERNAME_PASSWORD ||
                      code == CONNACK_REFUSED_NOT_AUTHORIZED ||
                      code == MQTT_RC_BAD_USERNAME_OR_PASSWORD || code == MQTT_RC_NOT_AUTHORIZED;
    const char* text =
        (mqtt5 && code >= 0x80) ? mosquitto_reason_string(code) : mosquitto_connack_string(code);
    return {auth ? FailureKind::Auth : FailureKind::Rejected,
            fmt::format("broker refused the connection: {} (CONNACK {})", text, code)};
}

ConnectionFailure libraryFailure(int code, int errnoValue, std::string_view libraryDetail,
                                 bool tls) {
    // On a TLS connection libmosquitto reports an OpenSSL failure during a read or write as a
    // lost connection or EPROTO, the reason only in its log (TLS 1.3: the broker's "certificate
    // required" alert arrives after the client's side of the handshake is done).
    const bool opensslSaid = libraryDetail.find("OpenSSL") != std::string_view::npos;
    if (tls && code != MOSQ_ERR_TLS && code != MOSQ_ERR_TLS_HANDSHAKE &&
        (opensslSaid || (code == MOSQ_ERR_ERRNO && errnoValue == EPROTO))) {
        return {FailureKind::Tls,
                opensslSaid ? fmt::format("TLS failure: {}", libraryDetail)
                            : std::string("TLS failure: the broker ended the TLS session")};
    }
    switch (code) {
        case MOSQ_ERR_ERRNO:
            return {FailureKind::Network,
                    errnoValue != 0 ? std::strerror(errnoValue) : "connection failed"};
        case MOSQ_ERR_EAI:
            return {FailureKind::Resolve, "cannot resolve the broker's host name"};
        case MOSQ_ERR_TLS:
        case MOSQ_ERR_TLS_HANDSHAKE:
        case MOSQ_ERR_OCSP: {
            std::string message = "TLS failure";
            if (!libraryDetail.empty()) message += fmt::format(": {}", libraryDetail);
            return {FailureKind::Tls, message};
        }
        case MOSQ_ERR_CONN_LOST:
        case MOSQ_ERR_NO_CONN:
            return {FailureKind::Lost, "connection closed by the broker"};
        case MOSQ_ERR_KEEPALIVE:
            return {FailureKind::Lost, "no answer from the broker within the keep-alive time"};
        case MOSQ_ERR_PROTOCOL:
        case MOSQ_ERR_MALFORMED_PACKET:
        case MOSQ_ERR_MALFORMED_UTF8:
        case MOSQ_ERR_DUPLICATE_PROPERTY:
            return {FailureKind::Protocol,
                    fmt::format("protocol error: {}", mosquitto_strerror(code))};
        default:
            break;
    }
    // MQTT 5: a DISCONNECT from the broker carries a reason code (session taken over, …).
    if (code >= 0x80) {
        return {FailureKind::Lost,
                fmt::format("broker disconnected: {} ({})", mosquitto_reason_string(code), code)};
    }
    return {FailureKind::Lost, mosquitto_strerror(code)};
}

}  // namespace vreglink::mqtt
