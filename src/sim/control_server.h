// The --control unix stream socket: line protocol of control_commands.h, any number of clients.
#pragma once

#include <asio/io_context.hpp>
#include <asio/local/stream_protocol.hpp>

#include <memory>
#include <optional>
#include <string>

namespace vreglink::sim {

class Simulator;

class ControlServer {
  public:
    ControlServer(asio::io_context& io, Simulator& simulator, std::string path);
    ~ControlServer();
    ControlServer(const ControlServer&) = delete;
    ControlServer& operator=(const ControlServer&) = delete;

    // Binds (replacing a stale socket file) and starts accepting; an error message on failure.
    std::optional<std::string> start();

  private:
    void accept();

    asio::io_context& io_;
    Simulator& simulator_;
    std::string path_;
    asio::local::stream_protocol::acceptor acceptor_;
    bool bound_ = false;
    std::shared_ptr<bool> alive_;
};

}  // namespace vreglink::sim
