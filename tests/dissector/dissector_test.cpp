// The Wireshark dissector (build/wireshark/victron.lua) run by tshark on captures built from the
// vectors of ble-gatt.md §6. The expected messages come from the project's own transfer decoder
// (ble::decodeTransfer + formatMessage, what `vreg decode` uses) and the expected values from
// the catalog (catalog::decodeValue), so the dissector is held to the same reading as vreg;
// a few spec values (§6.1) are checked literally on top.
#include "ble/message.h"
#include "ble/transfer_decoder.h"
#include "capture_builder.h"
#include "catalog/catalog.h"
#include "catalog/value_codec.h"
#include "process.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace vreglink::test {
namespace {

namespace fs = std::filesystem;
using vreglink::testing::CaptureBuilder;
using vreglink::testing::writeFile;

constexpr std::uint16_t kConnA = 0x0040;
constexpr std::uint16_t kConnB = 0x0041;
// SmartShunt value handles (§1.2)
constexpr std::uint16_t kCtrl = 0x0021;
constexpr std::uint16_t kLast = 0x0024;
constexpr std::uint16_t kMore = 0x0027;

Bytes hex(std::string_view text) {
    auto bytes = parseHexBytes(text);
    EXPECT_TRUE(bytes) << text;
    return bytes.value_or(Bytes{});
}

// One line of `tshark -T fields` per frame that has a victron tree.
struct Row {
    std::map<std::string, std::vector<std::string>> fields;
    const std::vector<std::string>& operator[](const std::string& name) const {
        static const std::vector<std::string> none;
        const auto it = fields.find(name);
        return it == fields.end() ? none : it->second;
    }
    std::string one(const std::string& name) const {
        const auto& values = (*this)[name];
        return values.empty() ? std::string() : values.front();
    }
};

const std::vector<std::string> kFields = {
    "frame.number",     "victron.role",       "victron.message",   "victron.op",
    "victron.instance", "victron.vreg",       "victron.register",  "victron.value",
    "victron.code",     "victron.transfer",   "victron.continued", "victron.error",
    "victron.ctrl",     "_ws.expert.message",
};

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> out;
    std::string current;
    for (const char c : text) {
        if (c == separator) {
            out.push_back(current);
            current.clear();
        } else {
            current += c;
        }
    }
    out.push_back(current);
    return out;
}

