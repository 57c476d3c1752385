#include "vedirect/hex_message.h"

#include "vedirect/hex_tables.h"

#include <array>

namespace vreglink::vedirect {
namespace {

// Get/Set/Async payload header: id little-endian (§3.1), then the flags byte.
constexpr std::size_t kVregHeader = 3;

std::optional<HexFrame> makeVregFrame(std::uint8_t command, VregId id, std::uint8_t flags,
                                      ByteView value) {
    if (value.size() > kMaxHexPayload - kVregHeader) return std::nullopt;
    std::array<std::uint8_t, kMaxHexPayload> buf{};
    buf[0] = static_cast<std::uint8_t>(id.value & 0xFF);
    buf[1] = static_cast<std::uint8_t>(id.value >> 8);
    buf[2] = flags;
    std::copy(value.begin(), value.end(), buf.begin() + kVregHeader);
    return HexFrame(command, ByteView(buf.data(), kVregHeader + value.size()));
}

}  // namespace

HexFrame makeCommand(HexCommand command) {
    return HexFrame(static_cast<std::uint8_t>(command), {});
}

HexFrame makeGet(VregId id) {
    // Requests always carry flags 0 (§3.3); an empty value always fits.
    return *makeVregFrame(static_cast<std::uint8_t>(HexCommand::Get), id, 0, {});
}

std::optional<HexFrame> makeSet(VregId id, ByteView value) {
    return makeVregFrame(static_cast<std::uint8_t>(HexCommand::Set), id, 0, value);
}

std::optional<HexFrame> makeVregResponse(HexResponse response, VregId id, std::uint8_t flags,
                                         ByteView value) {
    // A device answers an error with no value bytes (":77777015F", §3.3).
    if (flags != 0) value = {};
    return makeVregFrame(static_cast<std::uint8_t>(response), id, flags, value);
}

HexFrame makeU16Response(HexResponse response, std::uint16_t value) {
    const std::array<std::uint8_t, 2> le{static_cast<std::uint8_t>(value & 0xFF),
                                         static_cast<std::uint8_t>(value >> 8)};
    return HexFrame(static_cast<std::uint8_t>(response), le);
}

HexFrame makeFrameErrorResponse() {
    // Error 0x4 with payload 0xAAAA: ":4AAAAFD" (§3.2).
    return makeU16Response(HexResponse::Error, 0xAAAA);
}

std::optional<VregFrame> parseVregFrame(const HexFrame& frame) {
    const auto cmd = static_cast<HexResponse>(frame.command());
    if (cmd != HexResponse::Get && cmd != HexResponse::Set && cmd != HexResponse::Async) {
        return std::nullopt;
    }
    const ByteView p = frame.payload();
    if (p.size() < kVregHeader) return std::nullopt;
    return VregFrame{VregId(readLe16(p.data())), p[2], p.subspan(kVregHeader)};
}

std::optional<std::uint16_t> parseU16(const HexFrame& frame) {
    const auto cmd = static_cast<HexResponse>(frame.command());
    if (cmd != HexResponse::Ping && cmd != HexResponse::Done) return std::nullopt;
    const ByteView p = frame.payload();
    if (p.size() != 2) return std::nullopt;
    return readLe16(p.data());
}

VregStatus statusFromFlags(std::uint8_t flags) {
    // §3.6 rule 3: 0x01 unknown id and 0x02 not supported/read-only mean "not supported";
    // 0x04 and any combination or undocumented bit are reported as invalid data.
    switch (flags) {
        case 0:
            return VregStatus::ok();
        case hexflags::kUnknownId:
        case hexflags::kNotSupported:
            return VregStatus::notSupported();
        default:
            return VregStatus::invalid();
    }
}

std::string describeFlags(std::uint8_t flags) {
    if (flags == 0) return "ok";
    std::string out;
    const auto add = [&out](std::string_view what) {
        if (!out.empty()) out.push_back('+');
        out.append(what);
    };
    if (flags & hexflags::kUnknownId) add("unknown id");
    if (flags & hexflags::kNotSupported) add("not supported");
    if (flags & hexflags::kParameterError) add("parameter error");
    const auto rest = static_cast<std::uint8_t>(
        flags & ~(hexflags::kUnknownId | hexflags::kNotSupported | hexflags::kParameterError));
    if (rest != 0) {
        const char text[] = {'0', 'x', detail::kUpperDigits[rest >> 4],
                             detail::kUpperDigits[rest & 0x0F]};
        add(std::string_view(text, sizeof text));
    }
    return out;
}

std::string formatFirmwareVersion(std::uint16_t version) {
    // The low 12 bits read digit by digit as X.YY: 0x4161 -> "1.61" (§3.2); the top nibble is a
    // firmware-type marker and is not shown.
    return {detail::kUpperDigits[(version >> 8) & 0x0F], '.',
            detail::kUpperDigits[(version >> 4) & 0x0F], detail::kUpperDigits[version & 0x0F]};
}

}  // namespace vreglink::vedirect
