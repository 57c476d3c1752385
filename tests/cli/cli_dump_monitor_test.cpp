// vreg dump and vreg monitor against simulated devices.
#include "sim_fixture.h"

#include <nlohmann/json.hpp>

#include <csignal>
#include <thread>

namespace vreglink::testing {
namespace {

using ::testing::HasSubstr;

class CliDump : public SimFixture {};

TEST_F(CliDump, DumpReadsTheFamilyRegisters) {
    startSim("mppt", {"--no-pacing", "--reply-delay", "2"});
    const auto r = vreg({"--json", "dump", "PORT"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    int ok = 0, unsupported = 0;
    bool sawMaxCurrent = false;
    for (const auto& line : lines(r.out)) {
        const auto j = nlohmann::json::parse(line);
        if (j["status"] == 0) ++ok;
        if (j["status"] == 0x8100) ++unsupported;
        if (j["vreg"] == "0xEDF0") {
            sawMaxCurrent = true;
            EXPECT_EQ(j["data"], "9600");
        }
    }
    EXPECT_TRUE(sawMaxCurrent);
    EXPECT_GT(ok, 40);  // the simulated 100/30 has most of the family's registers
    // Human output ends with the counts.
    const auto h = vreg({"dump", "PORT"});
    ASSERT_EQ(h.exitCode, 0) << h.err;
    EXPECT_THAT(h.out, HasSubstr("registers read"));
    EXPECT_THAT(h.out, HasSubstr("SmartSolar MPPT 100|30"));
}

TEST_F(CliDump, MonitorJsonShowsTextBlocksOfABmv) {
    startSim("bmv", {"--text-interval", "300"});
    const auto r = vreg({"--json", "monitor", "PORT", "--seconds", "1.5"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    int textBlocks = 0;
    bool sawHistory = false;
    for (const auto& line : lines(r.out)) {
        const auto j = nlohmann::json::parse(line);
        if (j["type"] != "text") continue;
        ++textBlocks;
        if (j["fields"].contains("V")) {
            EXPECT_EQ(j["fields"]["PID"], "0xA381");
            EXPECT_TRUE(j["values"]["V"].is_number());
        }
        if (j["fields"].contains("H1")) sawHistory = true;
    }
    EXPECT_GE(textBlocks, 4);  // two blocks (live + history) per interval
    EXPECT_TRUE(sawHistory);
}

TEST_F(CliDump, MonitorSurvivesAPulledCable) {
    startSim("mppt", {"--text-interval", "200", "--gone-seconds", "1"});
    // Pull the "cable" half a second in; the simulator comes back a second later.
    std::thread puller([this] {
        std::this_thread::sleep_for(std::chrono::milliseconds(600));
        sim_->signal(SIGUSR2);
    });
    const auto r = vreg({"--json", "monitor", "PORT", "--seconds", "4"});
    puller.join();
    ASSERT_EQ(r.exitCode, 0) << r.err;
    int before = 0, after = 0;
    bool disconnected = false, reconnected = false;
    for (const auto& line : lines(r.out)) {
        const auto j = nlohmann::json::parse(line);
        if (j["type"] == "link") {
            if (j["state"] == "disconnected") disconnected = true;
            if (j["state"] == "connected" && disconnected) reconnected = true;
        }
        if (j["type"] == "text") (disconnected ? after : before)++;
    }
    EXPECT_TRUE(disconnected) << r.out;
    EXPECT_TRUE(reconnected) << r.out;
    EXPECT_GT(before, 0);
    EXPECT_GT(after, 0) << "values did not resume after the device came back";
}

}  // namespace
}  // namespace vreglink::testing