class DissectorTest : public ::testing::Test {
  protected:
    void SetUp() override {
        if (std::string(VREGLINK_TSHARK).empty() || !fs::exists(VREGLINK_TSHARK)) {
            GTEST_SKIP() << "tshark is not installed (scripts/install-deps installs it): the "
                            "Wireshark dissector is not tested";
        }
        ASSERT_TRUE(fs::exists(VREGLINK_DISSECTOR)) << VREGLINK_DISSECTOR;
        dir_ = fs::path(::testing::TempDir()) /
               ("vreglink-dissector-" +
                std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        fs::create_directories(dir_);
    }

    // Writes the capture (pcap or btsnoop), runs tshark with the dissector, parses the rows.
    std::vector<Row> run(const CaptureBuilder& capture, bool btsnoop = false,
                         bool twoPass = false) {
        return tshark(write(capture, btsnoop), twoPass);
    }

    fs::path write(const CaptureBuilder& capture, bool btsnoop) {
        const fs::path file = dir_ / (btsnoop ? "capture.btsnoop" : "capture.pcap");
        EXPECT_TRUE(writeFile(file.string(), btsnoop ? capture.btsnoop() : capture.pcap()));
        return file;
    }

    // As the capture builder's own format says (e.g. a btmon file).
    fs::path writeAsBuilt(const CaptureBuilder& capture) {
        const fs::path file = dir_ / "capture.as-built";
        EXPECT_TRUE(writeFile(file.string(), capture.file()));
        return file;
    }

    std::vector<Row> tshark(const fs::path& file, bool twoPass = false) {
        const fs::path errors = dir_ / "tshark.err";
        std::string command = std::string(VREGLINK_TSHARK) +
                              " -n -X lua_script:" + VREGLINK_DISSECTOR + " -r " + file.string() +
                              (twoPass ? " -2" : "") +
                              " -Y victron -T fields -E separator=/t -E 'aggregator=;'"
                              " -E occurrence=a";
        for (const auto& f : kFields) command += " -e " + f;
        command += " 2>" + errors.string();
        std::vector<Row> rows;
        FILE* pipe = ::popen(command.c_str(), "r");
        EXPECT_NE(pipe, nullptr) << command;
        if (pipe == nullptr) return rows;
        std::string output;
        std::array<char, 4096> buffer{};
        while (const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) {
            output.append(buffer.data(), n);
        }
        const int status = ::pclose(pipe);
        std::ifstream errIn(errors);
        std::stringstream err;
        err << errIn.rdbuf();
        EXPECT_EQ(status, 0) << command << "\n" << err.str();
        EXPECT_EQ(err.str().find("Lua"), std::string::npos) << err.str();
        for (const auto& line : split(output, '\n')) {
            if (line.empty()) continue;
            const auto columns = split(line, '\t');
            EXPECT_EQ(columns.size(), kFields.size()) << line;
            Row row;
            for (std::size_t i = 0; i < columns.size() && i < kFields.size(); ++i) {
                if (!columns[i].empty()) row.fields[kFields[i]] = split(columns[i], ';');
            }
            for (const auto& expert : row["_ws.expert.message"]) {
                EXPECT_EQ(expert.find("Lua Error"), std::string::npos) << expert;
            }
            rows.push_back(std::move(row));
        }
        return rows;
    }

    fs::path dir_;
};

// What vreglink's own decoder makes of a transfer, formatted like victron.message.
std::vector<std::string> expected(std::string_view transferHex) {
    std::vector<std::string> out;
    for (const auto& m : ble::decodeTransfer(hex(transferHex)).messages) {
        out.push_back(ble::formatMessage(m));
    }
    return out;
}

// The catalog's display text of every Value/SetValue in the transfer, in order.
std::vector<std::string> expectedValues(std::string_view transferHex) {
    std::vector<std::string> out;
    const auto& catalog = catalog::Catalog::builtin();
    for (const auto& m : ble::decodeTransfer(hex(transferHex)).messages) {
        if (const auto* v = std::get_if<ble::Value>(&m)) {
            out.push_back(catalog::decodeValue(catalog.find(v->vreg), v->payload).display());
        } else if (const auto* s = std::get_if<ble::SetValue>(&m)) {
            out.push_back(catalog::decodeValue(catalog.find(s->vreg), s->value).display());
        }
    }
    return out;
}

// tshark prints no occurrence for an empty string field (0xEC14 network name `40`).
std::vector<std::string> nonEmpty(std::vector<std::string> values) {
    std::erase(values, std::string());
    return values;
}

// §6.1: every single-message vector (one LAST notification each), recognised by the SmartShunt
// handle map (no discovery in the capture).
const std::vector<std::string> kSingleVectors = {
    "08 03 19 ED 8C 44 46 FC FF FF",
    "08 03 19 ED 8E 42 F3 FF",
    "08 03 19 ED 7D 42 FF FF",
    "08 03 19 ED 8D 42 2F 05",
    "08 03 19 0F FF 42 10 27",
    "08 03 19 03 08 44 C5 32 00 00",
    "08 03 19 ED 8F 42 F7 FF",
    "08 03 19 ED 8F 42 F8 FF",
    "08 03 19 ED 8C 44 4E FC FF FF",
    "08 03 19 ED 8E 42 AA FF",
    "08 03 19 0F FE 42 B1 06",
    "08 00 19 EC 30 41 02",
    "08 03 19 ED 8C 44 F9 E6 FF FF",
    "08 00 19 01 20 44 12 07 00 00",
    "08 00 19 ED BB 42 C5 04",
    "08 00 19 ED DB 42 54 01",
    "02 9F 00 00 01 00 03 01 FF",
    "07 00 03 00",
    "09 00 18 93 01",
    "09 00 19 01 0A 01",
    "09 01 19 EC 0E 01",
    "08 00 19 01 09 48 AF 9B FF 0C 13 38 E6 00",
    "08 00 19 EC 3F 41 01",
    "08 00 19 EC 12 42 41 89",
    "08 01 19 01 00 44 00 00 FE FE",
    "08 03 19 01 50 44 01 00 00 00",
    "08 03 18 90 41 01",
    "08 03 19 03 08 44 D0 ED 02 00",
    "08 03 19 03 05 44 2E CF FF FF",
    "08 03 19 EE FF 44 7B FE FF FF",
    "08 03 19 0F FE 42 30 10",
    "08 00 18 91 42 00 00",
    "09 00 04 03",
    "09 03 04 03",
    "09 03 18 18 01",
    "08 00 19 EC 13 50 FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF",
    "08 00 19 EC 14 40",
    "08 03 19 01 0A 4B 48 51 32 31 30 34 50 43 39 54 55",
    "08 01 19 01 0C 4C 6E 52 46 35 78 2D 55 41 52 54 30 00",
    "08 03 19 01 02 44 00 56 01 00",
    "08 00 19 01 02 44 00 FF 21 03 09 00 10 01",
    "08 00 19 02 01 41 06",
    "08 03 19 22 00 42 D9 59",
    "08 03 19 ED 8D 42 16 05",
    "08 03 19 02 00 41 05",
    "08 03 19 EC 8A 42 04 00",
    "08 03 19 ED BC 44 83 01 00 00",
    "08 03 19 EC 5A 44 E6 06 12 00",
    "08 03 19 ED BB 42 2B 0D",
    "08 00 19 ED 8D 42 FF 7F",
};

CaptureBuilder singleVectorsCapture() {
    CaptureBuilder capture;
    capture.write(kConnA, kCtrl, "FA 80 FF");
    for (const auto& v : kSingleVectors) capture.notify(kConnA, kLast, v);
    return capture;
}

TEST_F(DissectorTest, SingleChunkVectorsDecodeLikeVreg) {
    const auto rows = run(singleVectorsCapture());
    ASSERT_EQ(rows.size(), kSingleVectors.size() + 1);
    EXPECT_EQ(rows[0].one("victron.role"), "CTRL");
    EXPECT_EQ(rows[0].one("victron.ctrl"), "fa80ff");
    std::size_t messages = 0;
    for (std::size_t i = 0; i < kSingleVectors.size(); ++i) {
        const Row& row = rows[i + 1];
        SCOPED_TRACE(kSingleVectors[i]);
        EXPECT_EQ(row.one("victron.role"), "LAST");
        EXPECT_EQ(row["victron.message"], expected(kSingleVectors[i]));
        EXPECT_EQ(nonEmpty(row["victron.value"]), nonEmpty(expectedValues(kSingleVectors[i])));
        EXPECT_TRUE(row["victron.error"].empty());
        messages += row["victron.message"].size();
    }
    EXPECT_EQ(messages, kSingleVectors.size() + 1);  // vector 40 holds two messages

    // A few §6.1 values literally (vectors 1, 2, 4, 5, 16, 49), and the names and codes.
    // rows[n] is vector n up to 33, which has two forms; rows[50] is vector 49.
    EXPECT_EQ(rows[1]["victron.value"], std::vector<std::string>{"-0.954 A"});
    EXPECT_EQ(rows[1].one("victron.op"), "0x08");
    EXPECT_EQ(rows[1].one("victron.instance"), "3");
    EXPECT_EQ(rows[1].one("victron.vreg"), "0xed8c");
    EXPECT_EQ(rows[2]["victron.value"], std::vector<std::string>{"-13 W"});
    EXPECT_EQ(rows[4]["victron.value"], std::vector<std::string>{"13.27 V"});
    EXPECT_EQ(rows[5]["victron.value"], std::vector<std::string>{"100.00 %"});
    EXPECT_EQ(rows[16]["victron.value"], std::vector<std::string>{"3.40 °C"});
    EXPECT_EQ(rows[50]["victron.value"], std::vector<std::string>{"n/a"});  // 33 has two
    EXPECT_EQ(rows[19].one("victron.code"), "1");                           // 09 00 18 93 01
    EXPECT_EQ(rows[19].one("victron.vreg"), "0x0093");
}

// §6.3: host requests written to LAST, including the forms the app does not send (multi-register
// and indefinite arrays, Subscribe with a register list, the path API).
const std::vector<std::string> kRequestVectors = {
    "01",
    "03 00",
    "06 00 82 18 93 42 10 27 03 01 03 03",
    "06 03 82 19 10 00 42 63 00",
    "06 00 82 19 02 06 41 01",
    "06 03 82 19 02 00 41 05",
    "05 00 82 19 EC 66 19 EC 65",
    "06 03 82 19 EC 63 44 E6 5E 01 00",
    "06 03 82 19 EC 5B 46 00 E9 5E 01 00 01",
    "03 00 9F 19 ED DB FF",
    "05 00 9F 19 EC 65 FF",
    "05 03 81 04",
    "05 03 81 18 18",
    "0A 03 0B 03 85 00 01 02 03 04",
};

CaptureBuilder requestsCapture() {
    CaptureBuilder capture;
    for (const auto& v : kRequestVectors) capture.write(kConnA, kLast, v);
    return capture;
}

TEST_F(DissectorTest, HostRequestsDecodeLikeVreg) {
    const auto rows = run(requestsCapture());
    ASSERT_EQ(rows.size(), kRequestVectors.size());
    for (std::size_t i = 0; i < kRequestVectors.size(); ++i) {
        SCOPED_TRACE(kRequestVectors[i]);
        const auto want = expected(kRequestVectors[i]);
        EXPECT_FALSE(want.empty());
        EXPECT_EQ(rows[i]["victron.message"], want);
        EXPECT_EQ(nonEmpty(rows[i]["victron.value"]), nonEmpty(expectedValues(kRequestVectors[i])));
        EXPECT_TRUE(rows[i]["victron.error"].empty());
    }
    EXPECT_EQ(rows[3]["victron.value"], std::vector<std::string>{"99 Ah"});              // H5
    EXPECT_EQ(rows[6]["victron.vreg"], (std::vector<std::string>{"0xec66", "0xec65"}));  // H9
}

// §6.2 T1 and T2 (device to host) and §6.3 H4 and H8 (host to device) split across chunks,
// with the GATT discovery in the capture so the UUIDs are known; pcap and btsnoop alike.
CaptureBuilder multiChunkCapture() {
    CaptureBuilder c;
    c.discovery(kConnA);                                    // frames 1, 2
    c.write(kConnA, kLast, "01");                           // 3
    c.notify(kConnA, kLast, "02 9F 00 00 01 00 03 01 FF");  // 4
    c.notify(kConnA, kMore, "08 00 19 EC 31 58 21 01 AF 77 D6 97 89 A3 00 04 04 00 00 7F");  // 5
    c.notify(kConnA, kLast, "FF FF FF FF 4E C5 82 99 56 A0 00 54 01 00 00 D6 FF FF FF FF");  // 6
    c.write(kConnA, kMore, "05 00 81 19 01 09 05 00 81 19 01 0A 05 00 81 19 EC 0F 05 00");   // 7
    c.write(kConnA, kMore, "81 19 EC 0E 05 00 81 19 01 0C 05 00 81 18 90 05 00 81 19 EC");   // 8
    c.write(kConnA, kLast, "3F 05 00 81 19 EC 12");                                          // 9
    c.notify(kConnA, kMore, "08 01 19 01 00 44 00 00 FE FE 08 01 19 01 00 44 00 00 FE FE");  // 10
    c.notify(kConnA, kLast, "08 01 19 01 00 44 00 00 FE FE 09 01 19 EC 0E 01");              // 11
    c.write(kConnA, kMore, "05 01 81 19 01 10 06 00 82 18 93 42 10 27 06 03 82 19 20 31");   // 12
    c.write(kConnA, kLast, "42 2F 02 06 00 82 18 93 42 10 27");                              // 13
    return c;
}

const char* const kT1 =
    "08 00 19 EC 31 58 21 01 AF 77 D6 97 89 A3 00 04 04 00 00 7F"
    "FF FF FF FF 4E C5 82 99 56 A0 00 54 01 00 00 D6 FF FF FF FF";
const char* const kH4 =
    "05 00 81 19 01 09 05 00 81 19 01 0A 05 00 81 19 EC 0F 05 00"
    "81 19 EC 0E 05 00 81 19 01 0C 05 00 81 18 90 05 00 81 19 EC 3F 05 00 81 19 EC 12";
const char* const kT2 =
    "08 01 19 01 00 44 00 00 FE FE 08 01 19 01 00 44 00 00 FE FE"
    "08 01 19 01 00 44 00 00 FE FE 09 01 19 EC 0E 01";
const char* const kH8 =
    "05 01 81 19 01 10 06 00 82 18 93 42 10 27 06 03 82 19 20 31 42 2F 02 06 00 82 18 93 42 10 27";

void checkMultiChunk(const std::vector<Row>& rows) {
    ASSERT_EQ(rows.size(), 11u);  // frames 3..13
    std::map<std::string, const Row*> byFrame;
    for (const auto& r : rows) byFrame[r.one("frame.number")] = &r;
    EXPECT_EQ((*byFrame["3"])["victron.message"], std::vector<std::string>{"get_devices"});
    EXPECT_EQ((*byFrame["4"])["victron.message"], expected("02 9F 00 00 01 00 03 01 FF"));
    EXPECT_TRUE((*byFrame["5"])["victron.message"].empty());  // MORE: nothing on its own
    EXPECT_EQ((*byFrame["5"]).one("victron.role"), "MORE");
    EXPECT_EQ((*byFrame["6"])["victron.message"], expected(kT1));
    EXPECT_EQ((*byFrame["6"])["victron.transfer"], (std::vector<std::string>{"5", "6"}));
    EXPECT_EQ((*byFrame["6"])["victron.value"], expectedValues(kT1));
    EXPECT_EQ((*byFrame["9"])["victron.message"], expected(kH4));
    EXPECT_EQ((*byFrame["9"])["victron.message"].size(), 8u);
    EXPECT_EQ((*byFrame["9"])["victron.transfer"], (std::vector<std::string>{"7", "8", "9"}));
    EXPECT_EQ((*byFrame["11"])["victron.message"], expected(kT2));
    EXPECT_EQ((*byFrame["11"])["victron.message"].size(), 4u);
    EXPECT_EQ((*byFrame["13"])["victron.message"], expected(kH8));
    EXPECT_EQ((*byFrame["13"])["victron.value"], expectedValues(kH8));
    std::size_t total = 0;
    for (const auto& r : rows) total += r["victron.message"].size();
    EXPECT_EQ(total, 1 + 1 + 1 + 8 + 4 + 4u);
}

TEST_F(DissectorTest, MultiChunkTransfersPcap) {
    checkMultiChunk(run(multiChunkCapture()));
}

TEST_F(DissectorTest, MultiChunkTransfersBtsnoop) {
    checkMultiChunk(run(multiChunkCapture(), /*btsnoop=*/true));
}

// Two connections with their chunks interleaved, in both directions: state is kept per
// connection and direction. Also the same result with two-pass dissection (tshark -2), where
// the MORE frames learn the frame their transfer completed in.
CaptureBuilder interleavedCapture() {
    CaptureBuilder c;
    c.notify(kConnA, kMore, "08 00 19 EC 31 58 21 01 AF 77 D6 97 89 A3 00 04 04 00 00 7F");  // 1
    c.notify(kConnB, kMore, "08 01 19 01 00 44 00 00 FE FE 08 01 19 01 00 44 00 00 FE FE");  // 2
    c.write(kConnA, kMore, "05 01 81 19 01 10 06 00 82 18 93 42 10 27 06 03 82 19 20 31");   // 3
    c.notify(kConnB, kLast, "08 01 19 01 00 44 00 00 FE FE 09 01 19 EC 0E 01");              // 4
    c.notify(kConnA, kLast, "FF FF FF FF 4E C5 82 99 56 A0 00 54 01 00 00 D6 FF FF FF FF");  // 5
    c.notify(kConnB, kMore, "08 03 19 ED");                                                  // 6
    c.write(kConnA, kLast, "42 2F 02 06 00 82 18 93 42 10 27");                              // 7
    c.notify(kConnB, kLast, "8D 42 2F 05");                                                  // 8
    return c;
}

void checkInterleaved(const std::vector<Row>& rows) {
    ASSERT_EQ(rows.size(), 8u);
    EXPECT_EQ(rows[3]["victron.message"], expected(kT2));
    EXPECT_EQ(rows[3]["victron.transfer"], (std::vector<std::string>{"2", "4"}));
    EXPECT_EQ(rows[4]["victron.message"], expected(kT1));
    EXPECT_EQ(rows[4]["victron.transfer"], (std::vector<std::string>{"1", "5"}));
    EXPECT_EQ(rows[6]["victron.message"], expected(kH8));
    EXPECT_EQ(rows[6]["victron.transfer"], (std::vector<std::string>{"3", "7"}));
    EXPECT_EQ(rows[7]["victron.message"], expected("08 03 19 ED 8D 42 2F 05"));
    EXPECT_EQ(rows[7]["victron.value"], std::vector<std::string>{"13.27 V"});
    for (const int more : {0, 1, 2, 5}) {
        EXPECT_EQ(rows[static_cast<std::size_t>(more)].one("victron.role"), "MORE");
        EXPECT_TRUE(rows[static_cast<std::size_t>(more)]["victron.message"].empty());
    }
}

TEST_F(DissectorTest, TwoConnectionsInterleaved) {
    const auto rows = run(interleavedCapture());
    checkInterleaved(rows);
}

TEST_F(DissectorTest, TwoPassDissectionIsTheSame) {
    const auto one = run(interleavedCapture());
    const auto two = run(interleavedCapture(), false, /*twoPass=*/true);
    checkInterleaved(two);
    ASSERT_EQ(one.size(), two.size());
    for (std::size_t i = 0; i < one.size(); ++i) {
        EXPECT_EQ(one[i]["victron.message"], two[i]["victron.message"]) << i;
        EXPECT_EQ(one[i]["victron.transfer"], two[i]["victron.transfer"]) << i;
    }
    // On the second pass the MORE chunks know where their transfer completed.
    EXPECT_EQ(two[0].one("victron.continued"), "5");
    EXPECT_EQ(two[1].one("victron.continued"), "4");
    EXPECT_EQ(two[2].one("victron.continued"), "7");
    EXPECT_EQ(two[5].one("victron.continued"), "8");
}

// §5.3 / §6.5: decode errors keep the messages before them and show as expert info.
CaptureBuilder decodeErrorsCapture() {
    CaptureBuilder c;
    c.notify(kConnA, kLast, "04 00");                          // unknown opcode
    c.notify(kConnA, kLast, "08 03 19 ED 8D 42 2F");           // incomplete
    c.notify(kConnA, kLast, "07 00 03 00 09 00 18 93 01 08");  // two messages, then incomplete
    c.notify(kConnA, kLast, "08 03 19 ED 8D 42 2F 05 FF FF");  // one message + FF padding
    return c;
}

TEST_F(DissectorTest, DecodeErrorsAreExpertInfo) {
    const auto rows = run(decodeErrorsCapture());
    ASSERT_EQ(rows.size(), 4u);
    auto hasExpert = [](const Row& row, const std::string& text) {
        for (const auto& e : row["_ws.expert.message"]) {
            if (e.find(text) != std::string::npos) return true;
        }
        return false;
    };
    EXPECT_TRUE(rows[0]["victron.message"].empty());
    EXPECT_EQ(rows[0].one("victron.error"), "unknown opcode 0x04");
    EXPECT_TRUE(hasExpert(rows[0], "unknown opcode 0x04"));
    EXPECT_TRUE(rows[1]["victron.message"].empty());
    EXPECT_FALSE(rows[1]["victron.error"].empty());
    EXPECT_TRUE(hasExpert(rows[1], "incomplete"));
    EXPECT_EQ(rows[2]["victron.message"], expected("07 00 03 00 09 00 18 93 01 08"));
    EXPECT_EQ(rows[2]["victron.message"].size(), 2u);
    EXPECT_TRUE(hasExpert(rows[2], "incomplete"));
    EXPECT_EQ(rows[3]["victron.message"], expected("08 03 19 ED 8D 42 2F 05 FF FF"));
    EXPECT_TRUE(rows[3]["victron.error"].empty());
    EXPECT_TRUE(hasExpert(rows[3], "padding"));
}

// §6.2 T6-T8: notifications cut out of the middle of transfers (what per-notification parsers
// did, §5.4) are decode errors, exactly as for vreglink's decoder; 0xFF is never skipped.
const std::vector<std::string> kMidTransferChunks = {
    "ED 8E 42 AA FF 08 03 19 0F FE 42 B1 06 08 00 19 EC 30 41 02",
    "FF 08 03 19 ED 8C 44 F9 E6 FF FF",
    "C5 82 99 56 A0 00 54 01 00 00 D1 FF FF FF FF 08 03 19 03 08",
};

CaptureBuilder midTransferCapture() {
    CaptureBuilder c;
    for (const auto& chunk : kMidTransferChunks) c.notify(kConnA, kLast, chunk);
    return c;
}

TEST_F(DissectorTest, MidTransferChunksAreErrorsNotGuesses) {
    const auto& chunks = kMidTransferChunks;
    const auto rows = run(midTransferCapture());
    ASSERT_EQ(rows.size(), chunks.size());
    for (std::size_t i = 0; i < chunks.size(); ++i) {
        SCOPED_TRACE(chunks[i]);
        EXPECT_EQ(rows[i]["victron.message"], expected(chunks[i]));
        EXPECT_TRUE(ble::decodeTransfer(hex(chunks[i])).error.has_value());
        EXPECT_FALSE(rows[i]["victron.error"].empty());
    }
}

// §5.1: a MORE chunk not followed by LAST within 2 s is dropped, not glued to the next transfer.
CaptureBuilder staleCapture() {
    CaptureBuilder c;
    c.notify(kConnA, kMore, "08 03 19 ED 8D 42 2F");
    c.skip(std::chrono::seconds(3));
    c.notify(kConnA, kLast, "07 00 03 00");
    return c;
}

TEST_F(DissectorTest, StalePartialTransferIsDropped) {
    const auto rows = run(staleCapture());
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[1]["victron.message"],
              std::vector<std::string>{"command_status(0, opcode 3, status 0)"});
    EXPECT_EQ(rows[1]["victron.transfer"], std::vector<std::string>{"2"});
    bool dropped = false;
    for (const auto& e : rows[1]["_ws.expert.message"]) {
        dropped = dropped || e.find("dropped") != std::string::npos;
    }
    EXPECT_TRUE(dropped);
}

