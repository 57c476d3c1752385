// vreg backup / restore: settings to a file and back, with differences, confirmation, read-back.
#include "sim_fixture.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace vreglink::testing {
namespace {

using ::testing::HasSubstr;

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

class CliBackup : public SimFixture {
  protected:
    void SetUp() override { startSim("mppt", {"--no-pacing", "--reply-delay", "2"}); }
};

TEST_F(CliBackup, BackupThenRestoreAfterAChange) {
    const std::string file = dir_.file("mppt.json");
    auto r = vreg({"backup", "PORT", "-o", file});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto backup = nlohmann::json::parse(slurp(file));
    EXPECT_EQ(backup["format"], "vreglink-backup");
    EXPECT_EQ(backup["device"]["product_id"], "0xA056");
    bool hasMaxCurrent = false;
    for (const auto& s : backup["settings"]) {
        if (s["vreg"] == "0xEDF0") {
            hasMaxCurrent = true;
            EXPECT_EQ(s["data"], "9600");
        }
        EXPECT_NE(s["vreg"], "0x2015");  // volatile: never in a backup
        EXPECT_NE(s["vreg"], "0xEDBB");  // read-only: never in a backup
    }
    EXPECT_TRUE(hasMaxCurrent);
    EXPECT_FALSE(std::ifstream(file + ".tmp").good());  // atomic write left no temp file

    // Change two settings, then restore.
    ASSERT_EQ(vreg({"set", "PORT", "bat_max_current", "22"}).exitCode, 0);
    ASSERT_EQ(vreg({"set", "PORT", "bat_float_voltage", "13.5"}).exitCode, 0);

    // Not a terminal and no --yes: shows the differences, writes nothing.
    r = vreg({"restore", "PORT", file});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_THAT(r.out, HasSubstr("bat_max_current"));
    EXPECT_THAT(r.out, HasSubstr("22.0 A -> 15.0 A"));
    EXPECT_EQ(control("get 0xEDF0"), "dc00");

    r = vreg({"restore", "PORT", file, "--yes"});
    ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
    EXPECT_THAT(r.out, HasSubstr("2 of 2 settings written and verified"));
    EXPECT_EQ(control("get 0xEDF0"), "9600");
    EXPECT_EQ(control("get 0xEDF6"), "6405");

    // Nothing left to do.
    r = vreg({"restore", "PORT", file});
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_THAT(r.out, HasSubstr("Nothing to restore"));
}

TEST_F(CliBackup, RestoreRefusesABrokenFileAndWritesNothing) {
    const std::string file = dir_.file("bad.json");
    std::ofstream(file)
        << R"({"format":"vreglink-backup","version":1,"device":{"product_id":"0xA056"},
        "settings":[{"vreg":"0xEDF0","data":"9600"},{"vreg":"0xEDF7","data":"a005ff"}]})";
    const auto r = vreg({"restore", "PORT", file, "--yes"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_THAT(r.err, HasSubstr("0xEDF7"));
    EXPECT_EQ(control("writes 0xEDF0"), "0");
}

TEST_F(CliBackup, RestoreRefusesAnotherProduct) {
    const std::string file = dir_.file("bmv.json");
    std::ofstream(file)
        << R"({"format":"vreglink-backup","version":1,"device":{"product_id":"0xA381"},
        "settings":[{"vreg":"0x1000","data":"c800"}]})";
    const auto r = vreg({"restore", "PORT", file, "--yes"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_THAT(r.err, HasSubstr("0xA381"));
}

}  // namespace
}  // namespace vreglink::testing
