#include "vedirect/text_block.h"

#include <algorithm>

namespace vreglink::vedirect {

std::optional<std::string_view> TextBlock::find(std::string_view label) const {
    // Labels are case-sensitive (§2.1): "Relay" and "RELAY" are different fields.
    const auto it = std::find_if(fields.begin(), fields.end(),
                                 [label](const TextField& f) { return f.label == label; });
    if (it == fields.end()) return std::nullopt;
    return it->value;
}

OwnedFields toOwned(const TextBlock& block) {
    OwnedFields out;
    out.reserve(block.fields.size());
    for (const TextField& f : block.fields) out.emplace_back(f.label, f.value);
    return out;
}

void appendTextBlock(std::string& out, const OwnedFields& fields) {
    const std::size_t start = out.size();
    for (const auto& [label, value] : fields) {
        out.append("\r\n");
        out.append(label);
        out.push_back('\t');
        out.append(value);
    }
    out.append("\r\nChecksum\t");
    // The checksum byte makes every byte of the block, from its leading "\r\n" through the
    // checksum byte itself, sum to 0 mod 256 (§2.2). It is raw and may be ':' '\r' '\n'.
    unsigned sum = 0;
    for (std::size_t i = start; i < out.size(); ++i) sum += static_cast<unsigned char>(out[i]);
    out.push_back(static_cast<char>(static_cast<unsigned char>((0x100u - (sum & 0xFFu)) & 0xFFu)));
}

std::string encodeTextBlock(const OwnedFields& fields) {
    std::string out;
    appendTextBlock(out, fields);
    return out;
}

}  // namespace vreglink::vedirect
