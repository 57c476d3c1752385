// Every capture format written by CaptureWriter reads back through CaptureReader record for
// record; bad and truncated files keep the records before the damage.
#include "capture/capture_file.h"
#include "capture/capture_writer.h"
#include "capture_test_support.h"

#include <gtest/gtest.h>

namespace vreglink::capture {
namespace {

using std::chrono::microseconds;
using testing::hex;

struct FormatCase {
    const char* name;
    CaptureWriterOptions options;
    bool keepsDirection;
};

std::vector<CaptureRecord> sampleRecords(std::vector<Bytes>& storage) {
    storage = {hex("2a 20 0b 00 07 00 04 00 1b 24 00 07 00 03 00"),  // ACL notification
               hex("2a 20 0b 00 07 00 04 00 52 24 00 03 00"),        // ACL write
               hex("3e 13 01 00 2a 00"),                             // LE meta event
               hex("05 04 00 2a 00 13")};                            // disconnection complete
    const microseconds t0{1'700'000'000'123'456};
    return {{t0, Direction::ControllerToHost, HciPacketType::Acl, storage[0]},
            {t0 + microseconds(1500), Direction::HostToController, HciPacketType::Acl, storage[1]},
            {t0 + microseconds(2'000'001), Direction::ControllerToHost, HciPacketType::Event,
             storage[2]},
            {t0 + microseconds(3'000'000), Direction::ControllerToHost, HciPacketType::Event,
             storage[3]}};
}

class FormatRoundTrip : public ::testing::TestWithParam<FormatCase> {};

TEST_P(FormatRoundTrip, RecordsReadBackAsWritten) {
    const FormatCase& c = GetParam();
    std::vector<Bytes> storage;
    const auto records = sampleRecords(storage);
    CaptureWriter writer(c.options);
    for (const auto& r : records) writer.append(r);
    const Bytes file = writer.take();

    EXPECT_EQ(detectCaptureFormat(file), c.options.format);
    CaptureReader reader(file);
    for (const auto& expected : records) {
        const auto got = reader.next();
        ASSERT_TRUE(got.has_value()) << (reader.error() ? reader.error()->message : "end");
        EXPECT_EQ(got->time, expected.time);
        EXPECT_EQ(got->type, expected.type);
        EXPECT_EQ(Bytes(got->packet.begin(), got->packet.end()),
                  Bytes(expected.packet.begin(), expected.packet.end()));
        EXPECT_EQ(got->direction, c.keepsDirection ? expected.direction : Direction::Unknown);
    }
    EXPECT_FALSE(reader.next().has_value());
    EXPECT_FALSE(reader.error().has_value());
    EXPECT_EQ(reader.linkType(), c.options.linkType);  // pcapng: known once a block was read
}

INSTANTIATE_TEST_SUITE_P(
    AllFormats, FormatRoundTrip,
    ::testing::Values(
        FormatCase{"btsnoop1001", {CaptureFormat::Btsnoop, kBtsnoopHciUnencapsulated}, true},
        FormatCase{"btsnoop1002", {CaptureFormat::Btsnoop, kBtsnoopHciUart}, true},
        FormatCase{"btsnoop2001", {CaptureFormat::Btsnoop, kBtsnoopLinuxMonitor}, true},
        FormatCase{"pcap201", {CaptureFormat::Pcap, kLinkTypeHciH4WithPhdr}, true},
        FormatCase{"pcap201be", {CaptureFormat::Pcap, kLinkTypeHciH4WithPhdr, true}, true},
        FormatCase{"pcap201ns", {CaptureFormat::Pcap, kLinkTypeHciH4WithPhdr, false, true}, true},
        FormatCase{"pcap187", {CaptureFormat::Pcap, kLinkTypeHciH4}, false},
        FormatCase{"pcap187bens", {CaptureFormat::Pcap, kLinkTypeHciH4, true, true}, false},
        FormatCase{"pcapng201", {CaptureFormat::Pcapng, kLinkTypeHciH4WithPhdr}, true},
        FormatCase{
            "pcapng201bens", {CaptureFormat::Pcapng, kLinkTypeHciH4WithPhdr, true, true}, true},
        FormatCase{"pcapng187", {CaptureFormat::Pcapng, kLinkTypeHciH4}, false}),
    [](const auto& testCase) { return std::string(testCase.param.name); });

TEST(CaptureFile, TruncatedFileKeepsTheRecordsBeforeTheDamage) {
    std::vector<Bytes> storage;
    const auto records = sampleRecords(storage);
    CaptureWriter writer;
    for (const auto& r : records) writer.append(r);
    Bytes file = writer.take();
    const std::size_t fullSize = file.size();
    file.resize(fullSize - 3);  // cut into the last record

    CaptureReader reader(file);
    int count = 0;
    while (reader.next()) ++count;
    EXPECT_EQ(count, 3);
    ASSERT_TRUE(reader.error().has_value());
    EXPECT_EQ(reader.error()->offset, fullSize - (24 + 1 + records[3].packet.size()));
}

TEST(CaptureFile, RejectsUnknownFilesAndLinkTypes) {
    EXPECT_FALSE(detectCaptureFormat(hex("00 01 02 03 04 05 06 07")).has_value());
    CaptureReader junk(hex("00 01 02 03"));
    EXPECT_FALSE(junk.next().has_value());
    ASSERT_TRUE(junk.error().has_value());

    Bytes pcap = CaptureWriter({CaptureFormat::Pcap, 1 /* Ethernet */}).take();
    CaptureReader ethernet(pcap);
    ASSERT_TRUE(ethernet.error().has_value());
    EXPECT_EQ(ethernet.error()->offset, 20U);
}

TEST(CaptureFile, BtmonNonPacketOpcodesAreSkippedAndTheIndexIsTheAdapter) {
    CaptureWriter writer({CaptureFormat::Btsnoop, kBtsnoopLinuxMonitor});
    Bytes file = writer.take();
    // A hand-written "new index" record (opcode 0) before one ACL RX record (opcode 5).
    const auto record = [&](std::uint32_t opcode, const Bytes& data) {
        const auto be32 = [&](std::uint32_t v) {
            for (int s = 24; s >= 0; s -= 8) file.push_back(static_cast<std::uint8_t>(v >> s));
        };
        be32(static_cast<std::uint32_t>(data.size()));
        be32(static_cast<std::uint32_t>(data.size()));
        be32(opcode);
        be32(0);
        be32(0x00dcddb3);
        be32(0x0f2f8000);
        file.insert(file.end(), data.begin(), data.end());
    };
    record(0, Bytes(16, 0x00));
    record(5, hex("2a 20 04 00 00 00 04 00"));
    record((2U << 16) | 4, hex("2a 20 04 00 00 00 04 00"));  // ACL TX on controller index 2
    CaptureReader reader(file);
    const auto got = reader.next();
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->type, HciPacketType::Acl);
    EXPECT_EQ(got->direction, Direction::ControllerToHost);
    EXPECT_EQ(got->time, microseconds(0));
    EXPECT_EQ(got->adapter, 0U);
    const auto second = reader.next();
    ASSERT_TRUE(second.has_value());
    EXPECT_EQ(second->direction, Direction::HostToController);
    EXPECT_EQ(second->adapter, 2U);  // the index half of the flags (btmon)
    EXPECT_FALSE(reader.next().has_value());
    EXPECT_FALSE(reader.error().has_value());
}

}  // namespace
}  // namespace vreglink::capture
