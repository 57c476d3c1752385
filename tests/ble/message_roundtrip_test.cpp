// Property tests over many generated messages (ble-gatt.md §4.1, §4.6, §5): encode -> decode is
// the identity, for single messages and whole transfers; any valid CBOR length form (longer
// heads, indefinite arrays and chunked strings) decodes to the same messages; a transfer cut
// anywhere keeps the messages before the cut; any chunking reassembles to the same messages;
// and arbitrary bytes never break the decoder's invariants.
#include "ble/cbor_writer.h"
#include "ble/chunker.h"
#include "ble/message_encoder.h"
#include "ble/transfer_assembler.h"
#include "ble/transfer_decoder.h"

#include "test_support.h"

#include <gtest/gtest.h>

#include <random>

namespace vreglink::ble {
namespace {

using namespace testing;

class MessageGenerator {
  public:
    explicit MessageGenerator(std::uint64_t seed) : rng_(seed) {}

    std::mt19937_64& rng() { return rng_; }
    std::uint64_t below(std::uint64_t n) { return rng_() % n; }

    // Small values mostly, every CBOR length class sometimes.
    std::uint32_t u32() {
        switch (below(4)) {
            case 0:
                return static_cast<std::uint32_t>(below(24));
            case 1:
                return static_cast<std::uint32_t>(below(256));
            case 2:
                return static_cast<std::uint32_t>(below(65536));
            default:
                return static_cast<std::uint32_t>(rng_());
        }
    }
    Instance instance() { return Instance(below(3) == 0 ? u32() : std::uint32_t{3}); }
    VregId vreg() { return VregId(static_cast<std::uint16_t>(below(3) == 0 ? u32() : rng_())); }
    std::vector<VregId> vregs() {
        std::vector<VregId> out(below(4) == 0 ? below(30) : 1);  // the app: one per Get
        for (VregId& v : out) v = vreg();
        return out;
    }
    Bytes bytes() {
        const std::size_t n = below(8) == 0 ? below(300) : below(35);
        Bytes out(n);
        for (std::uint8_t& b : out) b = static_cast<std::uint8_t>(rng_());
        return out;
    }
    std::string text() {
        std::string out(below(40), 'a');
        for (char& c : out) c = static_cast<char>(' ' + below(95));
        return out;
    }
    // One well-formed CBOR item of any major type, nested a little (a path value, §4.4.9).
    Bytes item(int depth = 0) {
        Bytes out;
        CborWriter w(out);
        switch (below(depth < 3 ? 8 : 5)) {
            case 0:
                w.writeUint(rng_() >> below(64));
                break;
            case 1:  // negative int: major 1
                out.push_back(0x38);
                out.push_back(static_cast<std::uint8_t>(rng_()));
                break;
            case 2:
                w.writeByteString(bytes());
                break;
            case 3:
                w.writeTextString(text());
                break;
            case 4:  // simple values and floats
                out = below(2) == 0 ? hex("F5") : hex("FB 3F F1 99 99 99 99 99 9A");
                break;
            case 5: {
                const std::size_t n = below(4);
                w.writeArrayHeader(n);
                for (std::size_t i = 0; i < n; ++i) out = concat({out, item(depth + 1)});
                break;
            }
            case 6:  // a map of one pair
                out = concat({hex("A1"), item(depth + 1), item(depth + 1)});
                break;
            default:  // a tag
                out = concat({hex("C1"), item(depth + 1)});
                break;
        }
        return out;
    }

    Message message() {
        switch (below(14)) {
            case 0:
                return GetDevices{};
            case 1: {
                DeviceList m{std::vector<std::uint32_t>(below(8)), below(2) == 0};
                for (std::uint32_t& e : m.entries) e = u32();
                return m;
            }
            case 2: {
                Subscribe m{instance(), std::nullopt};
                if (below(3) == 0) m.vregs = vregs();
                return m;
            }
            case 3:
                return GetValues{instance(), vregs()};
            case 4:
                return SetValue{instance(), vreg(), bytes()};
            case 5:
                return CommandStatus{instance(), u32(), u32()};
            case 6:
                return Value{instance(), vreg(), bytes()};
            case 7:
                return VregError{instance(), vreg(), u32()};
            case 8:
                return GetPathList{instance()};
            case 9: {
                GetPathValues m{instance(), std::vector<std::uint32_t>(below(6))};
                for (std::uint32_t& i : m.indexes) i = u32();
                return m;
            }
            case 10:
                return PathList{instance(), bytes()};
            case 11:
                return NewPath{instance(), u32(), text()};
            case 12:
                return PathValue{instance(), u32(), item()};
            default:
                return PathResponse{instance(), u32(), u32()};
        }
    }
    std::vector<Message> transfer() {
        std::vector<Message> out(1 + below(30));
        for (Message& m : out) m = message();
        return out;
    }

