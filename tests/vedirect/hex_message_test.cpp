// Meaning of HEX frames (vedirect.md §3.2–3.3): the documented decoded value of every response
// vector (H1–H46, C1–C25), and the response builders a simulator uses.
#include "vedirect/hex_message.h"

#include "test_support.h"

#include <gtest/gtest.h>

namespace vreglink::vedirect {
namespace {

using testing::decodeWire;

struct Decoded {
    std::uint8_t command = 0;
    std::uint16_t id = 0;
    std::uint8_t flags = 0;
    Bytes value;
};

Decoded vreg(std::string_view wire) {
    const auto frame = decodeWire(wire);
    EXPECT_TRUE(frame) << wire;
    if (!frame) return {};
    const auto v = parseVregFrame(*frame);
    EXPECT_TRUE(v) << wire;
    if (!v) return {};
    return {frame->command(), v->id.value, v->flags, Bytes(v->value.begin(), v->value.end())};
}

std::uint16_t u16(const Bytes& v) {
    return v.size() == 2 ? readLe16(v.data()) : 0xDEAD;
}
std::int16_t s16(const Bytes& v) {
    return static_cast<std::int16_t>(u16(v));
}
std::uint32_t u32(const Bytes& v) {
    return v.size() == 4 ? readLe32(v.data()) : 0xDEADBEEF;
}
std::int32_t s32(const Bytes& v) {
    return static_cast<std::int32_t>(u32(v));
}
std::string str(const Bytes& v) {  // NUL-terminated or NUL-padded string (§3.3)
    std::string s(v.begin(), v.end());
    return s.substr(0, s.find('\0'));
}
std::optional<std::uint16_t> u16Of(std::string_view wire) {
    return parseU16(*decodeWire(wire));
}

TEST(HexMessage, PingAndVersions) {  // H1–H3, C1
    EXPECT_EQ(decodeWire(":51641F9")->command(), static_cast<std::uint8_t>(HexResponse::Ping));
    EXPECT_EQ(u16Of(":51641F9"), 0x4116);
    EXPECT_EQ(u16Of(":56141AE"), 0x4161);
    EXPECT_EQ(u16Of(":51444F8"), 0x4414);
    EXPECT_EQ(u16Of(":11641FD"), 0x4116);
    EXPECT_EQ(formatFirmwareVersion(0x4116), "1.16");
    EXPECT_EQ(formatFirmwareVersion(0x4161), "1.61");
    EXPECT_EQ(formatFirmwareVersion(0x4414), "4.14");
    EXPECT_EQ(encodeHexFrame(makeU16Response(HexResponse::Ping, 0x4116)), ":51641F9\n");
    EXPECT_EQ(encodeHexFrame(makeU16Response(HexResponse::Ping, 0x4161)), ":56141AE\n");
    EXPECT_EQ(encodeHexFrame(makeU16Response(HexResponse::Ping, 0x4414)), ":51444F8\n");
    EXPECT_EQ(encodeHexFrame(makeU16Response(HexResponse::Done, 0x4116)), ":11641FD\n");
}

TEST(HexMessage, ProductIds) {  // H4–H6, C2
    EXPECT_EQ(u16Of(":156A05E"), 0xA056);
    EXPECT_EQ(u16Of(":14BA069"), 0xA04B);
    EXPECT_EQ(u16Of(":189A328"), 0xA389);
    EXPECT_EQ(u16Of(":153A061"), 0xA053);
    EXPECT_EQ(encodeHexFrame(makeU16Response(HexResponse::Done, 0xA056)), ":156A05E\n");
    EXPECT_EQ(encodeHexFrame(makeU16Response(HexResponse::Done, 0xA053)), ":153A061\n");
}

TEST(HexMessage, ParseU16RejectsOtherFrames) {
    EXPECT_FALSE(u16Of(":4AAAAFD"));        // error response, not a Done/Ping
    EXPECT_FALSE(u16Of(":30250"));          // C21 unknown: 1 byte
    EXPECT_FALSE(u16Of(":7F0ED009600DB"));  // a Get response
    EXPECT_FALSE(parseU16(HexFrame(0x5, {})));
}

TEST(HexMessage, GetResponsesDecodeToDocumentedValues) {
    Decoded d = vreg(":70001000056A0FF58");  // H7
    EXPECT_EQ(d.id, 0x0100);
    EXPECT_EQ(d.value, (Bytes{0x00, 0x56, 0xA0, 0xFF}));
    EXPECT_EQ(vreg(":70001000089A3FE23").value, (Bytes{0x00, 0x89, 0xA3, 0xFE}));  // H8
    d = vreg(":7F0ED009600DB");                                                    // H9
    EXPECT_EQ(d.command, 0x7);
    EXPECT_EQ(d.id, 0xEDF0);
    EXPECT_EQ(d.flags, 0);
    EXPECT_EQ(u16(d.value), 150);
    EXPECT_EQ(s16(vreg(":7F2ED00ACF9CA").value), -1620);       // H10
    EXPECT_EQ(u16(vreg(":7F7ED00A005C5").value), 1440);        // H11
    EXPECT_EQ(u16(vreg(":7F6ED00640502").value), 1380);        // H12
    EXPECT_EQ(u16(vreg(":7FBED0058020C").value), 600);         // H13
    EXPECT_EQ(vreg(":7EFED000C66").value, Bytes{12});          // H14 un8
    EXPECT_EQ(u16(vreg(":7ECED00FFFF77").value), 0xFFFF);      // H15
    EXPECT_EQ(u16(vreg(":7ECED00316FD5").value), 28465);       // H16
    EXPECT_EQ(u16(vreg(":7E6ED00FFFF7D").value), 0xFFFF);      // H17
    EXPECT_EQ(u32(vreg(":7DDED00D734000079").value), 13527u);  // H18
    EXPECT_EQ(s16(vreg(":7DBED00680B13").value), 2920);        // H19
    EXPECT_EQ(u16(vreg(":7D5ED00A404E4").value), 1188);        // H20
    EXPECT_EQ(u32(vreg(":7BCED0095360000DA").value), 13973u);  // H21
    EXPECT_EQ(u16(vreg(":7B8ED0074270E").value), 10100);       // H22
    EXPECT_EQ(u32(vreg(":70702000100000044").value), 1u);      // H26
    EXPECT_EQ(vreg(":70102000348").value, Bytes{3});           // H27
    EXPECT_EQ(u16(vreg(":7FF0F004F1BD6").value), 6991);        // H28
    EXPECT_EQ(s32(vreg(":78CED006AFFFFFF6E").value), -150);    // H29
    EXPECT_EQ(s32(vreg(":7FFEE00FAFAFFFF6F").value), -1286);   // H30
    EXPECT_EQ(u16(vreg(":77DED00FF7F66").value), 0x7FFF);      // H31
    EXPECT_EQ(u16(vreg(":7001000C80076").value), 200);         // C3
    EXPECT_EQ(s16(vreg(":78FED0085FF4E").value), -123);        // C24
}

TEST(HexMessage, StringPayloads) {
    const Decoded h23 = vreg(":70A01004851313934393952484335000000000088");
    EXPECT_EQ(h23.id, 0x010A);
    EXPECT_EQ(h23.value.size(), 16u);
    EXPECT_EQ(str(h23.value), "HQ19499RHC5");
    const Decoded h24 =
        vreg(":70B0100536D617274536F6C61722043686172676572204D505054203130302F333000BA");
    EXPECT_EQ(str(h24.value), "SmartSolar Charger MPPT 100/30");
    EXPECT_EQ(h24.value.back(), 0);
    EXPECT_EQ(str(vreg(":70B0100424D562D536D6172745368756E7420353030412F35306D5600CA").value),
              "BMV-SmartShunt 500A/50mV");  // H25
    const Decoded c23 = vreg(":70A010048513233303141424344450095");
    EXPECT_EQ(c23.value.size(), 12u);
    EXPECT_EQ(str(c23.value), "HQ2301ABCDE");
}

TEST(HexMessage, AsyncFrames) {  // H33–H45, C25
    struct A {
        const char* wire;
        std::uint16_t id;
        std::int64_t value;
        bool isSigned;
    };
    const A cases[] = {
        {":A132000FFFFFF7F9C", 0x2013, 0x7FFFFFFF, true},
        {":A2720007837000055", 0x2027, 14200, false},
        {":A032000FF7FAA", 0x2003, 0x7FFF, true},
        {":AD5ED00AF0AD0", 0xEDD5, 2735, false},
        {":ABBED00C52AB4", 0xEDBB, 10949, false},
        {":ABCED008B360000E1", 0xEDBC, 13963, false},
        {":ABDED000C0095", 0xEDBD, 12, false},
        {":A0202000200000045", 0x0202, 2, false},
        {":ADBED001A0D5C", 0xEDDB, 3354, true},
        {":A2001002200000008", 0x0120, 34, false},
        {":A8DED00970832", 0xED8D, 2199, false},
        {":A0E2000011C", 0x200E, 1, false},
        {":A0920000022", 0x2009, 0, false},
        {":A0102000345", 0x0201, 3, false},
    };
    for (const A& a : cases) {
        const Decoded d = vreg(a.wire);
        EXPECT_EQ(d.command, static_cast<std::uint8_t>(HexResponse::Async)) << a.wire;
        EXPECT_EQ(d.id, a.id) << a.wire;
        EXPECT_EQ(d.flags, 0) << a.wire;
        std::int64_t v = 0;
        switch (d.value.size()) {
            case 1:
                v = d.value[0];
                break;
            case 2:
                v = a.isSigned ? s16(d.value) : u16(d.value);
                break;
            case 4:
                v = a.isSigned ? std::int64_t{s32(d.value)} : std::int64_t{u32(d.value)};
                break;
            default:
                ADD_FAILURE() << a.wire;
        }
        EXPECT_EQ(v, a.value) << a.wire;
        // The simulator builds the same bytes.
        const auto built = makeVregResponse(HexResponse::Async, VregId(a.id), 0, d.value);
        ASSERT_TRUE(built);
        EXPECT_EQ(encodeHexFrame(*built), std::string(a.wire) + "\n");
    }
}

TEST(HexMessage, HistoryDayRecord) {  // C18/C19
    const Decoded d =
        vreg(":7501000002A00000000000000AC05F60400000000005F003C007800360100007B000A0F390002");
    EXPECT_EQ(d.id, 0x1050);
    ASSERT_EQ(d.value.size(), 34u);
    const std::uint8_t* p = d.value.data();
    EXPECT_EQ(p[0], 0);                 // record version
    EXPECT_EQ(readLe32(p + 1), 42u);    // yield 0.42 kWh
    EXPECT_EQ(readLe16(p + 9), 1452);   // Vmax 14.52
    EXPECT_EQ(readLe16(p + 11), 1270);  // Vmin 12.70
    EXPECT_EQ(readLe16(p + 18), 95);    // bulk minutes
    EXPECT_EQ(readLe16(p + 20), 60);    // absorption
    EXPECT_EQ(readLe16(p + 22), 120);   // float
    EXPECT_EQ(readLe16(p + 24), 310);   // Pmax W
    EXPECT_EQ(readLe16(p + 28), 123);   // Imax 12.3 A
    EXPECT_EQ(readLe16(p + 30), 3850);  // Voc max 38.50 V
    EXPECT_EQ(readLe16(p + 32), 57);    // day sequence
}

TEST(HexMessage, ErrorResponsesOmitTheValue) {
    const std::uint8_t junk[] = {0x12, 0x34};
    // H32 / C17: unknown id.
    auto f = makeVregResponse(HexResponse::Get, VregId(0x7777), hexflags::kUnknownId, junk);
    EXPECT_EQ(encodeHexFrame(*f), ":77777015F\n");
    EXPECT_EQ(encodeHexFrame(*makeVregResponse(HexResponse::Get, VregId(0x0FFF), 1, {})),
              ":7FF0F013F\n");
    // C6: parameter error; C7: not supported.
    f = makeVregResponse(HexResponse::Set, VregId(0xEDF7), hexflags::kParameterError, junk);
    EXPECT_EQ(encodeHexFrame(*f), ":8F7ED0465\n");
    f = makeVregResponse(HexResponse::Set, VregId(0xEDBB), hexflags::kNotSupported, junk);
    EXPECT_EQ(encodeHexFrame(*f), ":8BBED02A3\n");
    const Decoded d = vreg(":77777015F");
    EXPECT_EQ(d.flags, 1);
    EXPECT_TRUE(d.value.empty());
    EXPECT_EQ(statusFromFlags(d.flags), VregStatus::notSupported());
    EXPECT_EQ(statusFromFlags(vreg(":8F7ED0465").flags), VregStatus::invalid());
    EXPECT_EQ(statusFromFlags(vreg(":8BBED02A3").flags), VregStatus::notSupported());
}

TEST(HexMessage, GetAndSetEchoResponses) {  // C3–C5, C8–C16
    const std::uint8_t v[] = {0x96, 0x00};
    EXPECT_EQ(encodeHexFrame(*makeVregResponse(HexResponse::Set, VregId(0xEDF0), 0, v)),
              ":8F0ED009600DA\n");
    const std::uint8_t cap[] = {0xC8, 0x00};
    EXPECT_EQ(encodeHexFrame(*makeVregResponse(HexResponse::Get, VregId(0x1000), 0, cap)),
              ":7001000C80076\n");
    const Decoded c15 = vreg(":84E030001FB");
    EXPECT_EQ(c15.command, 0x8);
    EXPECT_EQ(c15.id, 0x034E);
    EXPECT_EQ(c15.value, Bytes{1});
}

TEST(HexMessage, SizeLimits) {
    const std::vector<std::uint8_t> fits(kMaxHexPayload - 3, 0x41);
    const std::vector<std::uint8_t> tooBig(kMaxHexPayload - 2, 0x41);
    EXPECT_TRUE(makeSet(VregId(0x010B), fits));
    EXPECT_FALSE(makeSet(VregId(0x010B), tooBig));
    EXPECT_FALSE(makeVregResponse(HexResponse::Get, VregId(0x010B), 0, tooBig));
    // With flags the value is dropped, so the size does not matter.
    EXPECT_TRUE(makeVregResponse(HexResponse::Get, VregId(0x010B), 1, tooBig));
}

TEST(HexMessage, ParseVregFrameRejectsOtherFrames) {
    EXPECT_FALSE(parseVregFrame(*decodeWire(":4AAAAFD")));
    EXPECT_FALSE(parseVregFrame(*decodeWire(":51641F9")));
    const std::uint8_t shortPayload[] = {0xF0, 0xED};
    EXPECT_FALSE(parseVregFrame(HexFrame(0x7, shortPayload)));
    const std::uint8_t header[] = {0xF0, 0xED, 0x00};
    const auto empty = parseVregFrame(HexFrame(0x8, header));
    ASSERT_TRUE(empty);
    EXPECT_TRUE(empty->value.empty());
}

TEST(HexMessage, StatusFromFlags) {
    EXPECT_EQ(statusFromFlags(0x00).code, 0x0000);
    EXPECT_EQ(statusFromFlags(0x01).code, 0x8100);
    EXPECT_EQ(statusFromFlags(0x02).code, 0x8100);
    EXPECT_EQ(statusFromFlags(0x04).code, 0x8300);
    EXPECT_EQ(statusFromFlags(0x03).code, 0x8300);
    EXPECT_EQ(statusFromFlags(0x80).code, 0x8300);
}

TEST(HexMessage, DescribeFlags) {
    EXPECT_EQ(describeFlags(0), "ok");
    EXPECT_EQ(describeFlags(0x01), "unknown id");
    EXPECT_EQ(describeFlags(0x02), "not supported");
    EXPECT_EQ(describeFlags(0x04), "parameter error");
    EXPECT_EQ(describeFlags(0x05), "unknown id+parameter error");
    EXPECT_EQ(describeFlags(0x81), "unknown id+0x80");
}

TEST(HexMessage, FirmwareVersionUsesLow12Bits) {
    EXPECT_EQ(formatFirmwareVersion(0x0161), "1.61");
    EXPECT_EQ(formatFirmwareVersion(0x4208), "2.08");
}

}  // namespace
}  // namespace vreglink::vedirect
