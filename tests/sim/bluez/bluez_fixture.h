// The BlueZ simulator on a private dbus-daemon, with clients as a real BlueZ user has them:
// sdbus-c++ proxies on the test's loop (dbus_fixture.h) and busctl. The simulated peripheral is
// an echo: whatever is written to LAST comes back as a LAST notification.
#pragma once

#include "dbus_fixture.h"
#include "sim/bluez/bluez_simulator.h"
#include "sim/bluez/victron_gatt_layout.h"

#include <sdbus-c++/sdbus-c++.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace vreglink::testing {

using sim::bluez::Bytes;
using Clock = std::chrono::steady_clock;
using Properties = std::map<std::string, sdbus::Variant>;
using Interfaces = std::map<std::string, Properties>;
using ManagedObjects = std::map<sdbus::ObjectPath, Interfaces>;

inline const std::string kShuntAddress = "AA:BB:CC:DD:EE:FF";
inline const std::string kShuntPath = "/org/bluez/hci0/dev_AA_BB_CC_DD_EE_FF";
// §1.2 handle map: service 0x001f, CTRL/LAST/MORE declarations 0x0020/0x0023/0x0026.
inline const std::string kLastPath = kShuntPath + "/service001f/char0023";
inline const std::string kCtrlPath = kShuntPath + "/service001f/char0020";

// What the echo peripheral saw; shared with the test (the simulator owns the peripheral).
struct EchoState {
    struct Write {
        std::string uuid;
        Bytes value;
        Clock::time_point at;
    };
    std::vector<Write> writes;
    sim::bluez::PeripheralLink* link = nullptr;
    int connects = 0;
    int disconnects = 0;
};

class EchoPeripheral final : public sim::bluez::GattPeripheral {
  public:
    EchoPeripheral(std::shared_ptr<EchoState> state, std::string address,
                   std::optional<std::uint32_t> passkey)
        : state_(std::move(state)), address_(std::move(address)), passkey_(passkey) {}

    std::string name() const override { return "SmartShunt HQ2041ABCDE"; }
    std::string address() const override { return address_; }
    std::int16_t rssi() const override { return -67; }
    std::map<std::uint16_t, Bytes> manufacturerData() const override {
        // §9.2 test vector (SmartShunt record) after the company id.
        return {{sim::bluez::kVictronCompanyId,
                 {0x10, 0x02, 0x89, 0xa3, 0x02, 0xb0, 0x40, 0xaf, 0x92, 0x5d}}};
    }
    std::optional<std::uint32_t> passkey() const override { return passkey_; }
    std::vector<sim::bluez::GattServiceSpec> services() const override {
        return sim::bluez::victronGattLayout();
    }
    void connected(sim::bluez::PeripheralLink& link) override {
        state_->link = &link;
        ++state_->connects;
    }
    void disconnected() override {
        state_->link = nullptr;
        ++state_->disconnects;
    }
    void written(const std::string& uuid, const Bytes& value) override {
        state_->writes.push_back({uuid, value, Clock::now()});
        if (uuid == sim::bluez::kVictronLast && state_->link != nullptr) {
            state_->link->notify(uuid, value);
        }
    }
    Bytes read(const std::string& uuid) override {
        if (uuid == sim::bluez::kDeviceInfo) return {0xff, 0x12, 0x01, 0x00};
        return {};
    }

  private:
    std::shared_ptr<EchoState> state_;
    std::string address_;
    std::optional<std::uint32_t> passkey_;
};

class BluezSimTest : public DbusTest {
  protected:
    void SetUp() override;
    void TearDown() override;

    // Adds the echo shunt (kShuntAddress).
    void addShunt(bool discoverable, std::optional<std::uint32_t> passkey = std::nullopt);
    ManagedObjects managedObjects();
    sdbus::Variant property(const std::string& path, const std::string& iface,
                            const std::string& name);
    std::optional<sdbus::Error> callVoid(const std::string& path, const std::string& iface,
                                         const std::string& method);
    std::optional<sdbus::Error> writeValue(const std::string& path, const Bytes& value,
                                           const std::string& type = "command");
    // Exports an org.bluez.Agent1 answering RequestPasskey with `passkey`, and registers it.
    void registerAgent(std::uint32_t passkey, const std::string& capability = "KeyboardDisplay");
    // Collects Value changes of a characteristic (PropertiesChanged).
    void watchValues(const std::string& path);

    std::unique_ptr<sim::bluez::BluezSimulator> sim_;
    std::shared_ptr<EchoState> echo_ = std::make_shared<EchoState>();
    std::unique_ptr<sdbus::IObject> agent_;
    int passkeyRequests_ = 0;
    std::vector<Bytes> values_;
};

}  // namespace vreglink::testing
