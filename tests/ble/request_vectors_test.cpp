// Host->device transfers: the app requests of ble-gatt.md §6.3 (H1-H16) decoded and encoded back
// to the same bytes and chunks (where the app's encoding is the shortest/definite one), the init
// exchanges of §3, and the complete VictronConnect request streams of §6.7 rebuilt, chunked at
// ATT MTU 23, reassembled and decoded.
#include "ble/chunker.h"
#include "ble/message_encoder.h"
#include "ble/transfer_assembler.h"
#include "ble/transfer_decoder.h"

#include "test_support.h"

#include <gtest/gtest.h>

#include <string>

namespace vreglink::ble {
namespace {

using namespace testing;

Message get(std::uint32_t instance, std::vector<std::uint16_t> vregs) {
    GetValues m{Instance(instance), {}};
    for (const std::uint16_t v : vregs) m.vregs.push_back(VregId(v));
    return m;
}
Message set(std::uint32_t instance, std::uint16_t vreg, const char* value) {
    return SetValue{Instance(instance), VregId(vreg), hex(value)};
}
Message subscribe(std::uint32_t instance) {
    return Subscribe{Instance(instance), std::nullopt};
}
const Message kKeepAlive = SetValue{Instance(0), VregId(0x0093), {0x10, 0x27}};  // 10000 ms

struct Request {
    const char* name;
    std::vector<std::string> chunks;  // MORE..., LAST
    std::vector<Message> expected;
    bool appEncoding = true;  // false: indefinite arrays, which the encoder writes definite
};

const std::vector<Request>& requests() {
    static const std::vector<Request> r = {
        {"H1", {"01"}, {GetDevices{}}},
        {"H2", {"03 00"}, {subscribe(0)}},
        {"H3", {"06 00 82 18 93 42 10 27 03 01 03 03"}, {kKeepAlive, subscribe(1), subscribe(3)}},
        {"H4",
         {"05 00 81 19 01 09 05 00 81 19 01 0A 05 00 81 19 EC 0F 05 00",
          "81 19 EC 0E 05 00 81 19 01 0C 05 00 81 18 90 05 00 81 19 EC", "3F 05 00 81 19 EC 12"},
         {get(0, {0x0109}), get(0, {0x010A}), get(0, {0xEC0F}), get(0, {0xEC0E}), get(0, {0x010C}),
          get(0, {0x0090}), get(0, {0xEC3F}), get(0, {0xEC12})}},
        {"H5", {"06 03 82 19 10 00 42 63 00"}, {set(3, 0x1000, "63 00")}},
        {"H6a", {"06 00 82 19 02 06 41 01"}, {set(0, 0x0206, "01")}},
        {"H6b", {"06 00 82 19 02 06 41 00"}, {set(0, 0x0206, "00")}},
        {"H7a", {"06 03 82 19 02 00 41 02"}, {set(3, 0x0200, "02")}},
        {"H7b", {"06 03 82 19 02 00 41 04"}, {set(3, 0x0200, "04")}},
        {"H7c", {"06 03 82 19 02 00 41 05"}, {set(3, 0x0200, "05")}},
        {"H8",
         {"05 01 81 19 01 10 06 00 82 18 93 42 10 27 06 03 82 19 20 31",
          "42 2F 02 06 00 82 18 93 42 10 27"},
         {get(1, {0x0110}), kKeepAlive, set(3, 0x2031, "2F 02"), kKeepAlive}},
        {"H9", {"05 00 82 19 EC 66 19 EC 65"}, {get(0, {0xEC66, 0xEC65})}},
        {"H10", {"06 03 82 19 EC 63 44 E6 5E 01 00"}, {set(3, 0xEC63, "E6 5E 01 00")}},
        {"H11", {"06 03 82 19 EC 5B 46 00 E9 5E 01 00 01"}, {set(3, 0xEC5B, "00 E9 5E 01 00 01")}},
        {"H12",
         {"03 00 9F 19 ED DB FF"},
         {Subscribe{Instance(0), std::vector<VregId>{VregId(0xEDDB)}}},
         false},
        {"H13", {"05 00 9F 19 EC 65 FF"}, {get(0, {0xEC65})}, false},
        {"H14", {"05 03 81 04"}, {get(3, {0x0004})}},
        {"H15", {"05 03 81 18 18"}, {get(3, {0x0018})}},
        {"H16a", {"0A 03"}, {GetPathList{Instance(3)}}},
        {"H16b", {"0B 03 85 00 01 02 03 04"}, {GetPathValues{Instance(3), {0, 1, 2, 3, 4}}}},
    };
    return r;
}

const Request& requestNamed(std::string_view name) {
    for (const Request& r : requests()) {
        if (r.name == name) return r;
    }
    ADD_FAILURE() << "no request " << name;
    return requests().front();
}

// The chunks of a request as one transfer.
Bytes joined(const Request& r) {
    Bytes out;
    for (const std::string& c : r.chunks) out = concat({out, hex(c)});
    return out;
}

TEST(BleRequestVectors, ChunksReassembleAndDecodeToTheRequests) {
    for (const Request& req : requests()) {
        SCOPED_TRACE(req.name);
        Recorder r;
        TransferAssembler assembler(r);
        Clock::time_point now{};
        for (std::size_t i = 0; i < req.chunks.size(); ++i) {
            const bool last = i + 1 == req.chunks.size();
            assembler.feed(last ? ChunkKind::Last : ChunkKind::More, hex(req.chunks[i]), now);
            now += milliseconds(15);
            EXPECT_EQ(r.transfers, last ? 1 : 0);
        }
        EXPECT_TRUE(r.errors.empty());
        EXPECT_EQ(r.messages, req.expected);
        EXPECT_EQ(assembler.counters().droppedTotal(), 0u);
    }
}

TEST(BleRequestVectors, EncoderAndChunkerReproduceTheAppsBytes) {
    const Chunker chunker(23);  // the SmartShunt's MTU (§1.3)
    for (const Request& req : requests()) {
        if (!req.appEncoding) continue;
        SCOPED_TRACE(req.name);
        const Bytes transfer = encodeTransfer(req.expected);
        const std::vector<Chunk> chunks = chunker.split(transfer);
        ASSERT_EQ(chunks.size(), req.chunks.size());
        for (std::size_t i = 0; i < chunks.size(); ++i) {
            EXPECT_EQ(toHexSpaced(chunks[i].bytes), toHexSpaced(hex(req.chunks[i])));
            EXPECT_EQ(chunks[i].kind, i + 1 == chunks.size() ? ChunkKind::Last : ChunkKind::More);
        }
    }
}

TEST(BleRequestVectors, IndefiniteRequestsAreReEncodedDefinite) {
    // ORIONTR's indefinite arrays (H12, H13) decode; the encoder writes what the app writes.
    EXPECT_EQ(encodeMessage(Subscribe{Instance(0), std::vector<VregId>{VregId(0xEDDB)}}),
              hex("03 00 81 19 ED DB"));
    EXPECT_EQ(encodeMessage(get(0, {0xEC65})), hex("05 00 81 19 EC 65"));
}

TEST(BleRequestVectors, SetPayloadValues) {
    EXPECT_EQ(le(std::get<SetValue>(kKeepAlive).value, 0, 2), 10000u);             // ms
    EXPECT_EQ(le(std::get<SetValue>(set(3, 0x1000, "63 00")).value, 0, 2), 99u);   // Ah
    EXPECT_EQ(le(std::get<SetValue>(set(3, 0x2031, "2F 02")).value, 0, 2), 559u);  // 09:19
    const Bytes trend = hex("00 E9 5E 01 00 01");  // H11: trend 0, time ref, 1 sample
    EXPECT_EQ(le(trend, 0, 1), 0u);
    EXPECT_EQ(le(trend, 1, 4), 0x00015EE9u);
    EXPECT_EQ(le(trend, 5, 1), 1u);
    EXPECT_EQ(le(hex("E6 5E 01 00"), 0, 4), 89830u);  // H10
}

// §3.1 steps 4-6: the device's answers, each one transfer.
TEST(BleInitSequence, DeviceAnswers) {
    struct Answer {
        const char* wire;
        std::vector<Message> expected;
    };
    const Message subscribed = CommandStatus{Instance(0), 3, commandstatus::kOk};
    const Answer answers[] = {
        {"02 9F 00 00 01 00 03 01 FF", {DeviceList{{0, 0, 1, 0, 3, 1}, true}}},
        {"07 00 03 00", {subscribed}},
        // 2021 SmartShunt: keep-alive unknown on its BLE chip, then two subscribe answers
        {"09 00 18 93 01 07 00 03 00 07 00 03 00",
         {VregError{Instance(0), VregId(0x0093), 1}, subscribed, subscribed}},
    };
    for (const Answer& a : answers) {
        const Bytes wire = hex(a.wire);
        const DecodedTransfer t = decodeTransfer(wire);
        EXPECT_FALSE(t.error.has_value()) << a.wire;
        EXPECT_EQ(t.messages, a.expected) << a.wire;
        EXPECT_EQ(encodeTransfer(t.messages), wire) << a.wire;
    }
}

// §6.7: one Get per register (the app's way), transfers as listed, at MTU 23.
struct StreamTransfer {
    std::vector<std::pair<std::uint32_t, std::vector<std::uint16_t>>> gets;  // instance, vregs
};

std::vector<Message> toMessages(const StreamTransfer& t) {
    std::vector<Message> out;
    for (const auto& [instance, vregs] : t.gets) {
        for (const std::uint16_t v : vregs) out.push_back(get(instance, {v}));
    }
    return out;
}

std::vector<std::uint16_t> range(std::uint16_t first, std::uint16_t last) {
    std::vector<std::uint16_t> out;
    for (std::uint32_t v = first; v <= last; ++v) out.push_back(static_cast<std::uint16_t>(v));
    return out;
}
std::vector<std::uint16_t> operator+(std::vector<std::uint16_t> a,
                                     const std::vector<std::uint16_t>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

const std::vector<StreamTransfer>& smartShuntStream() {
    static const std::vector<StreamTransfer> s = {
        {{{0, {0x0109, 0x010A, 0xEC0F, 0xEC0E, 0x010C, 0x0090, 0xEC3F, 0xEC12}}}},
        {{{1, {0x0100, 0x0100, 0x0100, 0x0109, 0x010A}},
          {3,
           {0x0109, 0x010A, 0x0102, 0xEC0F, 0xEC0E, 0x0110, 0x0FFF, 0x0018, 0xED8D, 0xED8F, 0xED8C,
            0xEEFF, 0xED7D, 0x0383, 0x0FFE, 0x034E, 0xEDEC, 0x0300, 0x0301, 0x0302, 0x0305}}}},
        {{{3, std::vector<std::uint16_t>{0x0306, 0x0307, 0x030E, 0x030F, 0x0310, 0x0311, 0x030A,
                                         0x030B, 0x0303, 0x0308, 0x0309, 0x0304, 0x1030, 0x031D,
                                         0x031E, 0xEEFC, 0x0328, 0x0329} +
                  range(0x0320, 0x0327)}}},
        {{{3, std::vector<std::uint16_t>{0x032C, 0x032D, 0x032A, 0x032B, 0x0331, 0x0332, 0x034F,
                                         0x034D, 0x100A, 0x100B, 0x1009} +
                  range(0x0350, 0x0357) +
                  std::vector<std::uint16_t>{0x035C, 0x035D, 0x035A, 0x035B, 0x0361, 0x0362,
                                             0x1000}}}},
        {{{3, {0x1001, 0x1002, 0x1003, 0x1005, 0x1004, 0x1006, 0x1007, 0x102C, 0x1029,
               0x0FFD, 0x1008, 0xEEFE, 0x0400, 0xEEF5, 0xEEE0, 0xEEE3, 0xEEE8, 0xEEE4,
               0xEEE5, 0xEEE6, 0xEEE1, 0xEEE7, 0xEEE2, 0xEEF6, 0xEEF8, 0xEEFB}}}},
        {{{3, {0xEEFA, 0xEEF7, 0xEEF4, 0x0150, 0x0090, 0x0091, 0x0004, 0x1034, 0xEC3F, 0xEC12}},
          {0, {0xEC13, 0xEC14, 0xEC15, 0xEC16}},
          {1, {0x0102, 0x0142, 0x0090, 0xEC3F, 0xEC12, 0x0102, 0xEC0F, 0xEC0E, 0x010C, 0x0110}}}},
        {{{0, {0xEC20}}}},
        {{{0, {0xEC17}}}},
    };
    return s;
}

std::vector<StreamTransfer> smartSolarStream() {
    std::vector<std::uint16_t> alternating;  // transfers 9-10: 10A0, 1051, 10A1, 1052, … 106A
    for (std::uint16_t k = 0; k <= 0x19; ++k) {
        alternating.push_back(static_cast<std::uint16_t>(0x10A0 + k));
        alternating.push_back(static_cast<std::uint16_t>(0x1051 + k));
    }
    const std::vector<std::uint16_t> nine(alternating.begin(), alternating.begin() + 26);
    const std::vector<std::uint16_t> ten(alternating.begin() + 26, alternating.end());
    return {
        {{{0, {0xEC0F, 0xEC0E, 0x010C, 0x0090, 0xEC3F, 0xEC12}}}},
        {{{1, {0x0100, 0x0100}},
          {3, {0x0100, 0x0100, 0xEDD4, 0xEC3F, 0xEC12, 0x0018, 0x0102, 0xEDBC,
               0xEDDC, 0xEDDD, 0x010A, 0x0140, 0x0150, 0x0201, 0xEDDA, 0xEDBB,
               0xECCB, 0xECCD, 0xECCC, 0xECDB, 0xECDD, 0xECDC, 0xECEB, 0xECED}}}},
        {{{3, {0xECEC, 0xECFB, 0xECFD, 0xECFC, 0xEDBD, 0xEDB8, 0xED8D, 0xED8F, 0xEDEC,
               0x2211, 0x2212, 0xEDA8, 0xEDAD, 0xEDA9, 0x034E, 0x2027, 0x2004, 0x0207,
               0x0205, 0x0244, 0x0200, 0x0202, 0xEDE8, 0x0004, 0xEDEF, 0xEDF1, 0xEDF0}}}},
        {{{3, {0xEDF7, 0xEDF6, 0xEDF4, 0xEDFB, 0xEDFD, 0xEDF2, 0xEDE6, 0xEDE0, 0xEDE2,
               0xED2E, 0xEDE3, 0xEDE4, 0xEDE5, 0xEDFE, 0xEDE7, 0xEDCA, 0xD0C0, 0xED2F,
               0xEDAB, 0xED9C, 0xED9D, 0xED90, 0xED9E, 0xED98, 0xEDD9, 0x100A}}}},
        {{{3, range(0x0350, 0x0353) + std::vector<std::uint16_t>{0xEDBA, 0xEDB9} +
                  range(0xEDA0, 0xEDA5) +
                  std::vector<std::uint16_t>{0xED9A, 0xED96, 0xED99, 0xED97, 0xED9B, 0xEDA7, 0x2031,
                                             0x0400, 0x0404, 0xEDCE, 0xEDDF, 0x1030, 0x104F,
                                             0x1050}}}},
        {{{3, nine}}},
        {{{3, ten}}},
        {{{3,
           {0x10BA, 0x106B, 0x10BB, 0x106C, 0x10BC, 0x106D, 0x10BD, 0x106E, 0x10BE, 0x0090,
            0x0091}},
          {0, {0xEC13, 0xEC14, 0xEC15, 0xEC16, 0xEC30}},
          {1, {0x0102, 0x0142}},
          {3, {0x0102, 0x0102}},
          {1, {0x0090, 0xEC3F, 0xEC12, 0x0102, 0xEC0F, 0xEC0E, 0x010C}}}},
    };
}

void expectStreamRoundTrips(const std::vector<StreamTransfer>& stream) {
    Recorder r;
    TransferAssembler assembler(r);
    const Chunker chunker(23);
    Clock::time_point now{};
    std::vector<Message> sent;
    std::size_t chunkCount = 0;
    for (const StreamTransfer& t : stream) {
        const std::vector<Message> messages = toMessages(t);
        sent.insert(sent.end(), messages.begin(), messages.end());
        const Bytes transfer = encodeTransfer(messages);
        for (const Chunk& c : chunker.split(transfer)) {
            EXPECT_LE(c.bytes.size(), 20u);
            assembler.feed(c.kind, c.bytes, now);
            now += milliseconds(15);
            ++chunkCount;
        }
    }
    EXPECT_EQ(r.transfers, static_cast<int>(stream.size()));
    EXPECT_EQ(r.messages, sent);  // zero leftover bytes, every register in order
    EXPECT_TRUE(r.errors.empty());
    EXPECT_EQ(assembler.counters().chunks, chunkCount);
}

TEST(BleRequestStreams, SmartShuntAppStreamRoundTrips) {
    expectStreamRoundTrips(smartShuntStream());
    // Its identification transfer is H4 byte for byte.
    EXPECT_EQ(encodeTransfer(toMessages(smartShuntStream()[0])), joined(requestNamed("H4")));
}

TEST(BleRequestStreams, SmartSolarAppStreamRoundTrips) {
    expectStreamRoundTrips(smartSolarStream());
    // Transfer 12: Get(1,[0x0110]), keep-alive, RTC set, keep-alive is H8.
    const std::vector<Message> twelve = {get(1, {0x0110}), kKeepAlive, set(3, 0x2031, "2F 02"),
                                         kKeepAlive};
    EXPECT_EQ(encodeTransfer(twelve), joined(requestNamed("H8")));
}

}  // namespace
}  // namespace vreglink::ble