// §1.1: recognition by UUID alone — the discovery puts the characteristics on handles that are in
// no handle map; without the discovery nothing is dissected.
CaptureBuilder uuidCapture() {
    CaptureBuilder c;
    c.discovery(kConnA, 0x0030);       // frames 1, 2
    c.write(kConnA, 0x0032, "F9 41");  // 3 CTRL
    c.notify(kConnA, 0x0038, "08 03 19 ED 8F 42 F8 FF 08 03 19 ED 8C 44 4E FC FF FF 08 03");
    c.notify(kConnA, 0x0035, "19 ED 8D 42 2F 05");  // 5 LAST
    return c;
}

TEST_F(DissectorTest, RecognisedByUuidOnAnyHandle) {
    const auto rows = run(uuidCapture());
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].one("victron.role"), "CTRL");
    EXPECT_EQ(rows[0].one("victron.ctrl"), "f941");
    EXPECT_EQ(rows[1].one("victron.role"), "MORE");
    EXPECT_EQ(rows[2]["victron.value"],
              (std::vector<std::string>{"-0.8 A", "-0.946 A", "13.27 V"}));  // T3 completed
    EXPECT_EQ(rows[2]["victron.transfer"], (std::vector<std::string>{"4", "5"}));

    CaptureBuilder without;
    without.write(kConnA, 0x0032, "F9 41");
    without.notify(kConnA, 0x0035, "08 03 19 ED 8D 42 2F 05");
    EXPECT_TRUE(run(without).empty());
}

