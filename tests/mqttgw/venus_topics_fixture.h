// A VenusTopics on a FakeTransport, with two devices whose item trees are real (a solar charger
// with writable settings, a battery monitor) in a DeviceDirectory, on the test's own io_context.
// Windows are short (alive 300 ms, heartbeat 100 ms) so the keep-alive protocol runs in a test.
#pragma once

#include "fake_transport.h"
#include "mqttgw/venus_topics.h"
#include "run_loop.h"
#include "venus/device_directory.h"
#include "venus/item_tree.h"

#include <gtest/gtest.h>
#include <asio/io_context.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace vreglink::mqttgw {

using namespace std::chrono_literals;

class VenusTopicsTest : public ::testing::Test {
  protected:
    static constexpr const char* kPortal = "c0619ab9929a";
    static constexpr const char* kChargerService = "com.victronenergy.solarcharger.tty_ttyUSB0";
    static constexpr const char* kShuntService = "com.victronenergy.battery.tty_ttyUSB1";

    VenusTopicsTest() {
        charger.add("/Dc/0/Voltage", 12.8, "12.80V");
        charger.add("/Dc/0/Current", 3.5, "3.5A");
        charger.add("/Dc/1/Voltage", 12.7, "12.70V");
        charger.add("/DcX", std::int32_t{7}, "7");
        charger.add("/State", venus::Invalid{}, "---");
        charger.add("/ProductName", std::string("SmartSolar MPPT 100|20"), "");
        charger.add("/Mode", std::int32_t{1}, "1", recordingWrite());
        charger.add("/Settings/ChargeCurrentLimit", 20.0, "20.0A", recordingWrite());
        charger.add("/CustomName", std::string("Roof \"east\""), "", recordingWrite());
        shunt.add("/Soc", 87.5, "87.5%");
        shunt.add("/Dc/0/Voltage", 12.9, "12.90V");
        directory.add({kChargerService, "solarcharger", 288, &charger, nullptr});
        directory.add({kShuntService, "battery", 289, &shunt, nullptr});
    }

    static VenusTopicsOptions shortOptions() {
        VenusTopicsOptions o;
        o.portalId = kPortal;
        o.aliveWindow = 300ms;
        o.heartbeatInterval = 100ms;
        o.republishesPerSecond = 3.0;
        o.changesInterval = 20ms;
        return o;
    }

    void start(VenusTopicsOptions o = shortOptions()) {
        topics = std::make_unique<VenusTopics>(io, transport, directory, std::move(o));
        transport.connect();
    }

    // An item's WriteHandler that records the requested value and answers `writeResult`.
    venus::WriteHandler recordingWrite() {
        return
            [this](const venus::ItemValue& requested, std::function<void(venus::SetResult)> done) {
                writes.push_back(requested);
                done(writeResult);
            };
    }

    static std::string n(std::string_view rest) {
        return std::string("N/") + kPortal + "/" + std::string(rest);
    }
    static std::string r(std::string_view rest) {
        return std::string("R/") + kPortal + "/" + std::string(rest);
    }
    static std::string w(std::string_view rest) {
        return std::string("W/") + kPortal + "/" + std::string(rest);
    }

    void keepAlive(std::string payload = {}) {
        transport.deliver(r("keepalive"), std::move(payload));
    }
    void clearPublished() { transport.published.clear(); }
    // N/<portal>/<type>/<instance>/… messages only (no Serial, heartbeat, completions).
    std::size_t valueMessages() const {
        return transport.countUnder(n("solarcharger/")) + transport.countUnder(n("battery/"));
    }
    bool runUntil(const std::function<bool()>& done, std::chrono::milliseconds limit = 2s) {
        return testing::runUntil(io, done, limit);
    }
    void runFor(std::chrono::milliseconds d) { testing::runFor(io, d); }

    asio::io_context io;
    test::FakeTransport transport;
    venus::DeviceDirectory directory;
    venus::ItemTree charger;
    venus::ItemTree shunt;
    std::vector<venus::ItemValue> writes;
    venus::SetResult writeResult = venus::SetResult::Ok;
    std::unique_ptr<VenusTopics> topics;
};

}  // namespace vreglink::mqttgw
