// Every HEX vector of vedirect-vectors.md §2 (H1–H46, C1–C25): each frame decodes, verifies and
// re-encodes byte for byte; each request is what the make* functions build.
#include "vedirect/hex_message.h"

#include "test_support.h"

#include <gtest/gtest.h>

#include <optional>

namespace vreglink::vedirect {
namespace {

using testing::decodeWire;

struct Vector {
    const char* name;
    const char* request;            // "" when none
    const char* response;           // "" when none
    std::optional<HexFrame> built;  // the request as the API builds it
};

HexFrame get(std::uint16_t id) {
    return makeGet(VregId(id));
}
HexFrame set(std::uint16_t id, std::initializer_list<std::uint8_t> v) {
    return *makeSet(VregId(id), ByteView(v.begin(), v.size()));
}
HexFrame cmd(HexCommand c) {
    return makeCommand(c);
}

const std::vector<Vector>& vectors() {
    static const std::vector<Vector> v = {
        {"H1", ":154", ":51641F9", cmd(HexCommand::Ping)},
        {"H2", ":154", ":56141AE", cmd(HexCommand::Ping)},
        {"H3", ":154", ":51444F8", cmd(HexCommand::Ping)},
        {"H4", ":451", ":156A05E", cmd(HexCommand::ProductId)},
        {"H5", ":451", ":14BA069", cmd(HexCommand::ProductId)},
        {"H6", ":451", ":189A328", cmd(HexCommand::ProductId)},
        {"H7", ":70001004D", ":70001000056A0FF58", get(0x0100)},
        {"H8", ":70001004D", ":70001000089A3FE23", get(0x0100)},
        {"H9", ":7F0ED0071", ":7F0ED009600DB", get(0xEDF0)},
        {"H10", ":7F2ED006F", ":7F2ED00ACF9CA", get(0xEDF2)},
        {"H11", ":7F7ED006A", ":7F7ED00A005C5", get(0xEDF7)},
        {"H12", ":7F6ED006B", ":7F6ED00640502", get(0xEDF6)},
        {"H13", ":7FBED0066", ":7FBED0058020C", get(0xEDFB)},
        {"H14", ":7EFED0072", ":7EFED000C66", get(0xEDEF)},
        {"H15", ":7ECED0075", ":7ECED00FFFF77", get(0xEDEC)},
        {"H16", ":7ECED0075", ":7ECED00316FD5", get(0xEDEC)},
        {"H17", ":7E6ED007B", ":7E6ED00FFFF7D", get(0xEDE6)},
        {"H18", ":7DDED0084", ":7DDED00D734000079", get(0xEDDD)},
        {"H19", ":7DBED0086", ":7DBED00680B13", get(0xEDDB)},
        {"H20", ":7D5ED008C", ":7D5ED00A404E4", get(0xEDD5)},
        {"H21", ":7BCED00A5", ":7BCED0095360000DA", get(0xEDBC)},
        {"H22", ":7B8ED00A9", ":7B8ED0074270E", get(0xEDB8)},
        {"H23", ":70A010043", ":70A01004851313934393952484335000000000088", get(0x010A)},
        {"H24", ":70B010042",
         ":70B0100536D617274536F6C61722043686172676572204D505054203130302F333000BA", get(0x010B)},
        {"H25", ":70B010042", ":70B0100424D562D536D6172745368756E7420353030412F35306D5600CA",
         get(0x010B)},
        {"H26", ":707020045", ":70702000100000044", get(0x0207)},
        {"H27", ":70102004B", ":70102000348", get(0x0201)},
        {"H28", ":7FF0F0040", ":7FF0F004F1BD6", get(0x0FFF)},
        {"H29", ":78CED00D5", ":78CED006AFFFFFF6E", get(0xED8C)},
        {"H30", ":7FFEE0061", ":7FFEE00FAFAFFFF6F", get(0xEEFF)},
        {"H31", ":77DED00E4", ":77DED00FF7F66", get(0xED7D)},
        {"H32", ":777770060", ":77777015F", get(0x7777)},
        {"H33", "", ":A132000FFFFFF7F9C", std::nullopt},
        {"H34", "", ":A2720007837000055", std::nullopt},
        {"H35", "", ":A032000FF7FAA", std::nullopt},
        {"H36", "", ":AD5ED00AF0AD0", std::nullopt},
        {"H37", "", ":ABBED00C52AB4", std::nullopt},
        {"H38", "", ":ABCED008B360000E1", std::nullopt},
        {"H39", "", ":ABDED000C0095", std::nullopt},
        {"H40", "", ":A0202000200000045", std::nullopt},
        {"H41", "", ":ADBED001A0D5C", std::nullopt},
        {"H42", "", ":A2001002200000008", std::nullopt},
        {"H43", "", ":A8DED00970832", std::nullopt},
        {"H44", "", ":A0E2000011C", std::nullopt},
        {"H45", "", ":A0920000022", std::nullopt},
        {"H46", "", ":4AAAAFD", std::nullopt},
        {"C1", ":352", ":11641FD", cmd(HexCommand::AppVersion)},
        {"C2", ":451", ":153A061", cmd(HexCommand::ProductId)},
        {"C3", ":70010003E", ":7001000C80076", get(0x1000)},
        {"C4", ":8F0ED009600DA", ":8F0ED009600DA", set(0xEDF0, {0x96, 0x00})},
        {"C5", ":8F7ED00A005C4", ":8F7ED00A005C4", set(0xEDF7, {0xA0, 0x05})},
        {"C6", ":8F7ED00AC2697", ":8F7ED0465", set(0xEDF7, {0xAC, 0x26})},
        {"C7", ":8BBED000100A4", ":8BBED02A3", set(0xEDBB, {0x01, 0x00})},
        {"C8", ":81520006400B4", ":81520006400B4", set(0x2015, {0x64, 0x00})},
        {"C9", ":80120008C059B", ":80120008C059B", set(0x2001, {0x8C, 0x05})},
        {"C10", ":80E20000916", ":80E20000916", set(0x200E, {0x09})},
        {"C11", ":80002000447", ":80002000447", set(0x0200, {0x04})},
        {"C12", ":8000200014A", ":8000200014A", set(0x0200, {0x01})},
        {"C13", ":8ABED0004B1", ":8ABED0004B1", set(0xEDAB, {0x04})},
        {"C14", ":8ABED0000B5", ":8ABED0000B5", set(0xEDAB, {0x00})},
        {"C15", ":84E030001FB", ":84E030001FB", set(0x034E, {0x01})},
        {"C16", ":84D030001FC", ":84D030001FC", set(0x034D, {0x01})},
        {"C17", ":7FF0F0040", ":7FF0F013F", get(0x0FFF)},
        {"C18", ":7501000EE", "", get(0x1050)},
        {"C19", "",
         ":7501000002A00000000000000AC05F60400000000005F003C007800360100007B000A0F390002",
         std::nullopt},
        {"C20", "", ":4AAAAFD", std::nullopt},  // request deliberately invalid, see below
        {"C21", ":253", ":30250", HexFrame(0x2, {})},
        {"C22", ":64F", "", cmd(HexCommand::Restart)},
        {"C23", ":70A010043", ":70A010048513233303141424344450095", get(0x010A)},
        {"C24", ":78FED00D2", ":78FED0085FF4E", get(0xED8F)},
        {"C25", "", ":A0102000345", std::nullopt},
    };
    return v;
}

TEST(HexVectors, AllFramesDecodeAndReencodeByteExact) {
    std::size_t frames = 0;
    for (const Vector& v : vectors()) {
        for (const std::string_view wire :
             {std::string_view(v.request), std::string_view(v.response)}) {
            if (wire.empty()) continue;
            HexFrameError error{};
            const auto frame = decodeWire(wire, &error);
            ASSERT_TRUE(frame) << v.name << " " << wire << " " << hexFrameErrorName(error);
            EXPECT_EQ(encodeHexFrame(*frame), std::string(wire) + "\n") << v.name;
            ++frames;
        }
    }
    EXPECT_EQ(vectors().size(), 46u + 25u);
    EXPECT_GE(frames, 110u);
}

TEST(HexVectors, RequestsAreBuiltByteExact) {
    for (const Vector& v : vectors()) {
        if (!v.built) continue;
        EXPECT_EQ(encodeHexFrame(*v.built), std::string(v.request) + "\n") << v.name;
    }
}

TEST(HexVectors, C20WrongChecksumIsAFrameError) {
    HexFrameError error{};
    EXPECT_FALSE(decodeWire(":7F0ED0070", &error));
    EXPECT_EQ(error, HexFrameError::Checksum);
    EXPECT_EQ(encodeHexFrame(makeFrameErrorResponse()), ":4AAAAFD\n");  // C20, H46
}

}  // namespace
}  // namespace vreglink::vedirect
