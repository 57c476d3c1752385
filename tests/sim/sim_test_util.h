// Helpers for the simulator tests: frames written the way the spec writes them.
#pragma once

#include "sim/device_model.h"
#include "vedirect/hex_frame.h"
#include "vedirect/hex_message.h"
#include "vedirect/stream_decoder.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace vreglink::sim::test {

// ":7F0ED0071" -> frame (fails the test on a bad vector).
inline vedirect::HexFrame frame(const std::string& text) {
    vedirect::HexFrameError error{};
    auto f = vedirect::decodeHexFrame(std::string_view(text).substr(1), &error);
    EXPECT_TRUE(f.has_value()) << text << ": " << vedirect::hexFrameErrorName(error);
    return f.value_or(vedirect::HexFrame());
}

// The model's answer to a request, as the spec writes frames (no '\n'; several joined by ' ').
inline std::string ask(DeviceModel& model, const std::string& request) {
    std::string out;
    for (const auto& r : model.handleFrame(frame(request))) {
        std::string s = vedirect::encodeHexFrame(r);
        if (!s.empty() && s.back() == '\n') s.pop_back();
        if (!out.empty()) out += ' ';
        out += s;
    }
    return out;
}

// Collects what the real StreamDecoder delivers.
struct Collector : vedirect::StreamHandler {
    std::vector<vedirect::OwnedFields> blocks;
    std::vector<vedirect::HexFrame> frames;
    int rejected = 0;
    void onTextBlock(const vedirect::TextBlock& block) override {
        blocks.push_back(vedirect::toOwned(block));
    }
    void onHexFrame(const vedirect::HexFrame& f) override { frames.push_back(f); }
    void onRejected(vedirect::RejectReason) override { ++rejected; }
};

// Encodes the model's blocks and decodes them again with the real decoder.
inline std::vector<vedirect::OwnedFields> decodedText(const DeviceModel& model) {
    std::string bytes;
    for (const auto& block : model.textBlocks()) vedirect::appendTextBlock(bytes, block);
    Collector c;
    vedirect::StreamDecoder decoder(c);
    decoder.feed(ByteView(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
    EXPECT_EQ(c.rejected, 0);
    return c.blocks;
}

inline std::vector<std::string> labels(const vedirect::OwnedFields& fields) {
    std::vector<std::string> out;
    for (const auto& [label, value] : fields) out.push_back(label);
    return out;
}

inline std::string field(const vedirect::OwnedFields& fields, const std::string& label) {
    for (const auto& [l, v] : fields) {
        if (l == label) return v;
    }
    ADD_FAILURE() << "no TEXT field " << label;
    return {};
}

inline long long num(const vedirect::OwnedFields& fields, const std::string& label) {
    return std::stoll(field(fields, label));
}

}  // namespace vreglink::sim::test
