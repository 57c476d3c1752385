// Captures built from the ble-gatt.md §6 vectors decode to the expected messages: roles from
// discovery or the §1.2 fallback maps, transfers split across notifications, several
// connections, disconnects, both directions.
#include "capture/ble_capture_decoder.h"
#include "capture_test_support.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace vreglink::capture {
namespace {

using namespace testing;
using Events = std::vector<std::string>;

Events decodeAll(const Bytes& file, CaptureCounters* counters = nullptr) {
    RecordingHandler handler;
    BleCaptureDecoder decoder(handler);
    const auto result = decodeCapture(file, decoder);
    EXPECT_FALSE(result.error.has_value()) << result.error->message;
    if (counters) *counters = decoder.counters();
    return handler.events;
}

// SmartShunt handles (§1.2): CTRL 0x21, LAST 0x24, MORE 0x27.
constexpr std::uint16_t kCtrl = 0x21, kLast = 0x24, kMore = 0x27;

TEST(BleCaptureDecoder, FallbackSmartShuntMapAndMultiChunkTransferT2) {
    CaptureBuilder b;
    b.event(leConnectionCompleteEvent(0x40));
    b.att(0x40, writeCommand(kCtrl, "fa 80 ff"));
    b.att(0x40, writeCommand(kLast, "01"));  // §6.3 H1
    b.att(0x40, notification(kCtrl, "f9 01"));
    // §6.2 T2: three values and an error across MORE + LAST.
    b.att(0x40, notification(kMore, "08 01 19 01 00 44 00 00 FE FE 08 01 19 01 00 44 00 00 FE FE"));
    b.att(0x40, notification(kLast, "08 01 19 01 00 44 00 00 FE FE 09 01 19 EC 0E 01"));
    CaptureCounters counters;
    const Events events = decodeAll(b.file(), &counters);
    EXPECT_EQ(
        events,
        (Events{"64 tx ctrl fa80ff", "64 tx get_devices", "64 rx ctrl f901",
                "64 rx value(1, 0x0100, 00 00 fe fe)", "64 rx value(1, 0x0100, 00 00 fe fe)",
                "64 rx value(1, 0x0100, 00 00 fe fe)", "64 rx vreg_error(1, 0xEC0E, code 1)"}));
    EXPECT_EQ(counters.connections, 1U);
    EXPECT_EQ(counters.flows[1].transfers, 1U);
    EXPECT_EQ(counters.flows[1].messages, 4U);
    EXPECT_EQ(counters.flows[0].control, 1U);
    EXPECT_EQ(counters.registers.count(), 2U);
}

TEST(BleCaptureDecoder, RolesFromDiscoveryOverrideTheFallback) {
    CaptureBuilder b;
    // Read By Type response placing CTRL/LAST/MORE on 0x41/0x44/0x47.
    b.att(1, victronCharacteristicsResponse(0x41, 0x44, 0x47));
    b.att(1, notification(0x47, "08 00 19 EC 31 58 21 01 AF 77 D6 97 89 A3 00 04 04 00 00 7F"));
    b.att(1, notification(0x44, "FF FF FF FF 4E C5 82 99 56 A0 00 54 01 00 00 D6 FF FF FF FF"));
    b.att(1, notification(kLast, "07 00 03 00"));  // not a protocol handle on this device
    b.att(1, writeCommand(0x41, "f9 41"));
    const Events events = decodeAll(b.file());
    ASSERT_EQ(events.size(), 2U);
    EXPECT_EQ(events[0].rfind("1 rx value(0, 0xEC31, 01 af 77", 0), 0U) << events[0];
    EXPECT_EQ(events[1], "1 tx ctrl f941");
}

TEST(BleCaptureDecoder, RolesFromFindInformationResponse) {
    // Find Information Response, format 2 (128-bit): the value attributes' types are the
    // characteristic UUIDs themselves. LAST on 0x0050, MORE on 0x0052.
    Bytes pdu = hex("05 02");
    for (const auto& [handle, id] :
         {std::pair<std::uint16_t, std::uint8_t>{0x50, 0x03}, {0x52, 0x04}}) {
        appendLe16(pdu, handle);
        const Bytes uuid = hex("d0df3ccc9fe5dc83374081b0");
        pdu.insert(pdu.end(), uuid.begin(), uuid.end());
        pdu.insert(pdu.end(), {id, 0x00, 0x6b, 0x30});
    }
    CaptureBuilder b;
    b.att(1, pdu);
    b.att(1, notification(0x52, "08 03 19 ED"));
    b.att(1, notification(0x50, "8D 42 2F 05"));
    EXPECT_EQ(decodeAll(b.file()), Events{"1 rx value(3, 0xED8D, 2f 05)"});
}

TEST(BleCaptureDecoder, OrionFallbackMap) {
    CaptureBuilder b;
    b.att(2, notification(0x1E, "08 00 19 01 20 44 12 07 00 00"));  // §6.1 #14, handle 0x1E
    b.att(2, notification(0x21, "08 00 19 ED"));                    // Orion: 0x21 is MORE
    b.att(2, notification(0x1E, "BB 42 C5 04"));                    // §6.1 #15
    EXPECT_EQ(decodeAll(b.file()),
              (Events{"2 rx value(0, 0x0120, 12 07 00 00)", "2 rx value(0, 0xEDBB, c5 04)"}));
}

TEST(BleCaptureDecoder, HostRequestsSplitAcrossWritesH4) {
    CaptureBuilder b;
    b.att(3, writeCommand(kMore, "05 00 81 19 01 09 05 00 81 19 01 0A 05 00 81 19 EC 0F 05 00"));
    b.att(3, writeCommand(kMore, "81 19 EC 0E 05 00 81 19 01 0C 05 00 81 18 90 05 00 81 19 EC"));
    b.att(3, writeCommand(kLast, "3F 05 00 81 19 EC 12"));
    CaptureCounters counters;
    const Events events = decodeAll(b.file(), &counters);
    EXPECT_EQ(events.size(), 8U);
    EXPECT_EQ(events.front(), "3 tx get_values(0, [0x0109])");
    EXPECT_EQ(events.back(), "3 tx get_values(0, [0xEC12])");
    EXPECT_EQ(counters.flows[0].byOpcode[0x05], 8U);
}

TEST(BleCaptureDecoder, InterleavedConnectionsKeepTheirOwnTransfers) {
    CaptureBuilder b;
    b.att(1, notification(kMore, "08 03 19 ED"));
    b.att(2, notification(kMore, "08 03 19 0F"));
    b.att(1, notification(kLast, "8D 42 2F 05"));  // §6.5: split inside the register id
    b.att(2, notification(kLast, "FF 42 10 27"));
    CaptureCounters counters;
    EXPECT_EQ(decodeAll(b.file(), &counters),
              (Events{"1 rx value(3, 0xED8D, 2f 05)", "2 rx value(3, 0x0FFF, 10 27)"}));
    EXPECT_EQ(counters.connections, 2U);
}

TEST(BleCaptureDecoder, DisconnectClearsAHalfTransfer) {
    CaptureBuilder b;
    b.event(leConnectionCompleteEvent(5));
    b.att(5, notification(kMore, "08 03 19 ED 8D 42 2F"));
    b.event(disconnectionCompleteEvent(5));
    b.event(leConnectionCompleteEvent(5));
    b.att(5, notification(kLast, "07 00 03 00"));
    CaptureCounters counters;
    EXPECT_EQ(decodeAll(b.file(), &counters),
              (Events{"5 rx error cleared 080319ed8d422f",
                      "5 rx command_status(0, opcode 3, status 0)"}));
    EXPECT_EQ(counters.connections, 2U);
}

// A btmon capture of two controllers: the same ACL handle on hci0 and hci1 are two connections,
// their chunks interleaved, each transfer reassembled on its own.
TEST(BleCaptureDecoder, SameHandleOnTwoAdaptersIsTwoConnections) {
    CaptureBuilder b({CaptureFormat::Btsnoop, kBtsnoopLinuxMonitor});
    b.att(1, notification(kMore, "08 03 19 ED"));
    b.setAdapter(1);
    b.att(1, notification(kMore, "08 03 19 0F"));
    b.att(1, notification(kLast, "FF 42 10 27"));
    b.setAdapter(0);
    b.att(1, notification(kLast, "8D 42 2F 05"));
    CaptureCounters counters;
    EXPECT_EQ(decodeAll(b.file(), &counters),
              (Events{"1@1 rx value(3, 0x0FFF, 10 27)", "1 rx value(3, 0xED8D, 2f 05)"}));
    EXPECT_EQ(counters.connections, 2U);
    EXPECT_EQ(counters.droppedTotal(), 0U);
}

// The capture ends while transfers wait for their LAST chunk: each is reported, per connection and
// direction, instead of vanishing with the decoder.
TEST(BleCaptureDecoder, TransfersUnfinishedAtTheEndAreReported) {
    CaptureBuilder b;
    b.att(1, notification(kMore, "08 03 19 ED 8D 42 2F"));
    b.att(1, writeCommand(kMore, "06 00 82 18 93"));
    b.att(2, notification(kLast, "07 00 03 00"));
    CaptureCounters counters;
    Events events = decodeAll(b.file(), &counters);
    std::sort(events.begin(), events.end());
    EXPECT_EQ(events, (Events{"1 rx error cleared 080319ed8d422f", "1 tx error cleared 0600821893",
                              "2 rx command_status(0, opcode 3, status 0)"}));
    EXPECT_EQ(counters.droppedTotal(), 2U);
}

TEST(BleCaptureDecoder, DecodeErrorKeepsEarlierMessages) {
    CaptureBuilder b;
    b.att(1, notification(kLast, "07 00 03 00 04 00"));  // §6.5: 04 is an unknown opcode
    EXPECT_EQ(decodeAll(b.file()), (Events{"1 rx command_status(0, opcode 3, status 0)",
                                           "1 rx error unknown_opcode 0400"}));
}

TEST(BleCaptureDecoder, PcapWithoutDirectionAndFragmentedAcl) {
    CaptureBuilder b({CaptureFormat::Pcap, kLinkTypeHciH4});
    b.att(1, writeCommand(kLast, "06 00 82 18 93 42 10 27 03 01 03 03"), 7);  // §6.3 H3
    b.att(1, notification(kLast, "08 03 19 ED 8C 44 46 FC FF FF"), 5);        // §6.1 #1
    EXPECT_EQ(decodeAll(b.file()),
              (Events{"1 tx set_value(0, 0x0093, 10 27)", "1 tx subscribe(1)", "1 tx subscribe(3)",
                      "1 rx value(3, 0xED8C, 46 fc ff ff)"}));
}

TEST(BleCaptureDecoder, TruncatedFileKeepsTheEventsBeforeIt) {
    CaptureBuilder b({CaptureFormat::Pcap, kLinkTypeHciH4WithPhdr});
    b.att(1, notification(kLast, "08 03 19 ED 8D 42 2F 05"));
    b.att(1, notification(kLast, "08 03 19 ED 8E 42 F3 FF"));
    Bytes file = b.file();
    file.resize(file.size() - 2);
    RecordingHandler handler;
    BleCaptureDecoder decoder(handler);
    const auto result = decodeCapture(file, decoder);
    ASSERT_TRUE(result.error.has_value());
    EXPECT_EQ(handler.events, Events{"1 rx value(3, 0xED8D, 2f 05)"});
}

}  // namespace
}  // namespace vreglink::capture
