// A hand-built Venus item tree for the D-Bus tests (paths as in venus-dbus-mqtt.md §2.7), with
// one writable item whose owner answers later, like a device write would.
#pragma once

#include "dbus/venus_service.h"
#include "dbus_fixture.h"
#include "venus/item_tree.h"

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

namespace vreglink::testing {

struct TestItems {
    explicit TestItems(asio::io_context& io) : io_(io) {
        tree.add("/Dc/0/Voltage", 12.8, "12.80V");
        tree.add("/Dc/0/Current", venus::Invalid{});
        tree.add("/ProductName", std::string("SmartSolar Charger MPPT 100/30"));
        tree.add("/DeviceInstance", std::int32_t{288});
        tree.add("/History/Overall/Big", std::int64_t{1} << 40);
        tree.add("/Devices/0/VregLink", venus::Invalid{});
        tree.add(
            "/Mode", std::int32_t{1}, "On",
            [this](const venus::ItemValue& requested, std::function<void(venus::SetResult)> done) {
                writes.push_back(requested);
                auto timer = std::make_shared<asio::steady_timer>(io_, writeDelay);
                timer->async_wait([this, timer, requested, done](const asio::error_code&) {
                    if (writeResult == venus::SetResult::Ok) tree.update("/Mode", requested, "");
                    done(writeResult);
                });
            });
    }

    venus::ItemTree tree;
    std::vector<venus::ItemValue> writes;  // what /Mode's owner was asked to write
    venus::SetResult writeResult = venus::SetResult::Ok;
    std::chrono::milliseconds writeDelay{50};

  private:
    asio::io_context& io_;
};

// A DbusTest whose TestItems are published by one VenusService under `serviceName`.
class ItemsServiceTest : public DbusTest {
  protected:
    explicit ItemsServiceTest(const char* serviceName) : serviceName_(serviceName) {}
    void SetUp() override {
        DbusTest::SetUp();
        auto service = dbus::VenusService::start(io_, bus_, serviceName_, items_.tree);
        ASSERT_TRUE(service) << service.error();
        service_ = std::move(*service);
    }
    void TearDown() override {
        service_.reset();
        DbusTest::TearDown();
    }

    const char* serviceName_;
    TestItems items_{io_};
    std::unique_ptr<dbus::VenusService> service_;
};

}  // namespace vreglink::testing
