// VE.Direct TEXT blocks (vedirect.md §2.1–2.2): fields "\r\n" label "\t" value, then
// "\r\nChecksum\t" and one raw byte that makes the whole block sum to 0 mod 256.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vreglink::vedirect {

// Limits of Victron's reference frame handler (§2.1).
inline constexpr std::size_t kMaxLabelLength = 8;
inline constexpr std::size_t kMaxValueLength = 32;
inline constexpr std::size_t kMaxFieldsPerBlock = 22;

struct TextField {
    std::string_view label;
    std::string_view value;
};

// A block whose checksum verified. Views are valid only during the callback that delivers it.
struct TextBlock {
    std::span<const TextField> fields;

    std::optional<std::string_view> find(std::string_view label) const;
};

// An owning copy, for caches and for building blocks.
using OwnedFields = std::vector<std::pair<std::string, std::string>>;
OwnedFields toOwned(const TextBlock& block);

// Appends a complete block (leading "\r\n" through the checksum byte) for these fields.
// Used by the simulator and tests; the checksum byte may be any value, including ':' '\r' '\n'.
void appendTextBlock(std::string& out, const OwnedFields& fields);
std::string encodeTextBlock(const OwnedFields& fields);

}  // namespace vreglink::vedirect
