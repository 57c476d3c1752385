#include "capture/att_roles.h"

#include "ble/chunk.h"

#include <array>
#include <string_view>

namespace vreglink::capture {
namespace {

// ATT opcodes (Core Vol 3 Part F §3.4.8).
constexpr std::uint8_t kFindInformationResponse = 0x05;
constexpr std::uint8_t kReadByTypeResponse = 0x09;
constexpr std::size_t kUuid128 = 16;

using Uuid = std::array<std::uint8_t, kUuid128>;

// "306b0002-b081-…" as the 16 bytes ATT carries: little-endian, i.e. reversed.
Uuid attUuid(std::string_view text) {
    Uuid uuid{};
    std::size_t byte = kUuid128;
    for (std::size_t i = 0; i + 1 < text.size() && byte > 0;) {
        if (text[i] == '-') {
            ++i;
            continue;
        }
        uuid[--byte] =
            static_cast<std::uint8_t>(hexDigitValue(text[i]) * 16 + hexDigitValue(text[i + 1]));
        i += 2;
    }
    return uuid;
}

CharacteristicRole roleOfUuid(const std::uint8_t* uuid) {
    static const std::array<std::pair<Uuid, CharacteristicRole>, 3> kRoles{{
        {attUuid(ble::kControlUuid), CharacteristicRole::Control},
        {attUuid(ble::kLastUuid), CharacteristicRole::Last},
        {attUuid(ble::kMoreUuid), CharacteristicRole::More},
    }};
    for (const auto& [known, role] : kRoles) {
        if (std::equal(known.begin(), known.end(), uuid)) return role;
    }
    return CharacteristicRole::None;
}

}  // namespace

void AttRoles::remember(std::uint16_t handle, CharacteristicRole role) {
    if (role == CharacteristicRole::None) return;
    for (auto& [h, r] : discovered_) {
        if (h == handle) {
            r = role;
            return;
        }
    }
    discovered_.emplace_back(handle, role);
}

void AttRoles::learn(ByteView pdu) {
    if (pdu.size() < 2) return;
    if (pdu[0] == kReadByTypeResponse) {
        // u8 length of each item, then items of attribute handle(2) + value(length - 2); a
        // characteristic declaration with a 128-bit UUID has a 19-byte value.
        const std::size_t itemSize = pdu[1];
        if (itemSize != 2 + 3 + kUuid128) return;
        for (std::size_t at = 2; at + itemSize <= pdu.size(); at += itemSize) {
            const std::uint16_t valueHandle = readLe16(&pdu[at + 3]);
            remember(valueHandle, roleOfUuid(&pdu[at + 5]));
        }
        return;
    }
    if (pdu[0] == kFindInformationResponse && pdu[1] == 0x02) {  // format 2: 128-bit UUIDs
        const std::size_t itemSize = 2 + kUuid128;
        for (std::size_t at = 2; at + itemSize <= pdu.size(); at += itemSize) {
            remember(readLe16(&pdu[at]), roleOfUuid(&pdu[at + 2]));
        }
    }
}

CharacteristicRole AttRoles::roleOf(std::uint16_t handle) {
    if (discovered_.empty()) return fallbackRole(handle);
    for (const auto& [h, r] : discovered_) {
        if (h == handle) return r;
    }
    return CharacteristicRole::None;
}

CharacteristicRole AttRoles::fallbackRole(std::uint16_t handle) {
    switch (handle) {
        case 0x24:
            family_ = Family::SmartShunt;
            return CharacteristicRole::Last;
        case 0x27:
            family_ = Family::SmartShunt;
            return CharacteristicRole::More;
        case 0x1B:
            family_ = Family::Orion;
            return CharacteristicRole::Control;
        case 0x1E:
            family_ = Family::Orion;
            return CharacteristicRole::Last;
        case 0x21:
            return family_ == Family::Orion ? CharacteristicRole::More
                                            : CharacteristicRole::Control;
        default:
            return CharacteristicRole::None;
    }
}

void AttRoles::reset() {
    discovered_.clear();
    family_ = Family::Undecided;
}

}  // namespace vreglink::capture