// A connection whose discovery put the characteristics elsewhere: the handle maps do not claim
// 0x0024 there (it is some other characteristic), as vreg decode does not.
CaptureBuilder discoveredElsewhereCapture() {
    CaptureBuilder c;
    c.discovery(kConnA, 0x0030);                          // frames 1, 2
    c.notify(kConnA, kLast, "08 03 19 ED 8D 42 2F 05");   // 3: 0x0024, not ours here
    c.notify(kConnA, 0x0035, "08 03 19 ED 8D 42 2F 05");  // 4: LAST by UUID
    c.notify(kConnB, kLast, "08 03 19 ED 8E 42 F3 FF");   // 5: no discovery on B: the map
    return c;
}

TEST_F(DissectorTest, HandleMapsOnlyForConnectionsWithoutDiscovery) {
    const auto rows = run(discoveredElsewhereCapture());
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].one("frame.number"), "4");
    EXPECT_EQ(rows[0]["victron.value"], std::vector<std::string>{"13.27 V"});
    EXPECT_EQ(rows[1].one("frame.number"), "5");
    EXPECT_EQ(rows[1]["victron.value"], std::vector<std::string>{"-13 W"});
}

// §5.1: a partial transfer longer than 4096 bytes is dropped and so is everything up to the
// next LAST chunk; the transfer after that decodes normally.
CaptureBuilder overlongCapture() {
    CaptureBuilder c;
    c.setStep(std::chrono::milliseconds(1));
    for (int i = 0; i < 210; ++i) {
        c.notify(kConnA, kMore, "08 03 19 ED 8D 42 2F 05 08 03 19 ED 8D 42 2F 05 08 03 19 ED");
    }
    c.notify(kConnA, kLast, "8D 42 2F 05");  // frame 211: ends the discarded transfer
    c.notify(kConnA, kLast, "07 00 03 00");  // frame 212
    return c;
}

