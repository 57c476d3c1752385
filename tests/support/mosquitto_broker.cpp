#include "mosquitto_broker.h"

#include "core/unique_fd.h"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include <netinet/in.h>
#include <sys/socket.h>

namespace vreglink::testing {
namespace {

const char* const kMosquitto = "/usr/sbin/mosquitto";
const char* const kMosquittoPasswd = "/usr/bin/mosquitto_passwd";
const char* const kOpenssl = "/usr/bin/openssl";

sockaddr_in loopback(std::uint16_t port) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(port);
    return addr;
}

bool run(const std::vector<std::string>& argv) {
    const auto result = runCommand(argv, std::chrono::seconds(20));
    if (result.exitCode != 0) {
        std::fprintf(stderr, "%s failed (%d): %s\n", argv[0].c_str(), result.exitCode,
                     result.err.c_str());
        return false;
    }
    return true;
}

// One key and a certificate signed by the CA, with `extensions` (openssl x509 -extfile).
bool makeSigned(const std::string& dir, const std::string& name, const std::string& subject,
                const std::string& extensions, const TestPki& ca, int serial) {
    const std::string key = dir + "/" + name + "-key.pem";
    const std::string csr = dir + "/" + name + ".csr";
    const std::string ext = dir + "/" + name + ".ext";
    std::ofstream(ext) << extensions;
    return run({kOpenssl, "req", "-new", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", csr, "-subj",
                subject}) &&
           run({kOpenssl, "x509", "-req", "-in", csr, "-CA", ca.caFile, "-CAkey", ca.caKey,
                "-set_serial", std::to_string(serial), "-days", "2", "-extfile", ext, "-out",
                dir + "/" + name + "-cert.pem"});
}

}  // namespace

std::optional<TestPki> makeTestPki(const std::string& dir, const std::string& prefix) {
    TestPki pki;
    pki.caFile = dir + "/" + prefix + "-ca-cert.pem";
    pki.caKey = dir + "/" + prefix + "-ca-key.pem";
    pki.serverCert = dir + "/" + prefix + "-server-cert.pem";
    pki.serverKey = dir + "/" + prefix + "-server-key.pem";
    pki.clientCert = dir + "/" + prefix + "-client-cert.pem";
    pki.clientKey = dir + "/" + prefix + "-client-key.pem";
    const bool made =
        run({kOpenssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
             "-nodes", "-keyout", pki.caKey, "-out", pki.caFile, "-days", "2", "-subj",
             "/CN=vreglink test CA " + prefix}) &&
        makeSigned(dir, prefix + "-server", "/CN=127.0.0.1",
                   "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n", pki, 1) &&
        makeSigned(dir, prefix + "-client", "/CN=vreglink-test-client",
                   "extendedKeyUsage=clientAuth\n", pki, 2);
    if (!made) return std::nullopt;
    return pki;
}

std::uint16_t freeTcpPort() {
    const UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_in addr = loopback(0);
    if (!fd || ::bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return 0;
    socklen_t length = sizeof addr;
    if (::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&addr), &length) != 0) return 0;
    return ntohs(addr.sin_port);
}

bool waitForTcpPort(std::uint16_t port, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    for (;;) {
        const UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
        sockaddr_in addr = loopback(port);
        if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
            return true;
        }
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

MosquittoBroker::MosquittoBroker(BrokerOptions options) : options_(std::move(options)) {
    port_ = options_.port != 0 ? options_.port : freeTcpPort();
    // Started as root (containers, CI), mosquitto switches to the "mosquitto" user, who cannot
    // read our private temp folder: `user root` keeps it; ignored when not root.
    std::ostringstream config;
    config << "user root\npersistence false\nlog_dest file " << dir_.file("mosquitto.log")
           << "\nlog_type " << (options_.logEverything ? "all" : "error\nlog_type warning")
           << "\nset_tcp_nodelay true\n";
    config << "allow_anonymous " << (options_.allowAnonymous ? "true" : "false") << "\n";
    if (options_.username) {
        const std::string passwords = dir_.file("passwords");
        if (!run(
                {kMosquittoPasswd, "-b", "-c", passwords, *options_.username, options_.password})) {
            error_ = "mosquitto_passwd failed";
            return;
        }
        config << "password_file " << passwords << "\n";
    }
    config << "listener " << port_ << " 127.0.0.1\n";
    if (options_.tls) {
        auto pki = makeTestPki(dir_.path(), "broker");
        if (!pki) {
            error_ = "openssl failed to make the test certificates";
            return;
        }
        pki_ = *pki;
        tlsPort_ = freeTcpPort();
        config << "listener " << tlsPort_ << " 127.0.0.1\ncafile " << pki_.caFile << "\ncertfile "
               << pki_.serverCert << "\nkeyfile " << pki_.serverKey << "\nrequire_certificate "
               << (options_.requireCertificate ? "true" : "false") << "\n";
    }
    config_ = dir_.file("mosquitto.conf");
    std::ofstream(config_) << config.str();
    launch();
}

MosquittoBroker::~MosquittoBroker() {
    stop();
}

bool MosquittoBroker::launch() {
    process_ =
        std::make_unique<BackgroundProcess>(std::vector<std::string>{kMosquitto, "-c", config_});
    const auto limit = std::chrono::seconds(5);
    running_ = waitForTcpPort(port_, limit) && (tlsPort_ == 0 || waitForTcpPort(tlsPort_, limit));
    if (!running_) error_ = "mosquitto did not start listening; log:\n" + log();
    return running_;
}

void MosquittoBroker::stop() {
    if (process_) process_->stop();
    process_.reset();
    running_ = false;
}

bool MosquittoBroker::restart() {
    stop();
    return launch();
}

std::string MosquittoBroker::log() const {
    std::ifstream in(dir_.file("mosquitto.log"));
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace vreglink::testing