  private:
    std::mt19937_64 rng_;
};

// Encodes like an arbitrary valid CBOR encoder would: any head that fits, indefinite arrays and
// chunked strings — all of which the decoder must accept (§4.1 decoder rule).
class LenientEncoder {
  public:
    LenientEncoder(MessageGenerator& gen, Bytes& out) : gen_(gen), out_(out) {}

    void head(std::uint8_t major, std::uint64_t arg) {
        int minimal = arg < 24            ? 0
                      : arg <= 0xFF       ? 1
                      : arg <= 0xFFFF     ? 2
                      : arg <= 0xFFFFFFFF ? 3
                                          : 4;
        const int form =
            minimal + static_cast<int>(gen_.below(static_cast<std::uint64_t>(5 - minimal)));
        if (form == 0) {
            out_.push_back(static_cast<std::uint8_t>(static_cast<std::uint64_t>(major << 5) | arg));
            return;
        }
        out_.push_back(static_cast<std::uint8_t>((major << 5) | (23 + form)));
        const int n = 1 << (form - 1);
        for (int i = n - 1; i >= 0; --i) out_.push_back(static_cast<std::uint8_t>(arg >> (8 * i)));
    }
    void string(std::uint8_t major, ByteView data) {
        if (gen_.below(3) != 0) {
            head(major, data.size());
            out_.insert(out_.end(), data.begin(), data.end());
            return;
        }
        out_.push_back(static_cast<std::uint8_t>((major << 5) | 31));
        std::size_t pos = 0;
        while (pos < data.size() || gen_.below(4) == 0) {  // empty chunks are valid too
            const std::size_t n = std::min<std::size_t>(gen_.below(12), data.size() - pos);
            head(major, n);
            out_.insert(out_.end(), data.begin() + static_cast<std::ptrdiff_t>(pos),
                        data.begin() + static_cast<std::ptrdiff_t>(pos + n));
            pos += n;
        }
        out_.push_back(0xFF);
    }
    template <typename T, typename Each>
    void array(const std::vector<T>& items, Each&& each, std::optional<bool> indefinite = {}) {
        const bool indef = indefinite.value_or(gen_.below(2) == 0);
        if (indef) {
            out_.push_back(0x9F);
        } else {
            head(4, items.size());
        }
        for (const T& i : items) each(i);
        if (indef) out_.push_back(0xFF);
    }
    void uint(std::uint64_t v) { head(0, v); }

    void operator()(const GetDevices&) { uint(0x01); }
    void operator()(const DeviceList& m) {
        uint(0x02);
        array(
            m.entries, [this](std::uint32_t e) { uint(e); }, m.indefinite);
    }
    void operator()(const Subscribe& m) {
        uint(0x03);
        uint(m.instance.value);
        if (m.vregs) array(*m.vregs, [this](VregId v) { uint(v.value); });
    }
    void operator()(const GetValues& m) {
        uint(0x05);
        uint(m.instance.value);
        array(m.vregs, [this](VregId v) { uint(v.value); });
    }
    void operator()(const SetValue& m) {
        uint(0x06);
        uint(m.instance.value);
        const bool indef = gen_.below(2) == 0;
        if (indef) {
            out_.push_back(0x9F);
        } else {
            head(4, 2);
        }
        uint(m.vreg.value);
        string(2, m.value);
        if (indef) out_.push_back(0xFF);
    }
    void operator()(const CommandStatus& m) {
        uint(0x07);
        uint(m.instance.value);
        uint(m.opcode);
        uint(m.status);
    }
    void operator()(const Value& m) {
        uint(0x08);
        uint(m.instance.value);
        uint(m.vreg.value);
        string(2, m.payload);
    }
    void operator()(const VregError& m) {
        uint(0x09);
        uint(m.instance.value);
        uint(m.vreg.value);
        uint(m.code);
    }
    void operator()(const GetPathList& m) {
        uint(0x0A);
        uint(m.instance.value);
    }
    void operator()(const GetPathValues& m) {
        uint(0x0B);
        uint(m.instance.value);
        array(m.indexes, [this](std::uint32_t i) { uint(i); });
    }
    void operator()(const PathList& m) {
        uint(0x0D);
        uint(m.instance.value);
        string(2, m.compressed);
    }
    void operator()(const NewPath& m) {
        uint(0x0E);
        uint(m.instance.value);
        uint(m.index);
        string(3, ByteView(reinterpret_cast<const std::uint8_t*>(m.path.data()), m.path.size()));
    }
    void operator()(const PathValue& m) {
        uint(0x0F);
        uint(m.instance.value);
        uint(m.index);
        out_.insert(out_.end(), m.item.begin(), m.item.end());  // kept as encoded
    }
    void operator()(const PathResponse& m) {
        uint(0x10);
        uint(m.instance.value);
        uint(m.index);
        uint(m.response);
    }