TEST_F(DissectorTest, OverlongTransferIsDiscardedUntilLast) {
    const auto rows = run(overlongCapture());
    ASSERT_EQ(rows.size(), 212u);
    for (std::size_t i = 0; i < 211; ++i) EXPECT_TRUE(rows[i]["victron.message"].empty()) << i;
    EXPECT_EQ(rows[211]["victron.message"],
              std::vector<std::string>{"command_status(0, opcode 3, status 0)"});
    EXPECT_EQ(rows[211]["victron.transfer"], std::vector<std::string>{"212"});
}

// §1.2: an Orion Smart (CTRL 0x001B, LAST 0x001E, MORE 0x0021) without discovery.
CaptureBuilder orionCapture() {
    CaptureBuilder c;
    c.write(kConnA, 0x001B, "FA 80 FF");
    c.write(kConnA, 0x001E, "01");
    c.notify(kConnA, 0x001E, "08 00 19 01 20 44 12 07 00 00");
    c.notify(kConnA, 0x0021, "08 00 19 ED BB 42 C5 04 08 00 19");
    c.notify(kConnA, 0x001E, "ED DB 42 54 01");
    return c;
}

TEST_F(DissectorTest, OrionHandleMap) {
    const auto rows = run(orionCapture());
    ASSERT_EQ(rows.size(), 5u);
    EXPECT_EQ(rows[0].one("victron.role"), "CTRL");
    EXPECT_EQ(rows[1]["victron.message"], std::vector<std::string>{"get_devices"});
    EXPECT_EQ(rows[2]["victron.value"], std::vector<std::string>{"1810 s"});
    EXPECT_EQ(rows[3].one("victron.role"), "MORE");
    EXPECT_EQ(rows[4]["victron.value"], (std::vector<std::string>{"12.21 V", "3.40 °C"}));
}

