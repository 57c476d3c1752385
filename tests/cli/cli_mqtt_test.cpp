// vreg --mqtt (issue 6 item 5): the real `vreg` against the real vreglinkd through a real mosquitto
// on 127.0.0.1 — one laptop configuring devices at many sites through one broker. Each test
// starts only what it needs: the broker, and per site a private dbus-daemon, a simulated MPPT
// behind a pty and a vreglinkd publishing it under its own portal id.
#include "daemon_rig.h"
#include "mosquitto_broker.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace vreglink::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty()) out.push_back(line);
    }
    return out;
}

// One site: a dbus-daemon, the simulator "mppt" and vreglinkd publishing it as `portal`.
struct Site {
    DaemonRig rig;
    std::string portal;
    std::string device;  // "solarcharger/<instance>", as the site's list names it
    std::string port() const { return portal + "/" + device; }
    std::string simValue(const std::string& vreg) { return rig.control("mppt", "get " + vreg); }
};

class CliMqtt : public ::testing::Test {
  protected:
    void startBroker(BrokerOptions options = {}) {
        broker_ = std::make_unique<MosquittoBroker>(std::move(options));
        ASSERT_TRUE(broker_->ok()) << broker_->error();
    }
    std::string brokerAddress() const { return "127.0.0.1:" + std::to_string(broker_->port()); }

    // A site whose vreglinkd is connected and answers list with its device. `config`: the
    // [mqtt] keys of its --config file (rpc_writes, username …).
    Site& startSite(const std::string& portal, const std::string& config = "",
                    const std::vector<std::string>& vregArgs = {}) {
        auto& site = *sites_.emplace_back(std::make_unique<Site>());
        site.portal = portal;
        EXPECT_TRUE(site.rig.ok()) << "no dbus-daemon";
        EXPECT_TRUE(site.rig.startSim("mppt", "mppt"));
        std::vector<std::string> args{"--device",    site.rig.ptyPath("mppt"),
                                      "--mqtt",      brokerAddress(),
                                      "--portal",    portal,
                                      "--log-level", "warning"};
        if (!config.empty()) {
            const std::string file = site.rig.dir().file("vreglinkd.toml");
            std::ofstream(file) << "[mqtt]\n" << config << "\n";
            args.insert(args.end(), {"--config", file});
        }
        site.rig.startDaemon(args);
        site.device = waitForDevice(portal, vregArgs);
        EXPECT_FALSE(site.device.empty()) << "portal " << portal << " never listed its device";
        return site;
    }

    // Polls `vreg --mqtt … --json list` until `portal` lists a device (the daemon is connected,
    // subscribed and has identified the simulator); its "device" or empty after 8 s.
    std::string waitForDevice(const std::string& portal, const std::vector<std::string>& extra) {
        const auto deadline = Clock::now() + 8s;
        while (Clock::now() < deadline) {
            std::vector<std::string> args = extra;
            args.insert(args.end(), {"--json", "list"});
            const auto r = vreg(args);
            for (const auto& line : lines(r.out)) {
                const auto j = nlohmann::json::parse(line, nullptr, false);
                if (j.is_object() && j.value("portal", "") == portal) {
                    return j.value("device", "");
                }
            }
            std::this_thread::sleep_for(100ms);  // poll interval, bounded by the deadline
        }
        return {};
    }

    // vreg --mqtt 127.0.0.1:<broker port> ARGS…
    CommandResult vreg(const std::vector<std::string>& args,
                       std::chrono::milliseconds limit = 20s) const {
        return vregAt(brokerAddress(), args, limit);
    }
    static CommandResult vregAt(const std::string& broker, const std::vector<std::string>& args,
                                std::chrono::milliseconds limit = 20s) {
        std::vector<std::string> argv{binaryPath("apps/vreg/vreg"), "--mqtt", broker};
        argv.insert(argv.end(), args.begin(), args.end());
        return runCommand(argv, limit);
    }

    std::unique_ptr<MosquittoBroker> broker_;
    std::vector<std::unique_ptr<Site>> sites_;  // destroyed before the broker
};

constexpr const char* kWrites = "rpc_writes = true";

