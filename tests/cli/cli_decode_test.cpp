// vreg decode --vedirect: a raw serial capture to JSON lines, and --summary counts.
#include "process.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace vreglink::testing {
namespace {

using ::testing::HasSubstr;

// Vector T4 of vedirect-vectors.md (checksum byte 0xFD) and T11 (one digit changed, same byte).
const std::string kT4 =
    "\r\nPID\t0xA053\r\nFW\t164\r\nSER#\tHQ2301ABCDE\r\nV\t13480\r\nI\t6200\r\nVPV\t36910"
    "\r\nPPV\t87\r\nCS\t3\r\nMPPT\t2\r\nOR\t0x00000000\r\nERR\t0\r\nLOAD\tON\r\nIL\t300"
    "\r\nH19\t12345\r\nH20\t42\r\nH21\t310\r\nH22\t118\r\nH23\t295\r\nHSDS\t57\r\nChecksum\t\xFD";

std::string t11() {
    std::string s = kT4;
    s.replace(s.find("13480"), 5, "13481");
    return s;
}

TEST(CliDecode, VedirectCaptureToJsonLines) {
    TempDir dir;
    const std::string file = dir.file("capture.bin");
    // Block, async frame right after its checksum byte (T10b), a GET answer, a corrupted block,
    // a frame with a bad checksum, a lower-case frame, and the block again.
    std::ofstream(file, std::ios::binary) << kT4 << ":A2001002200000008\n"
                                          << ":7F0ED009600DB\n"
                                          << t11() << ":7F0ED009600DC\n"
                                          << ":7f0ed009600db\n"
                                          << kT4;

    const auto r = runCommand({binaryPath("apps/vreg/vreg"), "decode", "--vedirect", file});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    std::vector<nlohmann::json> out;
    std::istringstream in(r.out);
    for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
    ASSERT_EQ(out.size(), 5u) << r.out;
    EXPECT_EQ(out[0]["type"], "text");
    EXPECT_EQ(out[0]["fields"]["V"], "13480");
    EXPECT_EQ(out[0]["fields"]["PID"], "0xA053");
    EXPECT_EQ(out[1], nlohmann::json::parse(
                          R"({"type":"hex","frame":":A2001002200000008","cmd":10,"vreg":"0x0120",
                              "flags":0,"data":"22000000"})"));
    EXPECT_EQ(out[2], nlohmann::json::parse(
                          R"({"type":"hex","frame":":7F0ED009600DB","cmd":7,"vreg":"0xEDF0",
                              "flags":0,"data":"9600"})"));
    EXPECT_EQ(out[3]["frame"], ":7F0ED009600DB");  // lower case accepted, re-encoded upper
    EXPECT_EQ(out[4]["type"], "text");
    EXPECT_THAT(r.err, HasSubstr("text_checksum"));
    EXPECT_THAT(r.err, HasSubstr("hex_checksum"));

    const auto s =
        runCommand({binaryPath("apps/vreg/vreg"), "decode", "--vedirect", "--summary", file});
    ASSERT_EQ(s.exitCode, 0) << s.err;
    const auto summary = nlohmann::json::parse(s.out);
    EXPECT_EQ(summary["text_blocks"], 2);
    EXPECT_EQ(summary["hex_frames"], 3);
    EXPECT_EQ(summary["hex_frames_by_command"]["0x7"], 2);
    EXPECT_EQ(summary["hex_frames_by_command"]["0xA"], 1);
    EXPECT_EQ(summary["rejected"]["text_checksum"], 1);
    EXPECT_EQ(summary["rejected"]["hex_checksum"], 1);
    EXPECT_EQ(summary["rejected_total"], 2);
}

TEST(CliDecode, MissingFileIsAUsageError) {
    const auto r =
        runCommand({binaryPath("apps/vreg/vreg"), "decode", "--vedirect", "/nonexistent"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_THAT(r.err, HasSubstr("/nonexistent"));
}

}  // namespace
}  // namespace vreglink::testing
