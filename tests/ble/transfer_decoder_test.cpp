// decodeTransfer (ble-gatt.md §4.6, §5.3): every error reason with its offsets, messages kept
// before an error, padding, the optional Subscribe array, any valid CBOR length form, and the
// path-API opcodes of §4.4.9 decoded (so they are skipped, not fatal).
#include "ble/transfer_decoder.h"

#include "ble/message_encoder.h"

#include "test_support.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace vreglink::ble {
namespace {

using testing::hex;

DecodedTransfer decode(const char* wire) {
    const Bytes bytes = hex(wire);
    return decodeTransfer(bytes);
}

struct ErrorCase {
    const char* wire;
    DecodeError reason;
    std::size_t messageOffset;
    std::size_t offset;
    std::size_t messagesBefore;
};

void expectError(const ErrorCase& c) {
    const DecodedTransfer t = decode(c.wire);
    SCOPED_TRACE(c.wire);
    EXPECT_EQ(t.messages.size(), c.messagesBefore);
    ASSERT_TRUE(t.error.has_value());
    EXPECT_EQ(t.error->reason, c.reason) << decodeErrorName(t.error->reason);
    EXPECT_EQ(t.error->messageOffset, c.messageOffset);
    EXPECT_EQ(t.error->offset, c.offset);
}

TEST(BleTransferDecoder, UnknownOpcodes) {
    // Never seen: 0x00, 0x04 (maybe unsubscribe [G]), 0x0C, > 0x10 (§4.4).
    for (const char* wire : {"00", "04 00", "0C 03", "11 03", "17", "18 FF", "19 01 08"}) {
        expectError({wire, DecodeError::UnknownOpcode, 0, 0, 0});
    }
    expectError({"07 00 03 00 04 00", DecodeError::UnknownOpcode, 4, 4, 1});
}

TEST(BleTransferDecoder, NotAnOpcode) {
    for (const char* wire :
         {"20", "40", "41 08", "63 61 62 63", "82 01 02", "A0", "C0 08", "F4", "ED 8E"}) {
        expectError({wire, DecodeError::NotAnOpcode, 0, 0, 0});
    }
}

TEST(BleTransferDecoder, Malformed) {
    expectError({"1C", DecodeError::Malformed, 0, 0, 0});     // reserved AI
    expectError({"1F", DecodeError::Malformed, 0, 0, 0});     // indefinite uint
    expectError({"FF 08", DecodeError::Malformed, 0, 0, 0});  // stray break, not all FF
    expectError({"08 03 19 ED 8D 5F 61 2F FF", DecodeError::Malformed, 0, 6, 0});  // text chunk
    expectError({"0F 03 05 F8 05", DecodeError::Malformed, 0, 3, 0});  // bad simple value
    expectError({"0F 03 05 FF", DecodeError::Malformed, 0, 3, 0});
}

TEST(BleTransferDecoder, Incomplete) {
    expectError({"08", DecodeError::Incomplete, 0, 1, 0});
    expectError({"08 03 19 ED 8D 42 2F", DecodeError::Incomplete, 0, 5, 0});
    expectError({"06 00 82 18 93", DecodeError::Incomplete, 0, 5, 0});
    expectError({"05 00 9F 19 EC 65", DecodeError::Incomplete, 0, 6, 0});  // no break
    expectError({"07 00 03 00 09 00 18", DecodeError::Incomplete, 4, 6, 1});
    expectError({"0E 03 05 66 2F", DecodeError::Incomplete, 0, 3, 0});
}

TEST(BleTransferDecoder, TypeMismatch) {
    const ErrorCase cases[] = {
        {"08 03 19 ED 8D 05", DecodeError::TypeMismatch, 0, 5, 0},           // uint as value
        {"08 03 19 ED 8D 62 2F 05", DecodeError::TypeMismatch, 0, 5, 0},     // text as value
        {"08 41 03 19 ED 8D 41 01", DecodeError::TypeMismatch, 0, 1, 0},     // bytes as instance
        {"08 23 19 ED 8D 41 01", DecodeError::TypeMismatch, 0, 1, 0},        // negative instance
        {"08 03 42 ED 8D 41 01", DecodeError::TypeMismatch, 0, 2, 0},        // bytes as register
        {"05 00 19 01 09", DecodeError::TypeMismatch, 0, 2, 0},              // Get without array
        {"05 00 81 41 01", DecodeError::TypeMismatch, 0, 3, 0},              // bytes in the list
        {"05 00 81 81 01", DecodeError::TypeMismatch, 0, 3, 0},              // nested array
        {"06 00 83 18 93 42 10 27 00", DecodeError::TypeMismatch, 0, 2, 0},  // Set of three
        {"06 00 81 18 93", DecodeError::TypeMismatch, 0, 2, 0},              // Set of one
        {"06 00 82 42 10 27 18 93", DecodeError::TypeMismatch, 0, 3, 0},     // reversed
        {"06 00 9F 18 93 42 10 27 00 FF", DecodeError::TypeMismatch, 0, 2, 0},
        {"06 00 9F 18 93 FF", DecodeError::TypeMismatch, 0, 2, 0},
        {"06 00 18 93 42 10 27", DecodeError::TypeMismatch, 0, 2, 0},  // no array at all
        {"02 00", DecodeError::TypeMismatch, 0, 1, 0},                 // device list not a list
        {"0E 03 05 42 2F 61", DecodeError::TypeMismatch, 0, 3, 0},     // path as bytes
        {"07 00 03 00 09 00 18 93 41 01", DecodeError::TypeMismatch, 4, 8, 1},
    };
    for (const ErrorCase& c : cases) expectError(c);
}

TEST(BleTransferDecoder, OutOfRange) {
    expectError({"08 03 1A 00 01 00 00 41 01", DecodeError::OutOfRange, 0, 2, 0});  // vreg 0x10000
    expectError({"08 1B 00 00 00 01 00 00 00 00 19 ED 8D 41 01", DecodeError::OutOfRange, 0, 1,
                 0});  // instance 2^32
    expectError({"09 00 18 93 1B 00 00 00 01 00 00 00 00", DecodeError::OutOfRange, 0, 4, 0});
    expectError({"02 81 1B 00 00 00 01 00 00 00 00", DecodeError::OutOfRange, 0, 2, 0});
    expectError({"07 00 03 00 08 03 1A 00 01 00 00 41 01", DecodeError::OutOfRange, 4, 6, 1});
    // The largest values that fit are fine.
    const DecodedTransfer t = decode("08 1A FF FF FF FF 19 FF FF 40");
    EXPECT_EQ(t.messages, (std::vector<Message>{Value{Instance(0xFFFFFFFF), VregId(0xFFFF), {}}}));
}

TEST(BleTransferDecoder, TrailingFfOnlyIsPadding) {
    for (const char* wire : {"FF", "FF FF FF"}) {
        const DecodedTransfer t = decode(wire);
        EXPECT_TRUE(t.messages.empty());
        EXPECT_FALSE(t.error.has_value());
        EXPECT_EQ(t.paddingBytes, hex(wire).size());
    }
    const DecodedTransfer t = decode("07 00 03 00 FF FF");
    EXPECT_EQ(t.messages.size(), 1u);
    EXPECT_EQ(t.paddingBytes, 2u);
    EXPECT_FALSE(t.error.has_value());
    const DecodedTransfer empty = decodeTransfer(ByteView{});
    EXPECT_TRUE(empty.messages.empty());
    EXPECT_FALSE(empty.error.has_value());
    EXPECT_EQ(empty.paddingBytes, 0u);
}

TEST(BleTransferDecoder, SubscribeArrayIsOptional) {
    const Message s0 = Subscribe{Instance(0), std::nullopt};
    const Message s1 = Subscribe{Instance(1), std::nullopt};
    EXPECT_EQ(decode("03 00 03 01").messages, (std::vector<Message>{s0, s1}));
    EXPECT_EQ(decode("03 00 80").messages,
              (std::vector<Message>{Subscribe{Instance(0), std::vector<VregId>{}}}));
    EXPECT_EQ(decode("03 00 82 19 ED DB 18 90 07 00 03 00").messages,
              (std::vector<Message>{
                  Subscribe{Instance(0), std::vector<VregId>{VregId(0xEDDB), VregId(0x0090)}},
                  CommandStatus{Instance(0), 3, 0}}));
    // Anything but an array after the instance starts the next message (§4.4.3).
    expectError({"03 00 41 01", DecodeError::NotAnOpcode, 2, 2, 1});
    EXPECT_NE(s0, Message(Subscribe{Instance(0), std::vector<VregId>{}}));
    EXPECT_EQ(encodeMessage(Subscribe{Instance(0), std::vector<VregId>{}}), hex("03 00 80"));
}

TEST(BleTransferDecoder, AnyLengthFormIsAccepted) {
    const Message expected = Value{Instance(3), VregId(0xED8D), hex("2F 05")};
    for (const char* wire :
         {"08 03 19 ED 8D 42 2F 05", "18 08 03 19 ED 8D 42 2F 05",
          "08 18 03 1A 00 00 ED 8D 59 00 02 2F 05", "08 03 19 ED 8D 5F 41 2F 41 05 FF",
          "08 03 19 ED 8D 5F 42 2F 05 40 FF", "1B 00 00 00 00 00 00 00 08 03 19 ED 8D 42 2F 05"}) {
        const DecodedTransfer t = decode(wire);
        EXPECT_FALSE(t.error.has_value()) << wire;
        EXPECT_EQ(t.messages, std::vector<Message>{expected}) << wire;
    }
    // Set with an indefinite array of exactly two.
    EXPECT_EQ(decode("06 00 9F 18 93 42 10 27 FF").messages,
              (std::vector<Message>{SetValue{Instance(0), VregId(0x0093), hex("10 27")}}));
    // Device list in both forms; the flag records which.
    EXPECT_EQ(decode("02 83 00 00 03").messages,
              (std::vector<Message>{DeviceList{{0, 0, 3}, false}}));
    EXPECT_EQ(encodeMessage(DeviceList{{0, 0, 3}, false}), hex("02 83 00 00 03"));
    EXPECT_EQ(encodeMessage(DeviceList{{0, 0}, true}), hex("02 9F 00 00 FF"));
}

TEST(BleTransferDecoder, PathApiMessagesAreDecodedNotFatal) {
    // §4.4.9 [S]: a transfer carrying them still yields the messages around them.
    const char* wire =
        "0A 03 "
        "0B 03 85 00 01 02 03 04 "
        "0D 03 48 00 00 00 10 78 9C 03 00 "
        "0E 03 05 67 2F 44 63 2F 30 2F 56 "
        "0F 03 05 F9 3C 00 "
        "0F 03 06 A2 61 76 82 01 02 61 74 C1 1A 51 4B 67 B0 "
        "0F 03 07 7F 61 61 FF "
        "0F 03 08 3B 00 00 00 00 00 00 00 01 "
        "10 03 05 00 "
        "08 03 19 ED 8D 42 2F 05";
    const DecodedTransfer t = decode(wire);
    EXPECT_FALSE(t.error.has_value());
    const std::vector<Message> expected = {
        GetPathList{Instance(3)},
        GetPathValues{Instance(3), {0, 1, 2, 3, 4}},
        PathList{Instance(3), hex("00 00 00 10 78 9C 03 00")},
        NewPath{Instance(3), 5, "/Dc/0/V"},
        PathValue{Instance(3), 5, hex("F9 3C 00")},
        PathValue{Instance(3), 6, hex("A2 61 76 82 01 02 61 74 C1 1A 51 4B 67 B0")},
        PathValue{Instance(3), 7, hex("7F 61 61 FF")},
        PathValue{Instance(3), 8, hex("3B 00 00 00 00 00 00 00 01")},
        PathResponse{Instance(3), 5, 0},
        Value{Instance(3), VregId(0xED8D), hex("2F 05")},
    };
    EXPECT_EQ(t.messages, expected);
    EXPECT_EQ(encodeTransfer(t.messages), hex(wire));
}

TEST(BleTransferDecoder, ReusedOutputIsClearedFirst) {
    DecodedTransfer out;
    decodeTransfer(hex("07 00 03 00 04"), out);
    EXPECT_EQ(out.messages.size(), 1u);
    EXPECT_TRUE(out.error.has_value());
    decodeTransfer(hex("01 FF"), out);
    EXPECT_EQ(out.messages, std::vector<Message>{GetDevices{}});
    EXPECT_FALSE(out.error.has_value());
    EXPECT_EQ(out.paddingBytes, 1u);
    decodeTransfer(hex("08 03"), out);
    EXPECT_TRUE(out.messages.empty());
    EXPECT_EQ(out.paddingBytes, 0u);
    EXPECT_EQ(out.error->reason, DecodeError::Incomplete);
}

TEST(BleTransferDecoder, ErrorNamesAreDistinct) {
    std::set<std::string> names;
    for (std::size_t i = 0; i < kDecodeErrorCount; ++i) {
        names.insert(decodeErrorName(static_cast<DecodeError>(i)));
    }
    EXPECT_EQ(names.size(), kDecodeErrorCount);
    EXPECT_EQ(names.count("unknown"), 0u);
}

TEST(BleMessage, OpcodeInstanceAndFormat) {
    const Message v = Value{Instance(3), VregId(0xED8C), hex("46 FC FF FF")};
    EXPECT_EQ(opcodeOf(v), Opcode::Value);
    EXPECT_EQ(static_cast<int>(opcodeOf(v)), 0x08);
    EXPECT_EQ(instanceOf(v), Instance(3));
    EXPECT_EQ(formatMessage(v), "value(3, 0xED8C, 46 fc ff ff)");
    EXPECT_EQ(opcodeOf(Message(GetDevices{})), Opcode::GetDevices);
    EXPECT_FALSE(instanceOf(GetDevices{}).has_value());
    EXPECT_FALSE(instanceOf(DeviceList{}).has_value());
    EXPECT_EQ(instanceOf(PathResponse{Instance(7), 1, 2}), Instance(7));
    EXPECT_EQ(formatMessage(GetValues{Instance(0), {VregId(0xEC66), VregId(0xEC65)}}),
              "get_values(0, [0xEC66, 0xEC65])");
    EXPECT_EQ(formatMessage(VregError{Instance(0), VregId(0x0093), 1}),
              "vreg_error(0, 0x0093, code 1)");
    EXPECT_EQ(formatMessage(DeviceList{{0, 0, 1, 0, 3, 1}, true}),
              "device_list([0, 0, 1, 0, 3, 1], indefinite)");
    EXPECT_EQ(formatMessage(Subscribe{Instance(1), std::nullopt}), "subscribe(1)");

    std::set<std::string> names;
    for (int op = 0; op <= 0x10; ++op) names.insert(opcodeName(static_cast<Opcode>(op)));
    EXPECT_EQ(names.size(), 15u);  // 14 opcodes + "unknown" for 00, 04, 0C
    EXPECT_STREQ(opcodeName(Opcode::VregError), "vreg_error");
}

}  // namespace
}  // namespace vreglink::ble
