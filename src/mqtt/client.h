// The real mqtt::Transport: one MQTT connection through libmosquitto, driven only by the asio
// loop (DESIGN.md "Runtime": one thread, every wait an fd or a timer). No mosquitto_loop_start
// thread and no mosquitto_loop(): the library's socket is waited on with a stream_descriptor
// (read → mosquitto_loop_read, write when mosquitto_want_write → mosquitto_loop_write) and a 1 s
// timer runs mosquitto_loop_misc (keep-alive pings).
//
// It connects by itself and stays connected (issue 6 item 1): failed attempts are retried with a
// doubling backoff; MQTT 5 falls back to 3.1.1 for brokers that refuse it (spec §4.1: FlashMQ
// speaks both, other brokers may not); subscriptions are renewed after every reconnect and
// WhenOffline::Queue messages sent then, in order. Every failure is logged once per change with
// its reason and kept in lastFailure().
//
// mosquitto_connect_async still resolves the host name synchronously (getaddrinfo): instant for
// IP literals and local names, a stall of the loop for a slow DNS. A resolver on the loop would
// need a numeric host handed to libmosquitto; not done yet.
#pragma once

#include "core/result.h"
#include "mqtt/client_options.h"
#include "mqtt/connection_failure.h"
#include "mqtt/mosquitto_handles.h"
#include "mqtt/transport.h"

#include <asio/io_context.hpp>
#include <asio/posix/stream_descriptor.hpp>
#include <asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace vreglink::mqtt {

enum class SessionState : std::uint8_t {
    Connecting,   // TCP/TLS/CONNECT under way (also before the first attempt runs)
    Subscribing,  // CONNACK accepted, waiting for the SUBACKs of the renewed subscriptions
    Connected,    // listeners saw onConnected
    Backoff,      // waiting before the next attempt
};

class Client final : public Transport {
  public:
    // Checks the options and prepares the connection; the first attempt runs on the loop. Errors:
    // invalid options (empty host, password without user name, keepalive < 5 s), unreadable TLS
    // files.
    static Result<std::unique_ptr<Client>> start(asio::io_context& io, ClientOptions options);
    // Clean at any moment: DISCONNECT when a session is up, no callback afterwards.
    ~Client() override;
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    bool connected() const override { return state_ == SessionState::Connected; }
    ProtocolVersion protocolVersion() const override { return protocolVersion_; }
    const std::string& clientId() const override { return clientId_; }
    void publish(Message message, WhenOffline offline = WhenOffline::Drop) override;
    void subscribe(std::string filter, Qos qos = Qos::AtMostOnce) override;
    void addListener(TransportListener& listener) override;
    void removeListener(TransportListener& listener) override;

    SessionState state() const { return state_; }
    const ClientStats& stats() const { return stats_; }
    // The latest failed attempt or lost session; kept after a later success (kind None: never).
    const ConnectionFailure& lastFailure() const { return lastFailure_; }
    const std::string& lastError() const { return lastFailure_.message; }
    std::size_t outboxSize() const { return outbox_.size(); }
    // Messages not yet written to the broker connection (queued here or in libmosquitto): a clean
    // stop waits until this is false before disconnecting.
    bool hasUnsentData() const;

  private:
    // What libmosquitto's callbacks report. They only queue (no user code runs inside a library
    // call); the loop handles the queue after the call returns.
    struct LibraryEvent {
        enum class Kind : std::uint8_t { Connack, Closed, Suback, Message };
        Kind kind;
        std::uint64_t attempt;  // events of an earlier attempt are stale
        int code = 0;           // CONNACK reason, MOSQ_ERR_*, or the SUBACK's message id
        int detail = 0;         // errno for Closed, first granted QoS for Suback
        Message message;
    };

    Client(asio::io_context& io, ClientOptions options);
    Result<bool> configure();

    // client.cpp: the session's state machine.
    void startAttempt();
    void failAttempt(ConnectionFailure failure);
    void retryAtOnce();
    void sessionUp();
    void becomeConnected();
    void sessionLost(ConnectionFailure failure);
    void handle(LibraryEvent& event);
    void onConnack(int code);
    void onClosed(int code, int errnoValue);
    void onSuback(int mid, int grantedQos);
    bool tryProbeV311(const ConnectionFailure& failure);
    void recordFailure(ConnectionFailure failure, bool sessionWasUp);
    int sendNow(const Message& message);
    void sendSubscribe(const std::string& filter, Qos qos);
    void enqueue(Message message);
    bool activeState() const { return state_ != SessionState::Backoff; }
    bool deliver(const Message& message);
    bool notifyListeners(const std::function<void(TransportListener&)>& call);

    // client_io.cpp: the socket and the timers on the loop.
    static void onConnectCallback(mosquitto*, void* self, int rc, int flags,
                                  const mosquitto_property*) noexcept;
    static void onDisconnectCallback(mosquitto*, void* self, int rc,
                                     const mosquitto_property*) noexcept;
    static void onSubscribeCallback(mosquitto*, void* self, int mid, int count,
                                    const int* granted) noexcept;
    static void onMessageCallback(mosquitto*, void* self, const mosquitto_message* message,
                                  const mosquitto_property* properties) noexcept;
    static void onLogCallback(mosquitto*, void* self, int level, const char* text) noexcept;
    void queueEvent(LibraryEvent event);
    bool settle();
    void settleLater();
    void syncSocket();
    void arm();
    void armWriteLater();
    void releaseDescriptor();
    void onReady(bool read);
    int readAvailable(int& savedErrno);
    bool checkConnectingSocket(bool read);
    void scheduleState(std::chrono::milliseconds delay, void (Client::*action)());
    void onAttemptTimeout();
    void startTick();
    void onTick();

    asio::io_context& io_;
    ClientOptions options_;
    std::string clientId_;
    MosquittoHandle mosq_;
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);  // expired: completions do nothing

    asio::posix::stream_descriptor descriptor_;
    int assignedFd_ = -1;  // libmosquitto's socket; released, never closed, here
    std::uint64_t descriptorGeneration_ = 0;
    bool readWaiting_ = false;
    bool writeWaiting_ = false;
    asio::steady_timer writeRetryTimer_;
    bool writeRetryPending_ = false;
    asio::steady_timer stateTimer_;  // attempt deadline, or end of backoff
    std::uint64_t stateGeneration_ = 0;
    asio::steady_timer tickTimer_;
    std::uint64_t tickGeneration_ = 0;

    SessionState state_ = SessionState::Connecting;
    std::uint64_t attempt_ = 0;
    ProtocolVersion protocolVersion_ = ProtocolVersion::V5;
    bool pinnedV311_ = false;   // the broker refused MQTT 5: 3.1.1 from now on
    bool probingV311_ = false;  // MQTT 5 was closed unanswered: 3.1.1 until the session ends
    bool socketUp_ = false;     // this attempt's TCP connection was established
    std::chrono::milliseconds backoff_;
    std::string libraryDetail_;  // libmosquitto's last error log line (OpenSSL reasons)
    std::string lastLoggedFailure_;

    std::vector<std::pair<std::string, Qos>> subscriptions_;
    std::vector<std::pair<int, std::string>> pendingSubacks_;  // message id, filter
    std::deque<Message> outbox_;
    std::vector<TransportListener*> listeners_;
    std::deque<LibraryEvent> events_;
    bool dispatching_ = false;
    bool dispatchPosted_ = false;
    bool closing_ = false;

    ConnectionFailure lastFailure_;
    ClientStats stats_;
};

}  // namespace vreglink::mqtt
