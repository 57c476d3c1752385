#include "pty_peer.h"

#include "vedirect/hex_message.h"

#include <asio/post.hpp>
#include <asio/steady_timer.hpp>

namespace vreglink::testing {

using vedirect::HexCommand;
using vedirect::HexFrame;
using vedirect::HexResponse;

PtyPeer::PtyPeer(asio::io_context& io) : io_(io), stream_(io), decoder_(*this) {
    if (!pty_.ok()) return;
    asio::error_code ec;
    stream_.assign(pty_.master(), ec);
    if (!ec) startRead();
}

PtyPeer::~PtyPeer() {
    if (stream_.is_open()) (void)stream_.release();  // PtyPair owns and closes the fd
}

void PtyPeer::startRead() {
    stream_.async_read_some(asio::buffer(buffer_), [this, token = std::weak_ptr<int>(alive_)](
                                                       const asio::error_code& ec, std::size_t n) {
        if (token.expired() || ec) return;
        decoder_.feed(ByteView(buffer_.data(), n));
        if (token.expired()) return;
        startRead();
    });
}

void PtyPeer::send(std::string_view bytes) {
    if (pty_.ok()) (void)pty_.writeAll(bytes);
}

void PtyPeer::pullCable() {
    if (stream_.is_open()) (void)stream_.release();
    pty_.closeMaster();
}

std::optional<std::string> PtyPeer::modelAnswer(const HexFrame& request) {
    const auto encode = [](const std::optional<HexFrame>& frame) -> std::optional<std::string> {
        if (!frame) return std::nullopt;
        return vedirect::encodeHexFrame(*frame);
    };
    const ByteView p = request.payload();
    switch (static_cast<HexCommand>(request.command())) {
        case HexCommand::Ping:
            return encode(vedirect::makeU16Response(HexResponse::Ping, version));
        case HexCommand::AppVersion:
            return encode(vedirect::makeU16Response(HexResponse::Done, version));
        case HexCommand::ProductId:
            return encode(vedirect::makeU16Response(HexResponse::Done, productId));
        case HexCommand::Restart:
            return std::nullopt;  // reboots silently
        case HexCommand::Get:
        case HexCommand::Set: {
            if (p.size() < 3) return encode(vedirect::makeFrameErrorResponse());
            const VregId id(readLe16(p.data()));
            const auto response = static_cast<HexResponse>(request.command());
            if (auto f = flags.find(id.value); f != flags.end()) {
                return encode(vedirect::makeVregResponse(response, id, f->second, {}));
            }
            if (response == HexResponse::Set) registers[id.value].assign(p.begin() + 3, p.end());
            const auto r = registers.find(id.value);
            if (r == registers.end()) {
                return encode(vedirect::makeVregResponse(response, id, 0x01, {}));
            }
            return encode(vedirect::makeVregResponse(response, id, 0, r->second));
        }
        default: {
            const std::uint8_t unknownCommand = request.command();
            return encode(HexFrame(static_cast<std::uint8_t>(HexResponse::Unknown),
                                   ByteView(&unknownCommand, 1)));
        }
    }
}

void PtyPeer::onHexFrame(const HexFrame& frame) {
    requests.push_back(frame);
    if (answersDue_ > 0) ++overlaps;  // the device sent before our answer: one-in-flight broken
    if (script.answerNothing) return;
    std::optional<std::string> answer;
    if (script.frameErrorsNext > 0) {
        --script.frameErrorsNext;
        answer = vedirect::encodeHexFrame(vedirect::makeFrameErrorResponse());
    } else {
        answer = responder ? responder(frame) : modelAnswer(frame);
    }
    if (!answer) return;
    ++answersDue_;
    auto timer = std::make_shared<asio::steady_timer>(io_, script.delay);
    timer->async_wait([this, timer, token = std::weak_ptr<int>(alive_),
                       bytes = script.beforeAnswer + *answer](const asio::error_code& ec) {
        if (token.expired() || ec) return;
        --answersDue_;
        send(bytes);
    });
}

}  // namespace vreglink::testing
