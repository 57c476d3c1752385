// TEXT block encoding and the checksum of every TEXT vector (vedirect-vectors.md §1, §0).
#include "vedirect/text_block.h"

#include "test_support.h"

#include <gtest/gtest.h>

namespace vreglink::vedirect {
namespace {

using namespace testing;

struct BlockVector {
    const char* name;
    const std::string* bytes;
    std::size_t length;
    unsigned char checksum;
};

const BlockVector kBlocks[] = {
    {"T1", &kT1, 172, 0x29}, {"T2", &kT2, 200, 0x87},   {"T3", &kT3, 183, 0x9D},
    {"T4", &kT4, 194, 0xFD}, {"T5a", &kT5a, 148, 0xEE}, {"T5b", &kT5b, 167, 0x10},
    {"T6", &kT6, 142, 0x80}, {"T7", &kT7, 146, 0xA8},   {"T8", &kT8, 154, 0xD9},
};

TEST(TextBlock, VectorsHaveDocumentedLengthAndChecksum) {
    for (const BlockVector& v : kBlocks) {
        EXPECT_EQ(v.bytes->size(), v.length) << v.name;
        EXPECT_EQ(static_cast<unsigned char>(v.bytes->back()), v.checksum) << v.name;
        EXPECT_EQ(byteSum(*v.bytes) % 256, 0u) << v.name;
    }
}

TEST(TextBlock, EncodeReproducesEveryVectorByteExact) {
    for (const BlockVector& v : kBlocks) {
        EXPECT_EQ(encodeTextBlock(splitBlock(*v.bytes)), *v.bytes) << v.name;
    }
}

TEST(TextBlock, T9ChecksumBytesThatLookLikeDelimiters) {
    struct Case {
        const char* v;
        const char* ppv;
        char checksum;
    };
    for (const Case& c :
         {Case{"13419", "0", ':'}, Case{"13409", "10", '\n'}, Case{"13406", "10", '\r'}}) {
        OwnedFields fields = splitBlock(kT4);
        for (auto& [label, value] : fields) {
            if (label == "V") value = c.v;
            if (label == "PPV") value = c.ppv;
        }
        const std::string block = encodeTextBlock(fields);
        EXPECT_EQ(block.back(), c.checksum);
        EXPECT_EQ(byteSum(block) % 256, 0u);
        EXPECT_EQ(block.substr(block.size() - 24),
                  std::string("295\r\nHSDS\t57\r\nChecksum\t") + c.checksum);
    }
}

TEST(TextBlock, AppendAndFind) {
    const OwnedFields fields = {{"PID", "0xA053"}, {"T", "---"}, {"Relay", "OFF"}};
    std::string out = "noise";
    appendTextBlock(out, fields);
    EXPECT_EQ(out.substr(0, 5), "noise");
    EXPECT_EQ(byteSum(out.substr(5)) % 256, 0u);

    const TextField raw[] = {{"PID", "0xA053"}, {"T", "---"}, {"Relay", "OFF"}};
    const TextBlock block{raw};
    EXPECT_EQ(block.find("T"), "---");
    EXPECT_EQ(block.find("Relay"), "OFF");
    EXPECT_FALSE(block.find("RELAY"));  // labels are case-sensitive (§2.1)
    EXPECT_FALSE(block.find("V"));
    EXPECT_EQ(toOwned(block), fields);
}

TEST(TextBlock, EmptyFieldListStillGetsAChecksum) {
    const std::string block = encodeTextBlock({});
    EXPECT_EQ(block.substr(0, 11), "\r\nChecksum\t");
    EXPECT_EQ(block.size(), 12u);
    EXPECT_EQ(byteSum(block) % 256, 0u);
}

}  // namespace
}  // namespace vreglink::vedirect
