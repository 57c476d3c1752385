#include "v311_only_broker.h"

#include <asio/write.hpp>

#include <array>

namespace vreglink::test {
namespace {

// MQTT fixed header: type in the high nibble, then the remaining length as a varint (§2.2.3).
// Returns the header length, 0 when incomplete.
std::size_t parseHeader(const std::vector<std::uint8_t>& in, std::size_t& remaining) {
    remaining = 0;
    std::size_t multiplier = 1;
    for (std::size_t i = 1; i < in.size() && i <= 4; ++i) {
        remaining += (in[i] & 0x7Fu) * multiplier;
        if ((in[i] & 0x80u) == 0) return i + 1;
        multiplier *= 128;
    }
    return 0;
}

void appendLength(std::vector<std::uint8_t>& out, std::size_t length) {
    do {
        auto byte = static_cast<std::uint8_t>(length % 128);
        length /= 128;
        if (length > 0) byte |= 0x80u;
        out.push_back(byte);
    } while (length > 0);
}

}  // namespace

V311OnlyBroker::V311OnlyBroker(asio::io_context& io, bool closeOnV5)
    : io_(io),
      acceptor_(io, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
      closeOnV5_(closeOnV5) {
    port_ = acceptor_.local_endpoint().port();
    accept();
}

V311OnlyBroker::~V311OnlyBroker() {
    alive_.reset();
    asio::error_code ignored;
    acceptor_.close(ignored);
    for (auto& session : sessions_) session->socket.close(ignored);
}

void V311OnlyBroker::accept() {
    sessions_.push_back(std::make_unique<Session>(io_));
    Session& session = *sessions_.back();
    acceptor_.async_accept(session.socket, [this, &session, alive = std::weak_ptr<int>(alive_)](
                                               const asio::error_code& ec) {
        if (alive.expired() || ec) return;
        read(session);
        accept();
    });
}

void V311OnlyBroker::read(Session& session) {
    auto buffer = std::make_shared<std::array<std::uint8_t, 1024>>();
    session.socket.async_read_some(
        asio::buffer(*buffer), [this, &session, buffer, alive = std::weak_ptr<int>(alive_)](
                                   const asio::error_code& ec, std::size_t n) {
            if (alive.expired()) return;
            if (ec) {
                asio::error_code ignored;
                session.socket.close(ignored);
                return;
            }
            session.input.insert(session.input.end(), buffer->begin(),
                                 buffer->begin() + static_cast<std::ptrdiff_t>(n));
            if (handlePackets(session)) read(session);
        });
}

bool V311OnlyBroker::handlePackets(Session& session) {
    for (;;) {
        std::size_t remaining = 0;
        const std::size_t header = parseHeader(session.input, remaining);
        if (header == 0 || session.input.size() < header + remaining) return true;
        const std::uint8_t type = session.input[0] >> 4;
        const bool keep = handlePacket(session, type, session.input.data() + header, remaining);
        if (!keep) {
            asio::error_code ignored;
            session.socket.close(ignored);
            return false;
        }
        session.input.erase(
            session.input.begin(),
            session.input.begin() + static_cast<std::ptrdiff_t>(header + remaining));
    }
}

bool V311OnlyBroker::handlePacket(Session& session, std::uint8_t type, const std::uint8_t* body,
                                  std::size_t length) {
    switch (type) {
        case 1: {  // CONNECT: protocol name (2-byte length + "MQTT"), then the level
            if (length < 7) return false;
            const std::uint8_t level = body[6];
            if (level != 4) {
                ++v5Refused_;
                if (!closeOnV5_) send(session, {0x20, 0x02, 0x00, 0x01});
                return false;
            }
            ++v311Accepted_;
            session.accepted = true;
            send(session, {0x20, 0x02, 0x00, 0x00});
            return true;
        }
        case 8: {  // SUBSCRIBE: packet id, then (length, filter, QoS) per filter
            if (length < 2) return false;
            ++subscribes_;
            std::vector<std::uint8_t> suback{0x90};
            std::vector<std::uint8_t> codes{body[0], body[1]};
            for (std::size_t i = 2; i + 2 <= length;) {
                const std::size_t filterLength =
                    static_cast<std::size_t>(body[i] << 8 | body[i + 1]);
                i += 2 + filterLength + 1;
                codes.push_back(0x00);
            }
            appendLength(suback, codes.size());
            suback.insert(suback.end(), codes.begin(), codes.end());
            send(session, suback);
            return true;
        }
        case 12:
            send(session, {0xD0, 0x00});
            return true;  // PINGREQ → PINGRESP
        case 14:
            return false;  // DISCONNECT
        default:
            return true;  // PUBLISH and the rest: ignored
    }
}

void V311OnlyBroker::send(Session& session, const std::vector<std::uint8_t>& bytes) {
    // A few bytes to a loopback socket: a synchronous write never waits.
    asio::error_code ignored;
    asio::write(session.socket, asio::buffer(bytes), ignored);
}

void V311OnlyBroker::publish(const std::string& topic, const std::string& payload, int count) {
    std::vector<std::uint8_t> packet{0x30};
    appendLength(packet, 2 + topic.size() + payload.size());
    packet.push_back(static_cast<std::uint8_t>(topic.size() >> 8));
    packet.push_back(static_cast<std::uint8_t>(topic.size() & 0xFF));
    packet.insert(packet.end(), topic.begin(), topic.end());
    packet.insert(packet.end(), payload.begin(), payload.end());
    std::vector<std::uint8_t> packets;
    for (int i = 0; i < count; ++i) packets.insert(packets.end(), packet.begin(), packet.end());
    for (auto& session : sessions_) {
        if (session->accepted && session->socket.is_open()) send(*session, packets);
    }
}

void V311OnlyBroker::dropClients() {
    asio::error_code ignored;
    for (auto& session : sessions_) {
        if (session->accepted) session->socket.close(ignored);
        session->accepted = false;
    }
}

}  // namespace vreglink::test
