// CborReader over the CBOR subset of ble-gatt.md §4.1: every length form, definite and
// indefinite strings and arrays, skipping of the other major types, and a distinguishable error
// for truncated, malformed and unexpected input — never a read outside the view.
#include "ble/cbor_reader.h"

#include "test_support.h"

#include <gtest/gtest.h>

#include <limits>
#include <set>
#include <string>

namespace vreglink::ble {
namespace {

using testing::concat;
using testing::hex;

struct UintCase {
    const char* wire;
    std::uint64_t value;
};

TEST(CborReader, UnsignedIntegersInEveryLengthForm) {
    const UintCase cases[] = {
        {"00", 0},
        {"17", 23},
        {"18 18", 24},  // register 24 needs the two-byte form (§6.3 H15)
        {"18 90", 0x90},
        {"18 FF", 255},
        {"19 01 00", 0x0100},
        {"19 ED 8D", 0xED8D},  // big-endian, as CBOR requires (§4.1)
        {"1A 00 01 00 00", 0x10000},
        {"1A FF FF FF FF", 0xFFFFFFFF},
        {"1B 00 00 00 01 00 00 00 00", 0x100000000},
        {"1B FF FF FF FF FF FF FF FF", std::numeric_limits<std::uint64_t>::max()},
        // Longer than needed is still valid CBOR: the decoder rule accepts any form (§4.1).
        {"18 05", 5},
        {"19 00 05", 5},
        {"1A 00 00 ED 8D", 0xED8D},
        {"1B 00 00 00 00 00 00 00 04", 4},
    };
    for (const UintCase& c : cases) {
        const Bytes wire = hex(c.wire);
        CborReader r(wire);
        const auto v = r.readUint();
        ASSERT_TRUE(v.has_value()) << c.wire;
        EXPECT_EQ(*v, c.value) << c.wire;
        EXPECT_TRUE(r.atEnd()) << c.wire;
        EXPECT_FALSE(r.failed()) << c.wire;
    }
}

TEST(CborReader, ConsecutiveItemsAdvanceTheOffset) {
    const Bytes wire = hex("08 03 19 ED 8C");
    CborReader r(wire);
    EXPECT_EQ(r.readUint(), 8u);
    EXPECT_EQ(r.offset(), 1u);
    EXPECT_EQ(r.readUint(), 3u);
    EXPECT_EQ(r.readUint(), 0xED8Cu);
    EXPECT_EQ(r.offset(), 5u);
    EXPECT_TRUE(r.atEnd());
}

struct ErrorCase {
    const char* wire;
    CborError error;
    std::size_t offset;
};

void expectUintError(const ErrorCase& c) {
    const Bytes wire = hex(c.wire);
    CborReader r(wire);
    EXPECT_FALSE(r.readUint().has_value()) << c.wire;
    ASSERT_TRUE(r.failed()) << c.wire;
    EXPECT_EQ(r.error(), c.error) << c.wire << ": " << cborErrorName(r.error());
    EXPECT_EQ(r.errorOffset(), c.offset) << c.wire;
    EXPECT_EQ(r.offset(), c.offset) << c.wire;  // left at the failing item
}

TEST(CborReader, TruncatedUintHeads) {
    for (const char* wire : {"", "18", "19", "19 01", "1A 00 00 00", "1B 00 00 00 00 00 00 00"}) {
        expectUintError({wire, CborError::Truncated, 0});
    }
}

TEST(CborReader, MalformedUintHeads) {
    expectUintError({"1C", CborError::ReservedInfo, 0});
    expectUintError({"1D 00", CborError::ReservedInfo, 0});
    expectUintError({"1E", CborError::ReservedInfo, 0});
    expectUintError({"1F", CborError::BadIndefinite, 0});  // an indefinite integer does not exist
    expectUintError({"FF", CborError::UnexpectedBreak, 0});
}

TEST(CborReader, OtherMajorTypesAreWrongTypeForAUint) {
    for (const char* wire : {"20", "38 FF", "40", "41 01", "60", "80", "9F FF", "A0", "C0 00", "F4",
                             "F6", "F9 3C 00"}) {
        expectUintError({wire, CborError::WrongType, 0});
    }
}

TEST(CborReader, FailureIsSticky) {
    const Bytes wire = hex("41 01 02 03");
    CborReader r(wire);
    EXPECT_FALSE(r.readUint());
    EXPECT_EQ(r.error(), CborError::WrongType);
    Bytes out;
    EXPECT_FALSE(r.readByteString(out));  // would succeed on a fresh reader
    EXPECT_FALSE(r.skipItem());
    EXPECT_EQ(r.error(), CborError::WrongType);
    EXPECT_EQ(r.offset(), 0u);
    EXPECT_FALSE(r.peekType().has_value());
}

TEST(CborReader, DefiniteByteStrings) {
    struct Case {
        const char* wire;
        const char* payload;
    };
    const Case cases[] = {
        {"40", ""},  // empty (§6.1 #36)
        {"41 01", "01"},
        {"42 10 27", "10 27"},
        {"44 46 FC FF FF", "46 FC FF FF"},
        {"57 000102030405060708090A0B0C0D0E0F10111213141516",
         "000102030405060708090A0B0C0D0E0F10111213141516"},
        {"58 18 000102030405060708090A0B0C0D0E0F1011121314151617",
         "000102030405060708090A0B0C0D0E0F1011121314151617"},
        {"59 00 02 AA BB", "AA BB"},  // non-shortest length
        {"5A 00 00 00 01 CC", "CC"},
        {"5B 00 00 00 00 00 00 00 01 DD", "DD"},
    };
    for (const Case& c : cases) {
        const Bytes wire = hex(c.wire);
        CborReader r(wire);
        Bytes out{0x99};  // replaced, not appended to
        ASSERT_TRUE(r.readByteString(out)) << c.wire;
        EXPECT_EQ(out, hex(c.payload)) << c.wire;
        EXPECT_TRUE(r.atEnd()) << c.wire;
    }
}

TEST(CborReader, IndefiniteByteStringsConcatenateTheirChunks) {
    const Bytes wire = hex("5F 42 01 02 40 41 03 FF 5F FF 01");
    CborReader r(wire);
    Bytes out;
    ASSERT_TRUE(r.readByteString(out));
    EXPECT_EQ(out, hex("01 02 03"));
    ASSERT_TRUE(r.readByteString(out));
    EXPECT_TRUE(out.empty());
    EXPECT_EQ(r.readUint(), 1u);
}

void expectBytesError(const ErrorCase& c) {
    const Bytes wire = hex(c.wire);
    CborReader r(wire);
    Bytes out;
    EXPECT_FALSE(r.readByteString(out)) << c.wire;
    ASSERT_TRUE(r.failed()) << c.wire;
    EXPECT_EQ(r.error(), c.error) << c.wire << ": " << cborErrorName(r.error());
    EXPECT_EQ(r.errorOffset(), c.offset) << c.wire;
}

TEST(CborReader, ByteStringErrors) {
    expectBytesError({"42 2F", CborError::Truncated, 0});  // §6.5 truncated value
    expectBytesError({"58", CborError::Truncated, 0});
    expectBytesError({"58 21 00", CborError::Truncated, 0});
    expectBytesError({"5B FF FF FF FF FF FF FF FF 00", CborError::Truncated, 0});  // no overflow
    expectBytesError({"5F 41 01", CborError::Truncated, 3});                       // no break
    expectBytesError({"5F 41 01 42 02", CborError::Truncated, 3});   // chunk runs past the end
    expectBytesError({"5F 61 41 FF", CborError::BadIndefinite, 1});  // text chunk
    expectBytesError({"5F 5F FF FF", CborError::BadIndefinite, 1});  // nested indefinite
    expectBytesError({"5F 01 FF", CborError::BadIndefinite, 1});
    expectBytesError({"5F 5C FF", CborError::ReservedInfo, 1});
    expectBytesError({"5C", CborError::ReservedInfo, 0});
    expectBytesError({"61 41", CborError::WrongType, 0});
    expectBytesError({"08", CborError::WrongType, 0});
    expectBytesError({"FF", CborError::UnexpectedBreak, 0});
}

TEST(CborReader, TextStrings) {
    const Bytes wire = hex("63 61 62 63 7F 62 2F 61 61 62 FF 60");
    CborReader r(wire);
    std::string text = "old";
    ASSERT_TRUE(r.readTextString(text));
    EXPECT_EQ(text, "abc");
    ASSERT_TRUE(r.readTextString(text));
    EXPECT_EQ(text, "/ab");
    ASSERT_TRUE(r.readTextString(text));
    EXPECT_EQ(text, "");
    EXPECT_TRUE(r.atEnd());

    const Bytes bytes = hex("42 61 62");
    CborReader b(bytes);
    EXPECT_FALSE(b.readTextString(text));
    EXPECT_EQ(b.error(), CborError::WrongType);
}

std::vector<std::uint64_t> readUintArray(CborReader& r, bool* indefinite = nullptr) {
    std::vector<std::uint64_t> out;
    auto array = r.readArray();
    if (!array) return out;
    if (indefinite != nullptr) *indefinite = array->indefinite;
    while (r.nextElement(*array)) {
        const auto v = r.readUint();
        if (!v) break;
        out.push_back(*v);
    }
    return out;
}

TEST(CborReader, DefiniteAndIndefiniteArrays) {
    {
        const Bytes wire = hex("82 19 EC 66 19 EC 65");  // §6.3 H9
        CborReader r(wire);
        bool indefinite = true;
        EXPECT_EQ(readUintArray(r, &indefinite), (std::vector<std::uint64_t>{0xEC66, 0xEC65}));
        EXPECT_FALSE(indefinite);
        EXPECT_FALSE(r.failed());
        EXPECT_TRUE(r.atEnd());
    }
    {
        const Bytes wire = hex("9F 00 00 01 00 03 01 FF 07");  // §6.1 #17 device list
        CborReader r(wire);
        bool indefinite = false;
        EXPECT_EQ(readUintArray(r, &indefinite), (std::vector<std::uint64_t>{0, 0, 1, 0, 3, 1}));
        EXPECT_TRUE(indefinite);
        EXPECT_FALSE(r.failed());
        EXPECT_EQ(r.readUint(), 7u);  // the break was consumed
    }
    for (const char* empty : {"80", "9F FF", "98 00"}) {
        const Bytes wire = hex(empty);
        CborReader r(wire);
        EXPECT_TRUE(readUintArray(r).empty());
        EXPECT_FALSE(r.failed()) << empty;
        EXPECT_TRUE(r.atEnd()) << empty;
    }
}

TEST(CborReader, ArrayErrors) {
    {
        const Bytes wire = hex("9F 19 EC 65");  // indefinite array without its break
        CborReader r(wire);
        EXPECT_EQ(readUintArray(r), std::vector<std::uint64_t>{0xEC65});
        EXPECT_TRUE(r.failed());
        EXPECT_EQ(r.error(), CborError::Truncated);
        EXPECT_EQ(r.errorOffset(), 4u);
    }
    {
        const Bytes wire = hex("82 01 19 01");  // second element cut short
        CborReader r(wire);
        EXPECT_EQ(readUintArray(r), std::vector<std::uint64_t>{1});
        EXPECT_EQ(r.error(), CborError::Truncated);
        EXPECT_EQ(r.errorOffset(), 2u);
    }
    {
        const Bytes wire = hex("82 01");  // two elements cannot fit in one byte: known at once
        CborReader r(wire);
        EXPECT_TRUE(readUintArray(r).empty());
        EXPECT_EQ(r.error(), CborError::Truncated);
        EXPECT_EQ(r.errorOffset(), 0u);
    }
    {
        // A count that cannot fit in what is left fails at once, without looping.
        const Bytes wire = hex("9B FF FF FF FF FF FF FF FF 01 02");
        CborReader r(wire);
        EXPECT_FALSE(r.readArray().has_value());
        EXPECT_EQ(r.error(), CborError::Truncated);
        EXPECT_EQ(r.errorOffset(), 0u);
    }
    {
        const Bytes wire = hex("19 01 00");
        CborReader r(wire);
        EXPECT_FALSE(r.readArray().has_value());
        EXPECT_EQ(r.error(), CborError::WrongType);
    }
}

TEST(CborReader, PeekTypeDoesNotConsume) {
    const Bytes wire = hex("03 00 9F 19 ED DB FF");  // §6.3 H12
    CborReader r(wire);
    EXPECT_EQ(r.peekType(), CborMajorType::Unsigned);
    EXPECT_EQ(r.offset(), 0u);
    r.readUint();
    r.readUint();
    EXPECT_EQ(r.peekType(), CborMajorType::Array);
    EXPECT_EQ(r.offset(), 2u);
    const Bytes brk = hex("FF");
    EXPECT_EQ(CborReader(brk).peekType(), CborMajorType::Simple);
    EXPECT_FALSE(CborReader(ByteView{}).peekType().has_value());
}

TEST(CborReader, SkipsEveryWellFormedItem) {
    const char* items[] = {
        "00",
        "1B 00 00 00 00 00 00 00 01",
        "20",     // -1
        "38 FF",  // -256
        "3B FF FF FF FF FF FF FF FF",
        "40",
        "5F 41 01 FF",
        "63 61 62 63",
        "7F 61 61 60 FF",
        "80",
        "82 81 01 A1 01 80",  // nested
        "9F 9F FF 5F FF FF",
        "A0",
        "A2 01 02 63 61 62 63 82 03 04",
        "BF 01 02 61 78 9F FF FF",
        "C1 1A 51 4B 67 B0",  // tag 1 (epoch time)
        "D8 20 63 61 62 63",  // tag 32, one-byte tag number
        "C2 C3 00",           // tags on tags
        "F4",
        "F5",
        "F6",
        "F7",  // false, true, null, undefined
        "F0",  // simple 16
        "F8 20",
        "F8 FF",           // two-byte simple values >= 32
        "F9 3C 00",        // half float 1.0
        "FA 47 C3 50 00",  // float
        "FB 3F F1 99 99 99 99 99 9A",
    };
    for (const char* item : items) {
        const Bytes wire = concat({hex(item), hex("18 2A")});
        CborReader r(wire);
        ASSERT_TRUE(r.skipItem()) << item << ": " << cborErrorName(r.error());
        EXPECT_EQ(r.offset(), wire.size() - 2) << item;
        EXPECT_EQ(r.readUint(), 42u) << item;

        CborReader again(wire);
        const auto bytes = again.readItemBytes();
        ASSERT_TRUE(bytes.has_value()) << item;
        EXPECT_EQ(Bytes(bytes->begin(), bytes->end()), hex(item));
    }
}

TEST(CborReader, SkipErrors) {
    const ErrorCase cases[] = {
        {"F8 1F", CborError::BadSimpleValue, 0},
        {"F8 00", CborError::BadSimpleValue, 0},
        {"BF 01 FF", CborError::BadIndefinite, 2},  // a key without a value
        {"DF 00", CborError::BadIndefinite, 0},     // indefinite tag
        {"3F", CborError::BadIndefinite, 0},
        {"7F 41 61 FF", CborError::BadIndefinite, 1},
        {"A1 01", CborError::Truncated, 0},  // one pair needs at least two bytes
        {"A2 01 02 03", CborError::Truncated, 0},
        {"BF 01 02", CborError::Truncated, 3},
        {"82 01 FF", CborError::UnexpectedBreak, 2},
        {"FF", CborError::UnexpectedBreak, 0},
        {"C1", CborError::Truncated, 1},
        {"FB 00 00", CborError::Truncated, 0},
        {"81 FC", CborError::ReservedInfo, 1},
    };
    for (const ErrorCase& c : cases) {
        const Bytes wire = hex(c.wire);
        CborReader r(wire);
        EXPECT_FALSE(r.skipItem()) << c.wire;
        ASSERT_TRUE(r.failed()) << c.wire;
        EXPECT_EQ(r.error(), c.error) << c.wire << ": " << cborErrorName(r.error());
        EXPECT_EQ(r.errorOffset(), c.offset) << c.wire;
    }
}

TEST(CborReader, NestingIsBounded) {
    for (const std::uint8_t nest : {std::uint8_t{0x81}, std::uint8_t{0xC6}, std::uint8_t{0x9F}}) {
        Bytes deep(kMaxCborDepth - 1, nest);
        deep.push_back(0x00);
        if (nest == 0x9F) deep.insert(deep.end(), kMaxCborDepth - 1, 0xFF);
        CborReader ok(deep);
        EXPECT_TRUE(ok.skipItem()) << cborErrorName(ok.error());
        EXPECT_TRUE(ok.atEnd());

        Bytes tooDeep(1000, nest);  // would exhaust the stack if followed
        tooDeep.push_back(0x00);
        CborReader r(tooDeep);
        EXPECT_FALSE(r.skipItem());
        EXPECT_EQ(r.error(), CborError::TooDeep);
        EXPECT_EQ(r.errorOffset(), static_cast<std::size_t>(kMaxCborDepth));
    }
}

// Every strict prefix of a complete item is reported as truncated — and under the sanitizer
// build, never read past (each prefix is copied into its own exactly-sized buffer).
TEST(CborReader, EveryPrefixOfAnItemIsTruncated) {
    const char* items[] = {
        "1B 00 00 00 01 00 00 00 00",
        // the 0xEC31 value of §6.2 T1: FF runs inside are payload, not padding
        "58 21 01 AF 77 D6 97 89 A3 00 04 04 00 00 7F FF FF FF FF 4E C5 82 99 56 A0 00 54 01 00 "
        "00 D6 FF FF FF FF",
        "5F 42 01 02 41 03 FF",
        "9F 19 EC 65 82 01 41 00 FF",
        "BF 01 02 61 78 9F FF FF",
        "C1 FB 3F F1 99 99 99 99 99 9A",
        "7F 62 2F 61 61 62 FF",
    };
    for (const char* item : items) {
        const Bytes full = hex(item);
        for (std::size_t n = 0; n < full.size(); ++n) {
            const Bytes prefix(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
            CborReader r(prefix);
            EXPECT_FALSE(r.skipItem()) << item << " [" << n << "]";
            EXPECT_EQ(r.error(), CborError::Truncated) << item << " [" << n << "]";
        }
    }
}

TEST(CborReader, ErrorNamesAreDistinct) {
    std::set<std::string> names;
    for (std::size_t i = 0; i < kCborErrorCount; ++i) {
        names.insert(cborErrorName(static_cast<CborError>(i)));
    }
    EXPECT_EQ(names.size(), kCborErrorCount);
    EXPECT_EQ(names.count("unknown"), 0u);
    EXPECT_STREQ(cborErrorName(CborError::Truncated), "truncated");
}

}  // namespace
}  // namespace vreglink::ble
