// Every single device->host message of ble-gatt.md §6.1 (#1-#49): decoded to the exact message
// (opcode, instance, register, payload bytes / error code), re-encoded to the same bytes (the
// devices use the shortest forms too), and the payload read as the register's value.
#include "ble/message_encoder.h"
#include "ble/transfer_decoder.h"

#include "test_support.h"

#include <gtest/gtest.h>

#include <string>

namespace vreglink::ble {
namespace {

using testing::hex;
using testing::le;
using testing::sn16;
using testing::sn32;

Message value(std::uint32_t instance, std::uint16_t vreg, const char* payload) {
    return Value{Instance(instance), VregId(vreg), hex(payload)};
}
Message vregError(std::uint32_t instance, std::uint16_t vreg, std::uint32_t code) {
    return VregError{Instance(instance), VregId(vreg), code};
}

struct Vector {
    const char* number;
    const char* wire;
    std::vector<Message> expected;
};

const std::vector<Vector>& vectors() {
    static const std::vector<Vector> v = {
        {"1", "08 03 19 ED 8C 44 46 FC FF FF", {value(3, 0xED8C, "46 FC FF FF")}},
        {"2", "08 03 19 ED 8E 42 F3 FF", {value(3, 0xED8E, "F3 FF")}},
        {"3", "08 03 19 ED 7D 42 FF FF", {value(3, 0xED7D, "FF FF")}},
        {"4", "08 03 19 ED 8D 42 2F 05", {value(3, 0xED8D, "2F 05")}},
        {"5", "08 03 19 0F FF 42 10 27", {value(3, 0x0FFF, "10 27")}},
        {"6", "08 03 19 03 08 44 C5 32 00 00", {value(3, 0x0308, "C5 32 00 00")}},
        {"7", "08 03 19 ED 8F 42 F7 FF", {value(3, 0xED8F, "F7 FF")}},
        {"8", "08 03 19 ED 8F 42 F8 FF", {value(3, 0xED8F, "F8 FF")}},
        {"9", "08 03 19 ED 8C 44 4E FC FF FF", {value(3, 0xED8C, "4E FC FF FF")}},
        {"10", "08 03 19 ED 8E 42 AA FF", {value(3, 0xED8E, "AA FF")}},
        {"11", "08 03 19 0F FE 42 B1 06", {value(3, 0x0FFE, "B1 06")}},
        {"12", "08 00 19 EC 30 41 02", {value(0, 0xEC30, "02")}},
        {"13", "08 03 19 ED 8C 44 F9 E6 FF FF", {value(3, 0xED8C, "F9 E6 FF FF")}},
        {"14", "08 00 19 01 20 44 12 07 00 00", {value(0, 0x0120, "12 07 00 00")}},
        {"14b", "08 00 19 01 20 44 13 07 00 00", {value(0, 0x0120, "13 07 00 00")}},
        {"14c", "08 00 19 01 20 44 14 07 00 00", {value(0, 0x0120, "14 07 00 00")}},
        {"15", "08 00 19 ED BB 42 C5 04", {value(0, 0xEDBB, "C5 04")}},
        {"15b", "08 00 19 ED BB 42 C6 04", {value(0, 0xEDBB, "C6 04")}},
        {"16", "08 00 19 ED DB 42 54 01", {value(0, 0xEDDB, "54 01")}},
        {"16b", "08 00 19 ED DB 42 5E 01", {value(0, 0xEDDB, "5E 01")}},
        {"17", "02 9F 00 00 01 00 03 01 FF", {DeviceList{{0, 0, 1, 0, 3, 1}, /*indefinite=*/true}}},
        {"18", "07 00 03 00", {CommandStatus{Instance(0), 3, commandstatus::kOk}}},
        {"19", "09 00 18 93 01", {vregError(0, 0x0093, vregerror::kUnknownVreg)}},
        {"20", "09 00 19 01 0A 01", {vregError(0, 0x010A, 1)}},
        {"21", "09 01 19 EC 0E 01", {vregError(1, 0xEC0E, 1)}},
        {"22",
         "08 00 19 01 09 48 AF 9B FF 0C 13 38 E6 00",
         {value(0, 0x0109, "AF 9B FF 0C 13 38 E6 00")}},
        {"23", "08 00 19 EC 3F 41 01", {value(0, 0xEC3F, "01")}},
        {"24", "08 00 19 EC 12 42 41 89", {value(0, 0xEC12, "41 89")}},
        {"25", "08 01 19 01 00 44 00 00 FE FE", {value(1, 0x0100, "00 00 FE FE")}},
        {"26", "08 03 19 01 50 44 01 00 00 00", {value(3, 0x0150, "01 00 00 00")}},
        {"27", "08 03 18 90 41 01", {value(3, 0x0090, "01")}},
        {"28", "08 03 19 03 08 44 D0 ED 02 00", {value(3, 0x0308, "D0 ED 02 00")}},
        {"29", "08 03 19 03 05 44 2E CF FF FF", {value(3, 0x0305, "2E CF FF FF")}},
        {"30", "08 03 19 EE FF 44 7B FE FF FF", {value(3, 0xEEFF, "7B FE FF FF")}},
        {"31", "08 03 19 0F FE 42 30 10", {value(3, 0x0FFE, "30 10")}},
        {"32", "08 00 18 91 42 00 00", {value(0, 0x0091, "00 00")}},
        {"33", "09 00 04 03", {vregError(0, 0x0004, vregerror::kNotReadable)}},
        {"33b", "09 03 04 03", {vregError(3, 0x0004, vregerror::kNotReadable)}},
        {"34", "09 03 18 18 01", {vregError(3, 0x0018, 1)}},
        {"35",
         "08 00 19 EC 13 50 FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF",
         {value(0, 0xEC13, "FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF")}},
        {"36", "08 00 19 EC 14 40", {value(0, 0xEC14, "")}},
        {"37",
         "08 03 19 01 0A 4B 48 51 32 31 30 34 50 43 39 54 55",
         {value(3, 0x010A, "48 51 32 31 30 34 50 43 39 54 55")}},
        {"38",
         "08 01 19 01 0C 4C 6E 52 46 35 78 2D 55 41 52 54 30 00",
         {value(1, 0x010C, "6E 52 46 35 78 2D 55 41 52 54 30 00")}},
        {"39", "08 03 19 01 02 44 00 56 01 00", {value(3, 0x0102, "00 56 01 00")}},
        {"40",
         "08 00 19 01 02 44 00 FF 21 03 09 00 10 01",
         {value(0, 0x0102, "00 FF 21 03"), vregError(0, 0x0010, 1)}},
        {"41", "08 00 19 02 01 41 06", {value(0, 0x0201, "06")}},
        {"42", "08 03 19 22 00 42 D9 59", {value(3, 0x2200, "D9 59")}},
        {"43", "08 03 19 ED 8D 42 16 05", {value(3, 0xED8D, "16 05")}},
        {"44", "08 03 19 02 00 41 05", {value(3, 0x0200, "05")}},
        {"45", "08 03 19 EC 8A 42 04 00", {value(3, 0xEC8A, "04 00")}},
        {"46", "08 03 19 ED BC 44 83 01 00 00", {value(3, 0xEDBC, "83 01 00 00")}},
        {"47", "08 03 19 EC 5A 44 E6 06 12 00", {value(3, 0xEC5A, "E6 06 12 00")}},
        {"48", "08 03 19 ED BB 42 2B 0D", {value(3, 0xEDBB, "2B 0D")}},
        {"49", "08 00 19 ED 8D 42 FF 7F", {value(0, 0xED8D, "FF 7F")}},
    };
    return v;
}

TEST(BleMessageVectors, EveryVectorDecodesToItsMessages) {
    ASSERT_EQ(vectors().size(), 54u);  // #1-#49 plus the alternates the spec lists
    for (const Vector& v : vectors()) {
        SCOPED_TRACE(std::string("§6.1 #") + v.number + ": " + v.wire);
        const Bytes wire = hex(v.wire);
        const DecodedTransfer t = decodeTransfer(wire);
        EXPECT_FALSE(t.error.has_value());
        EXPECT_EQ(t.paddingBytes, 0u);
        EXPECT_EQ(t.messages, v.expected);
    }
}

TEST(BleMessageVectors, EveryVectorReEncodesToTheSameBytes) {
    for (const Vector& v : vectors()) {
        SCOPED_TRACE(std::string("§6.1 #") + v.number);
        EXPECT_EQ(toHexSpaced(encodeTransfer(v.expected)), toHexSpaced(hex(v.wire)));
    }
}

// The single Value payload of a one-message vector.
Bytes payload(const char* wire) {
    const Bytes bytes = hex(wire);
    const DecodedTransfer t = decodeTransfer(bytes);
    EXPECT_FALSE(t.error.has_value()) << wire;
    EXPECT_EQ(t.messages.size(), 1u) << wire;
    if (t.messages.empty()) return {};
    const Value* v = std::get_if<Value>(&t.messages.front());
    EXPECT_NE(v, nullptr) << wire;
    return v != nullptr ? v->payload : Bytes{};
}

TEST(BleMessageVectors, SmartShuntValues) {
    EXPECT_EQ(sn32(payload("08 03 19 ED 8C 44 46 FC FF FF")), -954);  // -0.954 A
    EXPECT_EQ(sn16(payload("08 03 19 ED 8E 42 F3 FF")), -13);         // -13 W
    EXPECT_EQ(sn16(payload("08 03 19 ED 7D 42 FF FF")), -1);          // -0.01 V
    EXPECT_EQ(sn16(payload("08 03 19 ED 8D 42 2F 05")), 1327);        // 13.27 V
    EXPECT_EQ(le(payload("08 03 19 0F FF 42 10 27"), 0, 2), 10000u);  // 100.00 %
    EXPECT_EQ(sn32(payload("08 03 19 03 08 44 C5 32 00 00")), 12997);
    EXPECT_EQ(sn16(payload("08 03 19 ED 8F 42 F7 FF")), -9);  // -0.9 A
    EXPECT_EQ(sn16(payload("08 03 19 ED 8F 42 F8 FF")), -8);
    EXPECT_EQ(sn32(payload("08 03 19 ED 8C 44 4E FC FF FF")), -946);
    EXPECT_EQ(sn16(payload("08 03 19 ED 8E 42 AA FF")), -86);
    EXPECT_EQ(le(payload("08 03 19 0F FE 42 B1 06"), 0, 2), 1713u);  // min
    EXPECT_EQ(le(payload("08 00 19 EC 30 41 02"), 0, 1), 2u);
    EXPECT_EQ(sn32(payload("08 03 19 ED 8C 44 F9 E6 FF FF")), -6407);
    EXPECT_EQ(sn32(payload("08 03 19 03 08 44 D0 ED 02 00")), 191952);
    EXPECT_EQ(sn32(payload("08 03 19 03 05 44 2E CF FF FF")), -12498);  // -1249.8 Ah
    EXPECT_EQ(sn32(payload("08 03 19 EE FF 44 7B FE FF FF")), -389);    // -38.9 Ah
    EXPECT_EQ(le(payload("08 03 19 0F FE 42 30 10"), 0, 2), 4144u);
    EXPECT_EQ(le(payload("08 03 19 01 50 44 01 00 00 00"), 0, 4), 1u);
    EXPECT_EQ(le(payload("08 03 18 90 41 01"), 0, 1), 1u);
}

TEST(BleMessageVectors, OrionAndBleChipValues) {
    EXPECT_EQ(le(payload("08 00 19 01 20 44 12 07 00 00"), 0, 4), 1810u);
    EXPECT_EQ(le(payload("08 00 19 01 20 44 14 07 00 00"), 0, 4), 1812u);
    EXPECT_EQ(le(payload("08 00 19 ED BB 42 C5 04"), 0, 2), 1221u);  // 12.21 V
    EXPECT_EQ(le(payload("08 00 19 ED BB 42 C6 04"), 0, 2), 1222u);
    EXPECT_EQ(sn16(payload("08 00 19 ED DB 42 54 01")), 340);  // 3.40 degC
    EXPECT_EQ(sn16(payload("08 00 19 ED DB 42 5E 01")), 350);
    EXPECT_EQ(sn16(payload("08 00 19 ED 8D 42 FF 7F")), 0x7FFF);  // not available
    EXPECT_EQ(le(payload("08 00 18 91 42 00 00"), 0, 2), 0u);
    EXPECT_EQ(payload("08 00 19 EC 12 42 41 89"), hex("41 89"));
    EXPECT_EQ(payload("08 00 19 EC 14 40").size(), 0u);  // empty network name
    EXPECT_EQ(payload("08 00 19 EC 13 50 FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF"),
              Bytes(16, 0xFF));
    EXPECT_EQ(payload("08 00 19 01 09 48 AF 9B FF 0C 13 38 E6 00").size(), 8u);

    // 0x0100 ProductId on the UART bridge: identifier 0x00, product 0xFE00, flags 0xFE (§4.5).
    const Bytes pid = payload("08 01 19 01 00 44 00 00 FE FE");
    EXPECT_EQ(le(pid, 0, 1), 0x00u);
    EXPECT_EQ(le(pid, 1, 2), 0xFE00u);
    EXPECT_EQ(le(pid, 3, 1), 0xFEu);
}

TEST(BleMessageVectors, StringsAndFirmwareVersions) {
    const Bytes serial = payload("08 03 19 01 0A 4B 48 51 32 31 30 34 50 43 39 54 55");
    EXPECT_EQ(std::string(serial.begin(), serial.end()), "HQ2104PC9TU");  // no padding (§4.5)
    const Bytes description = payload("08 01 19 01 0C 4C 6E 52 46 35 78 2D 55 41 52 54 30 00");
    EXPECT_EQ(std::string(description.begin(), description.end()),
              std::string("nRF5x-UART0\0", 12));

    // 0x0102: un8 identifier + un24 0xHHMMLL (§4.5).
    const Bytes v156 = payload("08 03 19 01 02 44 00 56 01 00");
    EXPECT_EQ(le(v156, 1, 3), 0x000156u);  // v1.56
    const Bytes twoMessages = hex("08 00 19 01 02 44 00 FF 21 03 09 00 10 01");
    const DecodedTransfer t = decodeTransfer(twoMessages);
    ASSERT_EQ(t.messages.size(), 2u);
    EXPECT_EQ(le(std::get<Value>(t.messages[0]).payload, 1, 3), 0x0321FFu);  // v3.21 release
    EXPECT_EQ(std::get<VregError>(t.messages[1]).vreg, VregId(0x0010));      // 1-byte form `10`
}

TEST(BleMessageVectors, PhoenixAndMpptValues) {
    EXPECT_EQ(le(payload("08 03 19 22 00 42 D9 59"), 0, 2), 23001u);      // 230.01 V
    EXPECT_EQ(sn16(payload("08 03 19 ED 8D 42 16 05")), 1302);            // 13.02 V
    EXPECT_EQ(le(payload("08 03 19 02 00 41 05"), 0, 1), 5u);             // eco
    EXPECT_EQ(le(payload("08 00 19 02 01 41 06"), 0, 1), 6u);             // storage
    EXPECT_EQ(le(payload("08 03 19 EC 8A 42 04 00"), 0, 2), 4u);          // 4 W
    EXPECT_EQ(le(payload("08 03 19 ED BC 44 83 01 00 00"), 0, 4), 387u);  // 3.87 W
    EXPECT_EQ(le(payload("08 03 19 EC 5A 44 E6 06 12 00"), 0, 4), 1181414u);
    EXPECT_EQ(le(payload("08 03 19 ED BB 42 2B 0D"), 0, 2), 3371u);  // 33.71 V
}

TEST(BleMessageVectors, DeviceListPairs) {
    const Bytes wire = hex("02 9F 00 00 01 00 03 01 FF");
    const DecodedTransfer t = decodeTransfer(wire);
    ASSERT_EQ(t.messages.size(), 1u);
    const auto entries = deviceEntries(std::get<DeviceList>(t.messages[0]));
    EXPECT_EQ(entries,
              (std::vector<DeviceEntry>{
                  {kBleChipInstance, 0}, {kUartBridgeInstance, 0}, {kProductInstance, 1}}));
}

}  // namespace
}  // namespace vreglink::ble