// Issue 5 target: on the same capture the dissector decodes every message `vreg decode` decodes —
// the same number of each opcode — on every capture of this file, pcap and btsnoop alike, plus
// one with two connections that disconnect and reconnect mid-transfer.
using OpCounts = std::map<std::string, std::size_t>;

// `vreg decode --summary`: messages_by_op of both directions, keyed by opcode ("0x08").
OpCounts vregCounts(const fs::path& file) {
    const auto result = vreglink::testing::runCommand(
        {vreglink::testing::binaryPath("apps/vreg/vreg"), "decode", "--summary", file.string()});
    EXPECT_EQ(result.exitCode, 0) << result.err;
    const auto summary = nlohmann::json::parse(result.out, nullptr, false);
    EXPECT_FALSE(summary.is_discarded()) << result.out;
    // The JSON op names of vreg decode (issue 5) and their opcodes (ble-gatt.md §4.4).
    std::map<std::string, std::string> opcodes = {
        {"get_devices", "0x01"}, {"device_list", "0x02"}, {"subscribe", "0x03"}, {"get", "0x05"},
        {"set", "0x06"},         {"status", "0x07"},      {"value", "0x08"},     {"error", "0x09"},
    };
    for (const auto op : {ble::Opcode::GetPathList, ble::Opcode::GetPathValues,
                          ble::Opcode::PathList, ble::Opcode::NewPath, ble::Opcode::PathValue,
                          ble::Opcode::PathResponse}) {  // the path API keeps its own names
        char hexOp[8];
        std::snprintf(hexOp, sizeof hexOp, "0x%02x", static_cast<unsigned>(op));
        opcodes[ble::opcodeName(op)] = hexOp;
    }
    OpCounts counts;
    if (summary.is_discarded()) return counts;
    for (const char* dir : {"tx", "rx"}) {
        for (const auto& [op, n] : summary[dir]["messages_by_op"].items()) {
            const auto it = opcodes.find(op);
            EXPECT_NE(it, opcodes.end()) << "op not in this test's table: " << op;
            if (it != opcodes.end()) counts[it->second] += n.get<std::size_t>();
        }
    }
    return counts;
}

