// A chunk of a transfer and what says whether more follow (ble-gatt.md §2.1-§2.2): nothing in
// the chunk's bytes does. The characteristic it travels on does — `306b0004` MORE for every
// chunk but the last, `306b0003` LAST for the last (or only) one, in both directions. There is
// no marker byte, length, sequence number or padding (§0 findings 3-4).
#pragma once

#include "core/bytes.h"

#include <cstdint>
#include <string_view>

namespace vreglink::ble {

enum class ChunkKind : std::uint8_t {
    More,  // 306b0004: a non-final chunk, buffered by the receiver
    Last,  // 306b0003: the final chunk; the receiver decodes the whole transfer now
};

struct Chunk {
    ChunkKind kind = ChunkKind::Last;
    ByteView bytes;
};

// The VictronConnect service and its characteristics (§1.1). CTRL carries the non-CBOR
// flow-control bytes of §2.3 and never transfer data.
inline constexpr std::string_view kServiceUuid = "306b0001-b081-4037-83dc-e59fcc3cdfd0";
inline constexpr std::string_view kControlUuid = "306b0002-b081-4037-83dc-e59fcc3cdfd0";
inline constexpr std::string_view kLastUuid = "306b0003-b081-4037-83dc-e59fcc3cdfd0";
inline constexpr std::string_view kMoreUuid = "306b0004-b081-4037-83dc-e59fcc3cdfd0";

}  // namespace vreglink::ble
