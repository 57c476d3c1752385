// A private, real mosquitto broker for a test (DESIGN.md "Tests": integration tests over a real
// mosquitto): its own config, password file, certificates and log in a temp folder, listening on
// 127.0.0.1 on free ports, stopped with the test (and killed with it, see process.h).
#pragma once

#include "process.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace vreglink::testing {

// A test CA with a server certificate for IP 127.0.0.1 (subjectAltName, which libmosquitto checks)
// and a client certificate, made with `openssl` (EC P-256: fast to generate).
struct TestPki {
    std::string caFile;
    std::string caKey;
    std::string serverCert;
    std::string serverKey;
    std::string clientCert;
    std::string clientKey;
};
// Files named <prefix>-*.pem in `dir`; nullopt (with the reason on stderr) if openssl failed.
std::optional<TestPki> makeTestPki(const std::string& dir, const std::string& prefix);

struct BrokerOptions {
    std::uint16_t port = 0;  // 0: a free one
    bool allowAnonymous = true;
    // A user in the password file (made with `mosquitto_passwd -b -c`).
    std::optional<std::string> username;
    std::string password;
    bool tls = false;  // adds a TLS listener (tlsPort()) with certificates from makeTestPki
    bool requireCertificate = false;
    bool logEverything = true;  // log_type all (tests read it); false: errors and warnings only
};

class MosquittoBroker {
  public:
    explicit MosquittoBroker(BrokerOptions options = {});  // starts it; check ok()
    ~MosquittoBroker();
    MosquittoBroker(const MosquittoBroker&) = delete;
    MosquittoBroker& operator=(const MosquittoBroker&) = delete;

    bool ok() const { return running_; }
    const std::string& error() const { return error_; }  // why it is not ok
    std::uint16_t port() const { return port_; }
    pid_t pid() const { return process_ ? process_->pid() : -1; }  // benchmarks read its CPU time
    std::uint16_t tlsPort() const { return tlsPort_; }
    const TestPki& pki() const { return pki_; }  // with BrokerOptions::tls
    const TempDir& dir() const { return dir_; }
    std::string log() const;  // the broker's log file, for failure messages

    void stop();
    // Same config, same ports; true once they accept connections again.
    bool restart();

  private:
    bool launch();

    BrokerOptions options_;
    TempDir dir_;
    TestPki pki_;
    std::string config_;
    std::uint16_t port_ = 0;
    std::uint16_t tlsPort_ = 0;
    std::unique_ptr<BackgroundProcess> process_;
    bool running_ = false;
    std::string error_;
};

// A TCP port on 127.0.0.1 nobody listens on right now.
std::uint16_t freeTcpPort();
// Polls until a TCP connect to 127.0.0.1:port succeeds.
bool waitForTcpPort(std::uint16_t port, std::chrono::milliseconds limit);

}  // namespace vreglink::testing