OpCounts dissectorCounts(const std::vector<Row>& rows) {
    OpCounts counts;
    for (const auto& row : rows) {
        EXPECT_EQ(row["victron.op"].size(), row["victron.message"].size())
            << "frame " << row.one("frame.number");
        for (const auto& op : row["victron.op"]) ++counts[op];
    }
    return counts;
}

CaptureBuilder reconnectingCapture() {
    CaptureBuilder c;
    c.connected(kConnA);
    c.connected(kConnB);
    c.discovery(kConnA);
    c.notify(kConnA, kMore, "08 00 19 EC 31 58 21 01 AF 77 D6 97 89 A3 00 04 04 00 00 7F");
    c.notify(kConnB, kLast, "08 03 19 ED 8D 42 2F 05");
    c.disconnected(kConnA);  // the half transfer on A goes with the connection
    c.connected(kConnA);
    c.notify(kConnA, kLast, "FF FF FF FF 4E C5 82 99 56 A0 00 54 01 00 00 D6 FF FF FF FF");
    c.notify(kConnA, kLast, "08 03 19 ED 8E 42 F3 FF");
    c.notify(kConnB, kMore, "08 01 19 01 00 44 00 00 FE FE 08 01 19 01 00 44 00 00 FE FE");
    c.notify(kConnB, kLast, "08 01 19 01 00 44 00 00 FE FE 09 01 19 EC 0E 01");
    return c;
}

