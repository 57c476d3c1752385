// BleScanner against the BlueZ simulator on a private dbus-daemon: devices BlueZ already knows
// (GetManagedObjects) and devices found while discovering (InterfacesAdded) are both reported,
// only those with Victron manufacturer data (company id 0x02E1, ble-gatt.md §9.2), sorted; clear
// errors when BlueZ or the adapter is missing.
#include "link/ble_scanner.h"

#include "dbus_daemon.h"
#include "link/bluez_names.h"
#include "run_loop.h"
#include "sim/bluez/bluez_simulator.h"
#include "sim/bluez/victron_gatt_layout.h"

#include <gtest/gtest.h>
#include <asio/io_context.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace vreglink::testing {
namespace {

using namespace std::chrono_literals;

struct AdvertisingPeripheral final : sim::bluez::GattPeripheral {
    AdvertisingPeripheral(std::string n, std::string a, std::map<std::uint16_t, Bytes> data)
        : name_(std::move(n)), address_(std::move(a)), data_(std::move(data)) {}
    std::string name() const override { return name_; }
    std::string address() const override { return address_; }
    std::int16_t rssi() const override { return -71; }
    std::map<std::uint16_t, Bytes> manufacturerData() const override { return data_; }
    std::vector<sim::bluez::GattServiceSpec> services() const override {
        return sim::bluez::victronGattLayout();
    }
    void connected(sim::bluez::PeripheralLink&) override {}
    void disconnected() override {}
    void written(const std::string&, const sim::bluez::Bytes&) override {}

    std::string name_;
    std::string address_;
    std::map<std::uint16_t, Bytes> data_;
};

// §9.2 header of a SmartShunt: product advertisement, pid 0xA389, battery monitor record.
const Bytes kShuntAdvertisement{0x10, 0x02, 0x89, 0xA3, 0x02, 0xB0, 0x40, 0xAF, 0x92};

class BleScannerTest : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(daemon_.ok());
        bus_ = bus::BusSpec{bus::BusSpec::Kind::Address, daemon_.address()};
    }
    void startBluez() {
        auto sim = sim::bluez::BluezSimulator::start(io_, bus_);
        ASSERT_TRUE(sim) << sim.error();
        sim_ = std::move(*sim);
    }
    void add(std::string name, std::string address, std::map<std::uint16_t, Bytes> data,
             bool discoverable) {
        ASSERT_TRUE(sim_->addPeripheral(std::make_unique<AdvertisingPeripheral>(
                                            std::move(name), std::move(address), std::move(data)),
                                        discoverable));
    }
    Result<std::vector<link::BluezDevice>> scan(link::BleScanOptions options) {
        options.bus = bus_;
        link::BleScanner scanner(io_, options);
        std::optional<Result<std::vector<link::BluezDevice>>> result;
        scanner.start([&](Result<std::vector<link::BluezDevice>> r) { result = std::move(r); });
        EXPECT_FALSE(result.has_value());  // never from inside start()
        EXPECT_TRUE(runUntil(
            io_, [&] { return result.has_value(); }, 10s));
        if (!result) return Error{"no result"};
        return std::move(*result);
    }

    DbusDaemon daemon_;
    asio::io_context io_;
    bus::BusSpec bus_;
    std::unique_ptr<sim::bluez::BluezSimulator> sim_;
};

TEST_F(BleScannerTest, ReportsKnownAndDiscoveredVictronDevicesOnly) {
    startBluez();
    add("SmartShunt HQ2032PQRST", "C0:FF:EE:00:00:02",
        {{bluez::kVictronCompanyId, kShuntAdvertisement}}, true);
    add("SmartSolar HQ19499RHC5", "C0:FF:EE:00:00:01", {{bluez::kVictronCompanyId, {0x10, 0x02}}},
        false);  // known to BlueZ already
    add("Some Headphones", "AA:BB:CC:00:00:01", {{0x004C, {0x01, 0x02}}}, true);
    add("Some Beacon", "AA:BB:CC:00:00:02", {}, true);

    link::BleScanOptions options;
    options.duration = 300ms;
    const auto found = scan(options);
    ASSERT_TRUE(found) << found.error();
    ASSERT_EQ(found->size(), 2U);
    EXPECT_EQ((*found)[0].address, "C0:FF:EE:00:00:01");  // sorted by address
    EXPECT_EQ((*found)[0].name, "SmartSolar HQ19499RHC5");
    const auto& shunt = (*found)[1];
    EXPECT_EQ(shunt.address, "C0:FF:EE:00:00:02");
    EXPECT_EQ(shunt.name, "SmartShunt HQ2032PQRST");
    EXPECT_EQ(shunt.rssi, std::optional<std::int16_t>(-71));
    EXPECT_EQ(shunt.manufacturerData.at(bluez::kVictronCompanyId), kShuntAdvertisement);
    EXPECT_TRUE(link::isVictronDevice(shunt));
}

TEST_F(BleScannerTest, NoBluezOnTheBusIsAClearError) {
    const auto found = scan({});
    ASSERT_FALSE(found);
    EXPECT_NE(found.error().find("BlueZ is not running"), std::string::npos) << found.error();
}

TEST_F(BleScannerTest, AMissingAdapterIsNamed) {
    startBluez();
    link::BleScanOptions options;
    options.adapter = "hci7";
    const auto found = scan(options);
    ASSERT_FALSE(found);
    EXPECT_EQ(found.error(), "no Bluetooth adapter hci7");
}

TEST_F(BleScannerTest, DestroyedMidScanNeverCallsBack) {
    startBluez();
    bool called = false;
    {
        link::BleScanOptions options;
        options.bus = bus_;
        options.duration = 5s;
        link::BleScanner scanner(io_, options);
        scanner.start([&](const Result<std::vector<link::BluezDevice>>&) { called = true; });
        runUntil(
            io_, [] { return false; }, 200ms);
    }
    runUntil(
        io_, [] { return false; }, 200ms);
    EXPECT_FALSE(called);
}

}  // namespace
}  // namespace vreglink::testing