  private:
    MessageGenerator& gen_;
    Bytes& out_;
};

TEST(BleMessageRoundTrip, EveryGeneratedMessageDecodesToItself) {
    MessageGenerator gen(1);
    std::array<int, 17> seen{};
    for (int i = 0; i < 20000; ++i) {
        const Message m = gen.message();
        ++seen[static_cast<std::size_t>(opcodeOf(m))];
        const Bytes wire = encodeMessage(m);
        const DecodedTransfer t = decodeTransfer(wire);
        ASSERT_FALSE(t.error.has_value()) << formatMessage(m) << " -> " << toHexSpaced(wire);
        ASSERT_EQ(t.messages, std::vector<Message>{m}) << toHexSpaced(wire);
        ASSERT_EQ(t.paddingBytes, 0u);
    }
    for (const int op : {1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16}) {
        EXPECT_GT(seen[static_cast<std::size_t>(op)], 1000) << op;  // every opcode exercised
    }
}

TEST(BleMessageRoundTrip, WholeTransfersDecodeToTheirMessages) {
    MessageGenerator gen(2);
    for (int i = 0; i < 3000; ++i) {
        const std::vector<Message> messages = gen.transfer();
        const Bytes wire = encodeTransfer(messages);
        const DecodedTransfer t = decodeTransfer(wire);
        ASSERT_FALSE(t.error.has_value()) << toHexSpaced(wire);
        ASSERT_EQ(t.messages, messages);
    }
}

TEST(BleMessageRoundTrip, AnyValidEncodingDecodesToTheSameMessages) {
    MessageGenerator gen(3);
    for (int i = 0; i < 3000; ++i) {
        const std::vector<Message> messages = gen.transfer();
        Bytes wire;
        LenientEncoder enc(gen, wire);
        for (const Message& m : messages) std::visit(enc, m);
        const DecodedTransfer t = decodeTransfer(wire);
        ASSERT_FALSE(t.error.has_value())
            << toHexSpaced(wire) << ": " << decodeErrorName(t.error->reason) << " at "
            << t.error->offset;
        ASSERT_EQ(t.messages, messages) << toHexSpaced(wire);
        // ... and re-encodes canonically: the app's shortest forms.
        EXPECT_EQ(encodeTransfer(t.messages), encodeTransfer(messages));
    }
}

TEST(BleMessageRoundTrip, ATransferCutAnywhereKeepsTheMessagesBeforeTheCut) {
    MessageGenerator gen(4);
    for (int i = 0; i < 300; ++i) {
        const std::vector<Message> messages = gen.transfer();
        std::vector<std::size_t> starts;  // message boundaries
        Bytes wire;
        for (const Message& m : messages) {
            starts.push_back(wire.size());
            appendMessage(wire, m);
        }
        starts.push_back(wire.size());
        std::size_t k = 0;  // the message the cut falls into
        for (std::size_t cut = 0; cut < wire.size(); ++cut) {
            while (starts[k + 1] <= cut) ++k;
            const DecodedTransfer t = decodeTransfer(ByteView(wire.data(), cut));
            ASSERT_GE(t.messages.size(), k);
            EXPECT_TRUE(std::equal(messages.begin(), messages.begin() + static_cast<long>(k),
                                   t.messages.begin()));
            if (cut == starts[k]) {  // at a boundary: the first k messages and nothing else
                EXPECT_FALSE(t.error.has_value());
                EXPECT_EQ(t.messages.size(), k);
                continue;
            }
            if (!t.error) {
                // Only a Subscribe cut right before its optional array is complete on its own.
                ASSERT_EQ(t.messages.size(), k + 1) << toHexSpaced(ByteView(wire.data(), cut));
                const auto* s = std::get_if<Subscribe>(&messages[k]);
                ASSERT_NE(s, nullptr);
                EXPECT_TRUE(s->vregs.has_value());
                EXPECT_EQ(t.messages[k], Message(Subscribe{s->instance, std::nullopt}));
                continue;
            }
            EXPECT_EQ(t.error->reason, DecodeError::Incomplete);
            EXPECT_EQ(t.error->messageOffset, starts[k]);
            EXPECT_GE(t.error->offset, starts[k]);
            EXPECT_LE(t.error->offset, cut);
            EXPECT_EQ(t.messages.size(), k);
        }
    }
}

TEST(BleMessageRoundTrip, AnyChunkingReassemblesToTheSameMessages) {
    MessageGenerator gen(5);
    Recorder r;
    // Generated transfers may exceed the 4096-byte default; the limit has its own tests.
    TransferAssembler assembler(r, AssemblerConfig{std::chrono::seconds(2), 1 << 20});
    std::vector<Message> sent;
    Clock::time_point now{};
    for (int i = 0; i < 2000; ++i) {
        const std::vector<Message> messages = gen.transfer();
        sent.insert(sent.end(), messages.begin(), messages.end());
        const Bytes wire = encodeTransfer(messages);
        if (i % 2 == 0) {  // the Chunker at a random MTU
            for (const Chunk& c : Chunker(23 + gen.below(200)).split(wire)) {
                assembler.feed(c.kind, c.bytes, now);
                now += milliseconds(gen.below(100));
            }
        } else {  // arbitrary cut points, empty MORE chunks included
            std::size_t pos = 0;
            while (true) {
                const std::size_t n = std::min<std::size_t>(gen.below(40), wire.size() - pos);
                const bool last = pos + n == wire.size() && gen.below(2) == 0;
                assembler.feed(last ? ChunkKind::Last : ChunkKind::More,
                               ByteView(wire.data() + pos, n), now);
                now += milliseconds(gen.below(100));
                pos += n;
                if (last) break;
            }
        }
    }
    EXPECT_EQ(r.transfers, 2000);
    EXPECT_TRUE(r.errors.empty());
    EXPECT_TRUE(r.drops.empty());
    EXPECT_EQ(r.messages, sent);
    EXPECT_EQ(assembler.counters().messages, sent.size());
}

TEST(BleMessageRoundTrip, ArbitraryBytesKeepTheDecoderInvariants) {
    MessageGenerator gen(6);
    int decodedSome = 0;
    for (int i = 0; i < 30000; ++i) {
        // Mostly mutated valid transfers (deep coverage), sometimes pure noise.
        Bytes wire = encodeTransfer(gen.transfer());
        if (gen.below(4) == 0) {
            for (std::uint8_t& b : wire) b = static_cast<std::uint8_t>(gen.rng()());
        } else {
            for (std::uint64_t m = 1 + gen.below(4); m > 0; --m) {
                wire[gen.below(wire.size())] = static_cast<std::uint8_t>(gen.rng()());
            }
        }
        wire.resize(gen.below(wire.size() + 1));
        const DecodedTransfer t = decodeTransfer(wire);
        if (t.error) {
            EXPECT_LE(t.error->messageOffset, t.error->offset);
            EXPECT_LE(t.error->offset, wire.size());
            EXPECT_EQ(t.paddingBytes, 0u);
        }
        EXPECT_LE(t.messages.size(), wire.size());
        if (!t.messages.empty()) ++decodedSome;
        // What decoded is a valid message: it survives its own round trip.
        const Bytes again = encodeTransfer(t.messages);
        ASSERT_EQ(decodeTransfer(again).messages, t.messages) << toHexSpaced(wire);
    }
    EXPECT_GT(decodedSome, 10000);
}

}  // namespace
}  // namespace vreglink::ble