TEST_F(DissectorTest, DecodesEveryMessageVregDecodes) {
    const std::vector<std::pair<const char*, CaptureBuilder>> captures = {
        {"single vectors", singleVectorsCapture()},
        {"requests", requestsCapture()},
        {"multi-chunk", multiChunkCapture()},
        {"interleaved", interleavedCapture()},
        {"decode errors", decodeErrorsCapture()},
        {"mid-transfer chunks", midTransferCapture()},
        {"stale partial", staleCapture()},
        {"by UUID", uuidCapture()},
        {"discovered elsewhere", discoveredElsewhereCapture()},
        {"overlong", overlongCapture()},
        {"Orion", orionCapture()},
        {"reconnecting", reconnectingCapture()},
    };
    std::size_t total = 0;
    for (const auto& [name, capture] : captures) {
        for (const bool btsnoop : {false, true}) {
            SCOPED_TRACE(std::string(name) + (btsnoop ? " (btsnoop)" : " (pcap)"));
            const fs::path file = write(capture, btsnoop);
            const OpCounts vreg = vregCounts(file);
            EXPECT_EQ(dissectorCounts(tshark(file)), vreg);
            for (const auto& [op, n] : vreg) total += n;
        }
    }
    EXPECT_GT(total, 2 * 100u);  // the comparison covered real traffic
}

// btmon (btsnoop 2001) with two controllers: the same ACL handle on hci0 and hci1 are two
// connections whose chunks interleave; both decoders keep them apart.
CaptureBuilder twoAdaptersCapture() {
    CaptureBuilder c({capture::CaptureFormat::Btsnoop, capture::kBtsnoopLinuxMonitor});
    c.notify(kConnA, kMore, "08 03 19 ED");
    c.setAdapter(1);
    c.notify(kConnA, kMore, "08 03 19 0F");
    c.notify(kConnA, kLast, "FF 42 10 27");
    c.setAdapter(0);
    c.notify(kConnA, kLast, "8D 42 2F 05");
    return c;
}

TEST_F(DissectorTest, SameHandleOnTwoAdaptersLikeVreg) {
    const fs::path file = writeAsBuilt(twoAdaptersCapture());
    const auto rows = tshark(file);
    ASSERT_EQ(rows.size(), 4u);
    EXPECT_EQ(rows[2]["victron.value"], std::vector<std::string>{"100.00 %"});
    EXPECT_EQ(rows[3]["victron.value"], std::vector<std::string>{"13.27 V"});
    EXPECT_EQ(dissectorCounts(rows), vregCounts(file));
}

}  // namespace
}  // namespace vreglink::test
