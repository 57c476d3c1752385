// HomeAssistantDiscovery on a FakeTransport, with two devices published the way the daemon
// publishes them — a DevicePublisher in front of a ScriptedDevice fills each item tree (a
// SmartSolar MPPT 100|20 and a BMV-712 Smart, with their writable paths) — in a DeviceDirectory,
// on the test's own io_context. Values are set on the trees as the publisher does from a TEXT
// block. A VenusTopics on the same transport handles the W topics HA's commands go to, as in
// the daemon.
#pragma once

#include "fake_transport.h"
#include "mqttgw/home_assistant.h"
#include "mqttgw/venus_topics.h"
#include "run_loop.h"
#include "scripted_device.h"
#include "venus/device_directory.h"
#include "venus/device_publisher.h"
#include "venus/item_tree.h"

#include <gtest/gtest.h>
#include <asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>
#include <string>

namespace vreglink::mqttgw {

using namespace std::chrono_literals;

class HomeAssistantTest : public ::testing::Test {
  protected:
    static constexpr const char* kPortal = "c0619ab9929a";
    static constexpr const char* kChargerService = "com.victronenergy.solarcharger.tty_ttyUSB0";
    static constexpr const char* kShuntService = "com.victronenergy.battery.tty_ttyUSB1";
    static constexpr const char* kChargerNode = "vreglink_c0619ab9929a_solarcharger_288";
    static constexpr const char* kShuntNode = "vreglink_c0619ab9929a_battery_289";
    static constexpr const char* kChargerState = "vreglink/c0619ab9929a/solarcharger/288/state";
    static constexpr const char* kChargerAvailability =
        "vreglink/c0619ab9929a/solarcharger/288/availability";
    static constexpr const char* kShuntAvailability =
        "vreglink/c0619ab9929a/battery/289/availability";
    static constexpr const char* kDaemonStatus = "vreglink/c0619ab9929a/status";

    HomeAssistantTest() {
        // Writes answer OK with the value echoed, as a device that stored it.
        chargerDevice.script(VregId(0xEDF0), {});
        chargerDevice.script(VregId(0x0200), {});
        shuntDevice.script(VregId(0x034E), {});
        chargerPublisher = std::make_unique<venus::DevicePublisher>(
            io, chargerDevice, identity(0xA05F, "HQ2212ABCDE"), charger,
            publisherOptions(288, kChargerService));
        shuntPublisher = std::make_unique<venus::DevicePublisher>(
            io, shuntDevice, identity(0xA381, "HQ2045XYZ12"), shunt,
            publisherOptions(289, kShuntService));
        directory.add({kChargerService, "solarcharger", 288, &charger, nullptr});
        directory.add({kShuntService, "battery", 289, &shunt, nullptr});
    }
    ~HomeAssistantTest() override {
        venusTopics.reset();
        discovery.reset();
    }

    static device::DeviceIdentity identity(std::uint16_t pid, std::string serial) {
        device::DeviceIdentity id;
        id.productId = ProductId(pid);
        id.product = catalog::Catalog::builtin().findProduct(id.productId);
        id.firmware = 0x0161;  // "1.61"
        id.serial = std::move(serial);
        return id;
    }
    static venus::PublisherOptions publisherOptions(std::int32_t instance, std::string service) {
        venus::PublisherOptions o;
        o.deviceInstance = instance;
        o.serviceName = std::move(service);
        o.processVersion = "0.1";
        return o;
    }
    static HomeAssistantOptions options(std::chrono::milliseconds interval = 100ms) {
        HomeAssistantOptions o;
        o.portalId = kPortal;
        o.stateInterval = interval;
        return o;
    }

    void start(HomeAssistantOptions o = options(), bool withVenusTopics = false) {
        discovery = std::make_unique<HomeAssistantDiscovery>(io, transport, directory, o);
        if (withVenusTopics) {
            VenusTopicsOptions v;
            v.portalId = kPortal;
            venusTopics = std::make_unique<VenusTopics>(io, transport, directory, v);
        }
        transport.connect();
    }

    static std::string configTopic(const std::string& component, const std::string& node,
                                   const std::string& objectId) {
        return "homeassistant/" + component + "/" + node + "/" + objectId + "/config";
    }
    // The last retained message on `topic`, parsed; a failure (and null) when there is none.
    nlohmann::json lastJson(const std::string& topic) const {
        const auto messages = transport.on(topic);
        if (messages.empty()) {
            ADD_FAILURE() << "nothing published on " << topic;
            return nullptr;
        }
        EXPECT_TRUE(messages.back().retain) << topic;
        auto parsed = nlohmann::json::parse(messages.back().payload, nullptr, false);
        EXPECT_FALSE(parsed.is_discarded()) << topic << ": " << messages.back().payload;
        return parsed;
    }
    std::string lastPayload(const std::string& topic) const {
        const auto messages = transport.on(topic);
        return messages.empty() ? std::string("<none>") : messages.back().payload;
    }
    std::size_t configCount() const { return transport.countUnder("homeassistant/"); }

    bool runUntil(const std::function<bool()>& done, std::chrono::milliseconds limit = 2s) {
        return testing::runUntil(io, done, limit);
    }
    void runFor(std::chrono::milliseconds d) { testing::runFor(io, d); }

    asio::io_context io;
    test::FakeTransport transport;
    venus::DeviceDirectory directory;
    testing::ScriptedDevice chargerDevice{io};
    testing::ScriptedDevice shuntDevice{io};
    venus::ItemTree charger;
    venus::ItemTree shunt;
    std::unique_ptr<venus::DevicePublisher> chargerPublisher;
    std::unique_ptr<venus::DevicePublisher> shuntPublisher;
    std::unique_ptr<HomeAssistantDiscovery> discovery;
    std::unique_ptr<VenusTopics> venusTopics;
};

}  // namespace vreglink::mqttgw
