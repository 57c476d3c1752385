// A scripted device::Device for the D-Bus and MQTT front-end tests: replies, delays and silence
// chosen per register, every request recorded. Answers always come later from the loop (the
// Device contract), never from inside get()/set(). The real simulator end to end is the daemon
// tests' job.
#pragma once

#include "device/device.h"

#include <asio/io_context.hpp>

#include <chrono>
#include <map>
#include <vector>

namespace vreglink::testing {

class ScriptedDevice : public device::Device {
  public:
    struct Script {
        VregStatus status = VregStatus::ok();
        Bytes data;  // get: the value; set: empty = echo
        std::chrono::milliseconds delay{0};
        bool silent = false;  // never answers (handler kept, dropped later)
    };
    struct Request {
        VregId id;
        bool isSet = false;
        Bytes data;
    };

    explicit ScriptedDevice(asio::io_context& io) : io_(io) {}

    void script(VregId id, Script s) { scripts_[id] = std::move(s); }
    // What an unscripted register gets (default: 0x8100, like a device that lacks it).
    void scriptOthers(Script s) { others_ = std::move(s); }
    void setPipelineDepth(std::size_t depth) { pipelineDepth_ = depth; }
    static Script silence() {
        Script s;
        s.silent = true;
        return s;
    }
    const std::vector<Request>& requests() const { return requests_; }
    std::size_t sets() const;
    std::size_t unanswered() const { return silent_.size(); }

    void get(VregId id, device::ReplyHandler done) override;
    void set(VregId id, Bytes value, device::ReplyHandler done) override;
    device::LinkState linkState() const override { return device::LinkState::Connected; }
    std::size_t pipelineDepth() const override { return pipelineDepth_; }
    void addListener(device::DeviceListener*) override {}
    void removeListener(device::DeviceListener*) override {}

  private:
    void answer(const Script& s, device::VregReply reply, device::ReplyHandler done);

    asio::io_context& io_;
    std::map<VregId, Script> scripts_;
    Script others_{VregStatus::notSupported(), {}};
    std::size_t pipelineDepth_ = 2;
    std::vector<Request> requests_;
    std::vector<device::ReplyHandler> silent_;
};

}  // namespace vreglink::testing
