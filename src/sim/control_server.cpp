#include "sim/control_server.h"

#include "sim/control_commands.h"
#include "sim/simulator.h"

#include <asio/read_until.hpp>
#include <asio/streambuf.hpp>
#include <asio/write.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <istream>

namespace vreglink::sim {

namespace {

using asio::local::stream_protocol;

// One client: read a line, answer a line, repeat until it hangs up.
class Session : public std::enable_shared_from_this<Session> {
  public:
    Session(stream_protocol::socket socket, Simulator& sim, std::shared_ptr<bool> alive)
        : socket_(std::move(socket)), sim_(sim), alive_(std::move(alive)) {}

    void readLine() {
        asio::async_read_until(socket_, buffer_, '\n',
                               [self = shared_from_this()](const std::error_code& ec, std::size_t) {
                                   if (ec || !*self->alive_) return;
                                   std::istream in(&self->buffer_);
                                   std::string line;
                                   std::getline(in, line);
                                   self->reply_ = executeControl(self->sim_, line) + "\n";
                                   self->writeReply();
                               });
    }

  private:
    void writeReply() {
        asio::async_write(socket_, asio::buffer(reply_),
                          [self = shared_from_this()](const std::error_code& ec, std::size_t) {
                              if (!ec && *self->alive_) self->readLine();
                          });
    }

    stream_protocol::socket socket_;
    Simulator& sim_;
    std::shared_ptr<bool> alive_;
    asio::streambuf buffer_;
    std::string reply_;
};

}  // namespace

ControlServer::ControlServer(asio::io_context& io, Simulator& simulator, std::string path)
    : io_(io),
      simulator_(simulator),
      path_(std::move(path)),
      acceptor_(io),
      alive_(std::make_shared<bool>(true)) {}

ControlServer::~ControlServer() {
    *alive_ = false;
    std::error_code ignored;
    acceptor_.close(ignored);
    if (bound_) ::unlink(path_.c_str());
}

std::optional<std::string> ControlServer::start() {
    struct stat st {};
    if (::lstat(path_.c_str(), &st) == 0) {
        if (!S_ISSOCK(st.st_mode)) return path_ + " exists and is not a socket";
        ::unlink(path_.c_str());  // stale socket of an earlier run
    }
    std::error_code ec;
    acceptor_.open(stream_protocol(), ec);
    if (!ec) acceptor_.bind(stream_protocol::endpoint(path_), ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return "control socket " + path_ + ": " + ec.message();
    bound_ = true;
    accept();
    return std::nullopt;
}

void ControlServer::accept() {
    acceptor_.async_accept(
        [this, alive = alive_](const std::error_code& ec, stream_protocol::socket socket) {
            if (!*alive) return;
            if (!ec) std::make_shared<Session>(std::move(socket), simulator_, alive)->readLine();
            if (ec != asio::error::operation_aborted) accept();
        });
}

}  // namespace vreglink::sim