TEST_F(CliMqtt, ListShowsTheDevicesOfEveryPortal) {
    startBroker();
    Site& a = startSite("site-a");
    Site& b = startSite("site-b");
    ASSERT_FALSE(a.device.empty());
    ASSERT_FALSE(b.device.empty());

    const auto r = vreg({"list"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(r.out,
                HasSubstr(a.port() + "  SmartSolar MPPT 100|30 (0xA056)  serial HQ19499RHC5"));
    EXPECT_THAT(r.out,
                HasSubstr(b.port() + "  SmartSolar MPPT 100|30 (0xA056)  serial HQ19499RHC5"));

    const auto j = vreg({"--json", "list"});
    ASSERT_EQ(j.exitCode, 0) << j.err;
    const auto json = lines(j.out);
    ASSERT_EQ(json.size(), 2u) << j.out;
    std::set<std::string> portals;
    for (const auto& line : json) {
        const auto e = nlohmann::json::parse(line);
        portals.insert(e["portal"].get<std::string>());
        EXPECT_EQ(e["product_id"], "0xA056") << line;
        EXPECT_EQ(e["serial"], "HQ19499RHC5") << line;
        EXPECT_EQ(e["port"], e["portal"].get<std::string>() + "/" + e["device"].get<std::string>());
        EXPECT_THAT(e["service"].get<std::string>(), HasSubstr("com.victronenergy.solarcharger."));
    }
    EXPECT_EQ(portals, (std::set<std::string>{"site-a", "site-b"}));

    // --portal: only that site.
    const auto one = vreg({"--portal", "site-b", "list"});
    ASSERT_EQ(one.exitCode, 0) << one.err;
    EXPECT_THAT(one.out, HasSubstr(b.port()));
    EXPECT_THAT(one.out, Not(HasSubstr("site-a")));
}

TEST_F(CliMqtt, GetByIdAndByNameReadsTheSimulator) {
    startBroker();
    Site& s = startSite("site");
    ASSERT_FALSE(s.device.empty());
    const std::string sim = s.simValue("0xEDF0");
    ASSERT_EQ(sim, "9600");  // 15.0 A

    const auto byName = vreg({"get", s.port(), "bat_max_current"});
    ASSERT_EQ(byName.exitCode, 0) << byName.err;
    EXPECT_THAT(byName.out, HasSubstr("0xEDF0  bat_max_current"));
    EXPECT_THAT(byName.out, HasSubstr("15.0 A"));
    EXPECT_THAT(byName.out, HasSubstr("[96 00]"));

    // <type>/<instance> with --portal, by id, as JSON.
    const auto byId = vreg({"--portal", s.portal, "--json", "get", s.device, "0xEDF0"});
    ASSERT_EQ(byId.exitCode, 0) << byId.err;
    const auto j = nlohmann::json::parse(byId.out);
    EXPECT_EQ(j["data"], sim);
    EXPECT_EQ(j["status"], 0);

    // info reads the identity through the same registers.
    const auto info = vreg({"info", s.port()});
    ASSERT_EQ(info.exitCode, 0) << info.err;
    EXPECT_THAT(info.out, HasSubstr("SmartSolar MPPT 100|30 (0xA056)"));
    EXPECT_THAT(info.out, HasSubstr("HQ19499RHC5"));
}

TEST_F(CliMqtt, SetIsReadBackAndChangesTheSimulator) {
    startBroker();
    Site& s = startSite("site", kWrites);
    ASSERT_FALSE(s.device.empty());

    const auto r = vreg({"set", s.port(), "bat_max_current", "20A"});
    ASSERT_EQ(r.exitCode, 0) << r.err << r.out;
    EXPECT_THAT(r.out, HasSubstr("read back, verified"));
    EXPECT_EQ(s.simValue("0xEDF0"), "c800");
    const auto back = vreg({"--portal", s.portal, "get", s.device, "0xEDF0"});
    EXPECT_THAT(back.out, HasSubstr("20.0 A"));
}

TEST_F(CliMqtt, SetIsRefusedWhenTheDaemonDisablesRpcWrites) {
    startBroker();
    Site& s = startSite("site");  // rpc_writes defaults to false
    ASSERT_FALSE(s.device.empty());

    const auto r = vreg({"set", s.port(), "bat_max_current", "20A"});
    EXPECT_EQ(r.exitCode, 1) << r.out;
    EXPECT_THAT(r.err, HasSubstr("0x8100"));
    EXPECT_THAT(r.err, HasSubstr("writes are disabled"));
    EXPECT_EQ(s.simValue("0xEDF0"), "9600");
}

TEST_F(CliMqtt, OutOfRangeSetIsRefusedBeforeAnythingIsSent) {
    // Nobody listens on the broker port: the refusal must come before any connection.
    const std::string nowhere = "127.0.0.1:" + std::to_string(freeTcpPort());
    const auto r = vregAt(nowhere, {"set", "site/solarcharger/288", "bat_max_current", "7000"});
    EXPECT_EQ(r.exitCode, 2) << r.out << r.err;
    EXPECT_THAT(r.err, HasSubstr("refused, nothing sent"));
    EXPECT_THAT(r.err, HasSubstr("above the maximum"));
    EXPECT_THAT(r.err, Not(HasSubstr("cannot connect")));
}

TEST_F(CliMqtt, DumpListsTheRegisters) {
    startBroker();
    Site& s = startSite("site");
    ASSERT_FALSE(s.device.empty());

    const auto r = vreg({"--portal", s.portal, "dump", s.device});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("0xEDF0  bat_max_current"));
    EXPECT_THAT(r.out, HasSubstr("15.0 A"));
    EXPECT_THAT(r.out, HasSubstr("0xEDF7"));
    EXPECT_GT(lines(r.out).size(), 10u) << r.out;
}

TEST_F(CliMqtt, BackupThenRestoreRoundTrips) {
    startBroker();
    Site& s = startSite("site", kWrites);
    ASSERT_FALSE(s.device.empty());
    const std::string file = s.rig.dir().file("backup.json");

    auto r = vreg({"backup", s.port(), "-o", file});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    ASSERT_EQ(vreg({"set", s.port(), "bat_max_current", "20A"}).exitCode, 0);
    ASSERT_EQ(s.simValue("0xEDF0"), "c800");
    r = vreg({"restore", s.port(), file, "--yes"});
    ASSERT_EQ(r.exitCode, 0) << r.err << r.out;
    EXPECT_EQ(s.simValue("0xEDF0"), "9600");  // back to 15.0 A
}

TEST_F(CliMqtt, UnknownPortalTimesOutWithAClearMessage) {
    startBroker();  // nobody serves portal "nosuch"
    const auto started = Clock::now();
    const auto r = vreg({"--timeout", "200", "--retries", "0", "get", "nosuch/solarcharger/288",
                         "bat_max_current"});
    const auto took = Clock::now() - started;
    EXPECT_EQ(r.exitCode, 1) << r.out;
    EXPECT_THAT(r.out + r.err, HasSubstr("0x8400")) << r.out << r.err;
    EXPECT_THAT(r.out + r.err, HasSubstr("no reply from the gateway of portal nosuch"));
    EXPECT_LT(took, 7s);  // 3 s floor + 1 s margin, plus start-up
}

TEST_F(CliMqtt, ListOfAnUnknownPortalTimesOut) {
    startBroker();
    const auto list = vreg({"--timeout", "200", "--retries", "0", "--portal", "nosuch", "list"});
    EXPECT_EQ(list.exitCode, 1) << list.out;
    EXPECT_THAT(list.err, HasSubstr("portal nosuch"));
}

TEST_F(CliMqtt, WrongBrokerPortFailsQuicklyWithCannotConnect) {
    const std::string nowhere = "127.0.0.1:" + std::to_string(freeTcpPort());
    const auto started = Clock::now();
    const auto r = vregAt(nowhere, {"get", "site/solarcharger/288", "0xEDF0"});
    EXPECT_EQ(r.exitCode, 1) << r.out;
    EXPECT_THAT(r.err, HasSubstr("cannot connect to the MQTT broker " + nowhere));
    EXPECT_LT(Clock::now() - started, 3s);
    EXPECT_EQ(vregAt(nowhere, {"list"}).exitCode, 1);
}

TEST_F(CliMqtt, BadPortFormsAreUsageErrorsNamingTheRightForm) {
    const std::string nowhere = "127.0.0.1:" + std::to_string(freeTcpPort());
    auto r = vregAt(nowhere, {"get", "solarcharger/288", "0xEDF0"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_THAT(r.err, HasSubstr("<portal>/<type>/<instance>"));
    r = vregAt(nowhere, {"get", "site/solarcharger", "0xEDF0"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_THAT(r.err, HasSubstr("<portal>/<type>/<instance>"));
    r = vregAt(nowhere, {"--portal", "site", "dump", "site/solarcharger/288"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_THAT(r.err, HasSubstr("with --portal, name the device as <type>/<instance>"));
    r = vregAt(nowhere, {"--portal", "a+b", "get", "solarcharger/288", "0xEDF0"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_THAT(r.err, HasSubstr("--portal 'a+b'"));
    r = vregAt("127.0.0.1:99999", {"get", "site/solarcharger/288", "0xEDF0"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_THAT(r.err, HasSubstr("--mqtt 127.0.0.1:99999"));
    r = vregAt(nowhere, {"monitor", "site/solarcharger/288"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_THAT(r.err, HasSubstr("monitor does not work over --mqtt"));
    r = vregAt(nowhere, {"--dbus", "list"});
    EXPECT_EQ(r.exitCode, 2);
}

TEST_F(CliMqtt, PasswordAuthentication) {
    BrokerOptions options;
    options.allowAnonymous = false;
    options.username = "site-admin";
    options.password = "s3cret pass";
    startBroker(options);
    const std::vector<std::string> creds{"--mqtt-user", "site-admin", "--mqtt-password",
                                         "s3cret pass"};
    Site& s = startSite("site", "username = \"site-admin\"\npassword = \"s3cret pass\"", creds);
    ASSERT_FALSE(s.device.empty());

    std::vector<std::string> args = creds;
    args.insert(args.end(), {"get", s.port(), "bat_max_current"});
    const auto r = vreg(args);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("15.0 A"));

    const auto started = Clock::now();
    const auto wrong = vreg({"--mqtt-user", "site-admin", "--mqtt-password", "wrong", "get",
                             s.port(), "bat_max_current"});
    EXPECT_EQ(wrong.exitCode, 1) << wrong.out;
    EXPECT_THAT(wrong.err, HasSubstr("cannot connect to the MQTT broker"));
    EXPECT_LT(Clock::now() - started, 3s);
    const auto anonymous = vreg({"get", s.port(), "bat_max_current"});
    EXPECT_EQ(anonymous.exitCode, 1);
    EXPECT_THAT(anonymous.err, HasSubstr("cannot connect to the MQTT broker"));
}

}  // namespace
}  // namespace vreglink::testing
