// CborWriter: the shortest head at every length boundary (ble-gatt.md §4.1 encoder rule), and
// what it writes reads back through CborReader.
#include "ble/cbor_writer.h"

#include "ble/cbor_reader.h"

#include "test_support.h"

#include <gtest/gtest.h>

#include <random>

namespace vreglink::ble {
namespace {

using testing::hex;

Bytes uintWire(std::uint64_t v) {
    Bytes out;
    CborWriter(out).writeUint(v);
    return out;
}

TEST(CborWriter, UintUsesTheShortestForm) {
    EXPECT_EQ(uintWire(0), hex("00"));
    EXPECT_EQ(uintWire(4), hex("04"));  // register 0x0004 (§6.3 H14)
    EXPECT_EQ(uintWire(23), hex("17"));
    EXPECT_EQ(uintWire(24), hex("18 18"));  // register 0x0018 (§6.3 H15)
    EXPECT_EQ(uintWire(0x90), hex("18 90"));
    EXPECT_EQ(uintWire(255), hex("18 FF"));
    EXPECT_EQ(uintWire(256), hex("19 01 00"));
    EXPECT_EQ(uintWire(0xED8D), hex("19 ED 8D"));
    EXPECT_EQ(uintWire(0xFFFF), hex("19 FF FF"));
    EXPECT_EQ(uintWire(0x10000), hex("1A 00 01 00 00"));
    EXPECT_EQ(uintWire(0xFFFFFFFF), hex("1A FF FF FF FF"));
    EXPECT_EQ(uintWire(0x100000000), hex("1B 00 00 00 01 00 00 00 00"));
    EXPECT_EQ(uintWire(0xFFFFFFFFFFFFFFFF), hex("1B FF FF FF FF FF FF FF FF"));
}

TEST(CborWriter, ByteStringHeadersAtTheirBoundaries) {
    const auto wire = [](std::size_t n) {
        Bytes payload(n, 0xAB);
        Bytes out;
        CborWriter(out).writeByteString(payload);
        EXPECT_EQ(out.size() - n, n < 24 ? 1u : n < 256 ? 2u : n < 65536 ? 3u : 5u);
        return Bytes(out.begin(), out.end() - static_cast<std::ptrdiff_t>(n));
    };
    EXPECT_EQ(wire(0), hex("40"));  // §6.1 #36
    EXPECT_EQ(wire(2), hex("42"));
    EXPECT_EQ(wire(23), hex("57"));
    EXPECT_EQ(wire(24), hex("58 18"));
    EXPECT_EQ(wire(33), hex("58 21"));  // §6.2 T1
    EXPECT_EQ(wire(34), hex("58 22"));  // history day record (§6.4)
    EXPECT_EQ(wire(52), hex("58 34"));
    EXPECT_EQ(wire(256), hex("59 01 00"));
    EXPECT_EQ(wire(70000), hex("5A 00 01 11 70"));
}

TEST(CborWriter, ArraysTextAndRaw) {
    Bytes out;
    CborWriter w(out);
    w.writeArrayHeader(1);
    w.writeArrayHeader(2);
    w.writeArrayHeader(24);
    w.writeIndefiniteArrayHeader();
    w.writeBreak();
    w.writeTextString("ab");
    w.writeRaw(hex("F9 3C 00"));
    EXPECT_EQ(out, hex("81 82 98 18 9F FF 62 61 62 F9 3C 00"));
}

TEST(CborWriter, RandomValuesReadBack) {
    std::mt19937_64 rng(7);
    for (int i = 0; i < 20000; ++i) {
        // Spread over every length class: shift a random value right by a random amount.
        const std::uint64_t v = rng() >> (rng() % 64);
        const Bytes wire = uintWire(v);
        CborReader r(wire);
        EXPECT_EQ(r.readUint(), v);
        EXPECT_TRUE(r.atEnd());
    }
}

}  // namespace
}  // namespace vreglink::ble
