// vreg decode FILE for Bluetooth captures: a btsnoop/pcap file written with the capture writer
// from ble-gatt.md §6 vectors, decoded by the real binary to a table, JSON lines and a summary.
#include "../capture/capture_test_support.h"
#include "process.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <set>
#include <sstream>

namespace vreglink::testing {
namespace {

using namespace vreglink::capture;
using namespace vreglink::capture::testing;
using ::testing::HasSubstr;

constexpr std::uint16_t kCtrl = 0x21, kLast = 0x24, kMore = 0x27;  // SmartShunt map (§1.2)

Bytes sessionCapture(CaptureWriterOptions options) {
    CaptureBuilder b(options);
    b.setStep(std::chrono::milliseconds(1));
    b.event(leConnectionCompleteEvent(0x40));
    b.att(0x40, writeCommand(kCtrl, "fa 80 ff"));
    b.att(0x40, writeCommand(kLast, "01"));                          // §6.3 H1
    b.att(0x40, notification(kLast, "02 9F 00 00 01 00 03 01 FF"));  // §6.1 #17
    b.att(0x40, writeCommand(kLast, "05 03 81 19 ED 8D"));
    b.att(0x40, notification(kMore, "08 03 19 ED"));                 // §6.5 split transfer
    b.att(0x40, notification(kLast, "8D 42 2F 05 09 00 18 93 01"));  // 13.27 V; §6.1 #19
    b.event(leConnectionCompleteEvent(0x41));                        // a second connection
    b.att(0x41, notification(kLast, "07 00 03 00 04 00"));           // §6.5 unknown opcode
    b.event(disconnectionCompleteEvent(0x40));
    return b.file();
}

std::string writeFile(const TempDir& dir, const std::string& name, const Bytes& bytes) {
    const std::string path = dir.file(name);
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
    return path;
}

std::vector<nlohmann::json> jsonLines(const std::string& text) {
    std::vector<nlohmann::json> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
    return out;
}

TEST(CliDecodeBle, BtsnoopToJsonLines) {
    TempDir dir;
    const auto file = writeFile(dir, "snoop.log", sessionCapture({}));
    const auto r = runCommand({binaryPath("apps/vreg/vreg"), "decode", "--json", file});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto out = jsonLines(r.out);
    ASSERT_EQ(out.size(), 8u) << r.out;
    EXPECT_EQ(out[0], nlohmann::json::parse(
                          R"({"t":0.001,"conn":64,"dir":"tx","op":"ctrl","data":"fa80ff"})"));
    EXPECT_EQ(out[1],
              nlohmann::json::parse(R"({"t":0.002,"conn":64,"dir":"tx","op":"get_devices"})"));
    EXPECT_EQ(out[2]["op"], "device_list");
    EXPECT_EQ(out[2]["items"], nlohmann::json::parse("[0,0,1,0,3,1]"));
    EXPECT_EQ(out[3], nlohmann::json::parse(R"({"t":0.004,"conn":64,"dir":"tx","op":"get",
                                                "instance":3,"vregs":["0xED8D"]})"));
    EXPECT_EQ(out[4], nlohmann::json::parse(R"({"t":0.006,"conn":64,"dir":"rx","op":"value",
        "instance":3,"vreg":"0xED8D","data":"2f05","name":"dc_channel1_voltage","value":13.27,
        "unit":"V"})"));
    EXPECT_EQ(out[5]["op"], "error");
    EXPECT_EQ(out[5]["vreg"], "0x0093");
    EXPECT_EQ(out[5]["code"], 1);
    EXPECT_EQ(out[6], nlohmann::json::parse(R"({"t":0.008,"conn":65,"dir":"rx","op":"status",
                                                "instance":0,"code":0})"));
    EXPECT_EQ(out[7], nlohmann::json::parse(R"({"t":0.008,"conn":65,"dir":"rx",
                                                "op":"decode_error","code":"unknown_opcode","data":"0400"})"));
}

TEST(CliDecodeBle, PcapToTableAndSummary) {
    TempDir dir;
    const auto file = writeFile(dir, "capture.pcap",
                                sessionCapture({CaptureFormat::Pcap, kLinkTypeHciH4WithPhdr}));
    const auto table = runCommand({binaryPath("apps/vreg/vreg"), "decode", file});
    ASSERT_EQ(table.exitCode, 0) << table.err;
    EXPECT_THAT(table.out, HasSubstr("dc_channel1_voltage"));
    EXPECT_THAT(table.out, HasSubstr("13.27 V"));
    EXPECT_THAT(table.out, HasSubstr("get_devices"));

    const auto s = runCommand({binaryPath("apps/vreg/vreg"), "decode", "--summary", file});
    ASSERT_EQ(s.exitCode, 0) << s.err;
    const auto summary = nlohmann::json::parse(s.out);
    EXPECT_EQ(summary["format"], "pcap");
    EXPECT_EQ(summary["link_type"], 201);
    EXPECT_EQ(summary["connections"], 2);
    EXPECT_EQ(summary["tx"]["transfers"], 2);
    EXPECT_EQ(summary["tx"]["ctrl"], 1);
    EXPECT_EQ(summary["rx"]["transfers"], 3);
    EXPECT_EQ(summary["rx"]["messages"], 4);
    EXPECT_EQ(summary["rx"]["messages_by_op"]["value"], 1);
    EXPECT_EQ(summary["decode_errors"], 1);
    EXPECT_EQ(summary["registers"], 2);
}

TEST(CliDecodeBle, PcapngAndGlobalJsonFlag) {
    TempDir dir;
    const auto file = writeFile(dir, "capture.pcapng",
                                sessionCapture({CaptureFormat::Pcapng, kLinkTypeHciH4WithPhdr}));
    const auto r = runCommand({binaryPath("apps/vreg/vreg"), "--json", "decode", file});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto out = jsonLines(r.out);
    ASSERT_EQ(out.size(), 8u) << r.out;
    EXPECT_EQ(out[4]["value"], 13.27);
    const auto s = runCommand({binaryPath("apps/vreg/vreg"), "decode", "--summary", file});
    EXPECT_EQ(nlohmann::json::parse(s.out)["format"], "pcapng");
}

TEST(CliDecodeBle, TruncatedCaptureKeepsWhatPrecedesAndNonCapturesAreRefused) {
    TempDir dir;
    Bytes bytes = sessionCapture({});
    bytes.resize(bytes.size() - 3);
    const auto file = writeFile(dir, "cut.log", bytes);
    const auto r = runCommand({binaryPath("apps/vreg/vreg"), "decode", "--json", file});
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_EQ(jsonLines(r.out).size(), 8u);
    EXPECT_THAT(r.err, HasSubstr("truncated"));

    const auto junk = writeFile(dir, "junk.bin", hex("00 01 02 03 04 05"));
    const auto j = runCommand({binaryPath("apps/vreg/vreg"), "decode", junk});
    EXPECT_EQ(j.exitCode, 2);
    EXPECT_THAT(j.err, HasSubstr("--vedirect"));
}

}  // namespace
}  // namespace vreglink::testing
