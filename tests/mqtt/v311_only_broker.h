// A fake broker that only speaks MQTT 3.1.1, for the MQTT 5 → 3.1.1 fallback tests (spec §4.1,
// issue 6: "MQTT 5 with fallback to 3.1.1"). Runs on the test's io_context (an asio acceptor), so
// no thread. It answers a CONNECT with protocol level 5 by CONNACK return code 1 ("unacceptable
// protocol version", 20 02 00 01) and closes, or (closeOnV5) just closes; a level-4 CONNECT gets
// CONNACK accepted (20 02 00 00). Then PINGREQ → PINGRESP and SUBSCRIBE → SUBACK (QoS 0 granted);
// publishes from the client are ignored; the test can send PUBLISH packets to the client.
#pragma once

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace vreglink::test {

class V311OnlyBroker {
  public:
    explicit V311OnlyBroker(asio::io_context& io, bool closeOnV5 = false);
    ~V311OnlyBroker();
    V311OnlyBroker(const V311OnlyBroker&) = delete;
    V311OnlyBroker& operator=(const V311OnlyBroker&) = delete;

    std::uint16_t port() const { return port_; }
    int v5Refused() const { return v5Refused_; }  // level-5 CONNECTs turned away
    int v311Accepted() const { return v311Accepted_; }
    int subscribes() const { return subscribes_; }
    // QoS 0 PUBLISH to every accepted client; `count` copies in one write (one TCP segment).
    void publish(const std::string& topic, const std::string& payload, int count = 1);
    // Closes every connection (the client must reconnect).
    void dropClients();

  private:
    struct Session {
        asio::ip::tcp::socket socket;
        std::vector<std::uint8_t> input;
        bool accepted = false;
        explicit Session(asio::io_context& io) : socket(io) {}
    };

    void accept();
    void read(Session& session);
    // Handles every complete packet in session.input; false: the session is closed.
    bool handlePackets(Session& session);
    bool handlePacket(Session& session, std::uint8_t type, const std::uint8_t* body,
                      std::size_t length);
    void send(Session& session, const std::vector<std::uint8_t>& bytes);

    asio::io_context& io_;
    asio::ip::tcp::acceptor acceptor_;
    std::uint16_t port_ = 0;
    bool closeOnV5_;
    std::vector<std::unique_ptr<Session>> sessions_;
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);
    int v5Refused_ = 0;
    int v311Accepted_ = 0;
    int subscribes_ = 0;
};

}  // namespace vreglink::test
