// mqtt::Client against brokers that want credentials or TLS (issue 6: "TLS and password
// authentication work with a broker configured for them"; spec §4.1 port 8883). Refusals must be
// named in lastFailure() and retried with backoff, never in a busy loop.
#include "mosquitto_broker.h"
#include "mqtt_test_support.h"

#include <gtest/gtest.h>

namespace vreglink::test {
namespace {

using testing::BrokerOptions;
using testing::MosquittoBroker;
using testing::runFor;

BrokerOptions passwordBroker() {
    BrokerOptions options;
    options.allowAnonymous = false;
    options.username = "alice";
    options.password = "s3cret";
    return options;
}

TEST(ClientSecurity, RightPasswordConnects) {
    MosquittoBroker broker(passwordBroker());
    ASSERT_TRUE(broker.ok()) << broker.error();
    asio::io_context io;
    auto options = localOptions(broker.port(), "alice-client");
    options.username = "alice";
    options.password = "s3cret";
    auto client = startClient(io, options);
    ASSERT_TRUE(client);
    EXPECT_TRUE(waitConnected(io, *client)) << client->lastError();
    EXPECT_EQ(client->lastFailure().kind, mqtt::FailureKind::None);
}

TEST(ClientSecurity, WrongPasswordNeverConnectsAndRetriesWithBackoff) {
    MosquittoBroker broker(passwordBroker());
    ASSERT_TRUE(broker.ok()) << broker.error();
    asio::io_context io;
    RecordingListener seen;
    auto options = localOptions(broker.port(), "mallory");
    options.username = "alice";
    options.password = "wrong";
    auto client = startClient(io, options);
    ASSERT_TRUE(client);
    client->addListener(seen);

    // Backoff 100, 200, 400, 400 … ms: attempts at about 0, 0.1, 0.3, 0.7, 1.1, 1.5 s.
    runFor(io, 1600ms);
    EXPECT_FALSE(client->connected());
    EXPECT_EQ(seen.connected, 0);
    EXPECT_EQ(client->lastFailure().kind, mqtt::FailureKind::Auth) << client->lastError();
    EXPECT_NE(client->lastError().find("ot authori"), std::string::npos) << client->lastError();
    EXPECT_GE(client->stats().connectAttempts, 4u);
    EXPECT_LE(client->stats().connectAttempts, 7u);
    EXPECT_EQ(client->stats().connects, 0u);
}

TEST(ClientSecurity, V311RefusalIsNamedToo) {
    MosquittoBroker broker(passwordBroker());
    ASSERT_TRUE(broker.ok()) << broker.error();
    asio::io_context io;
    auto options = localOptions(broker.port(), "anonymous-311");
    options.protocol = mqtt::ProtocolPreference::V311Only;
    auto client = startClient(io, options);
    ASSERT_TRUE(client);
    ASSERT_TRUE(testing::runUntil(
        io, [&] { return client->lastFailure().kind != mqtt::FailureKind::None; }, 3s));
    EXPECT_EQ(client->lastFailure().kind, mqtt::FailureKind::Auth) << client->lastError();
    EXPECT_NE(client->lastError().find("CONNACK 5"), std::string::npos) << client->lastError();
}

class ClientTls : public ::testing::Test {
  protected:
    mqtt::ClientOptions tlsOptions(const MosquittoBroker& broker, const std::string& id) {
        auto options = localOptions(broker.tlsPort(), id);
        options.tls = mqtt::TlsOptions{broker.pki().caFile, "", ""};
        return options;
    }
    asio::io_context io;
};

TEST_F(ClientTls, ConnectsWithTheRightCaAndCarriesMessages) {
    BrokerOptions brokerOptions;
    brokerOptions.tls = true;
    MosquittoBroker broker(brokerOptions);
    ASSERT_TRUE(broker.ok()) << broker.error();
    RecordingListener seen;
    auto client = startClient(io, tlsOptions(broker, "tls-client"));
    ASSERT_TRUE(client);
    client->addListener(seen);
    client->subscribe("secure/#");
    ASSERT_TRUE(waitConnected(io, *client)) << client->lastError();
    client->publish(textMessage("secure/echo", "over TLS"));
    ASSERT_TRUE(testing::runUntil(
        io, [&] { return !seen.messages.empty(); }, 3s));
    EXPECT_EQ(seen.messages[0].payload, "over TLS");
}

TEST_F(ClientTls, WrongCaFailsWithATlsError) {
    BrokerOptions brokerOptions;
    brokerOptions.tls = true;
    MosquittoBroker broker(brokerOptions);
    ASSERT_TRUE(broker.ok()) << broker.error();
    const auto other = testing::makeTestPki(broker.dir().path(), "other");
    ASSERT_TRUE(other);
    auto options = tlsOptions(broker, "tls-wrong-ca");
    options.tls->caFile = other->caFile;
    auto client = startClient(io, options);
    ASSERT_TRUE(client);
    ASSERT_TRUE(testing::runUntil(
        io, [&] { return client->lastFailure().kind != mqtt::FailureKind::None; }, 3s));
    EXPECT_EQ(client->lastFailure().kind, mqtt::FailureKind::Tls) << client->lastError();
    EXPECT_NE(client->lastError().find("certificate verify failed"), std::string::npos)
        << client->lastError();
    runFor(io, 300ms);
    EXPECT_FALSE(client->connected());
}

TEST_F(ClientTls, RequiredClientCertificate) {
    BrokerOptions brokerOptions;
    brokerOptions.tls = true;
    brokerOptions.requireCertificate = true;
    MosquittoBroker broker(brokerOptions);
    ASSERT_TRUE(broker.ok()) << broker.error();

    auto withCert = tlsOptions(broker, "with-cert");
    withCert.tls->certFile = broker.pki().clientCert;
    withCert.tls->keyFile = broker.pki().clientKey;
    auto good = startClient(io, withCert);
    ASSERT_TRUE(good);
    EXPECT_TRUE(waitConnected(io, *good)) << good->lastError();

    auto bad = startClient(io, tlsOptions(broker, "without-cert"));
    ASSERT_TRUE(bad);
    ASSERT_TRUE(testing::runUntil(
        io, [&] { return bad->lastFailure().kind != mqtt::FailureKind::None; }, 3s));
    EXPECT_FALSE(bad->connected());
    // TLS 1.3: the client's side of the handshake is done when the broker finds no certificate.
    // Its alert arrives on the first read: a TLS failure, named by OpenSSL ("certificate
    // required") when the library logged it; or the broker's reset overtakes it. Either way named,
    // and no session.
    const bool tls = bad->lastFailure().kind == mqtt::FailureKind::Tls;
    const bool reset = bad->lastError().find("reset") != std::string::npos;
    EXPECT_TRUE(tls || reset) << bad->lastError();
}

TEST(ClientOptionsCheck, RejectsUnusableOptions) {
    asio::io_context io;
    auto options = localOptions(1883, "x");
    options.password = "no user";
    EXPECT_FALSE(mqtt::Client::start(io, options).ok());
    options = localOptions(1883, "x");
    options.keepalive = 2s;
    EXPECT_FALSE(mqtt::Client::start(io, options).ok());
    options = localOptions(1883, "x");
    options.tls = mqtt::TlsOptions{"/nonexistent/ca.pem", "", ""};
    const auto missingCa = mqtt::Client::start(io, options);
    ASSERT_FALSE(missingCa.ok());
    EXPECT_NE(missingCa.error().find("/nonexistent/ca.pem"), std::string::npos);
}

}  // namespace
}  // namespace vreglink::test
