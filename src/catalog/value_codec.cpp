// decodeValue / checkRawValue / DecodedValue::display. Encoding lives in value_encode.cpp.
#include "catalog/value_codec.h"

#include "catalog/codec_util.h"

#include <fmt/format.h>

#include <cmath>

namespace vreglink::catalog {

namespace {

// Longest payload a VREG carries on any link: krahabb caps HEX values at 64 raw bytes and the
// biggest standard records (history days) are 34 bytes (vedirect.md §3.1).
constexpr std::size_t kMaxPayload = 64;

DecodedValue raw(ByteView data, std::string note) {
    DecodedValue v;
    v.kind = DecodedValue::Kind::Raw;
    v.text = toHex(data);
    v.note = std::move(note);
    return v;
}

DecodedValue decodeString(ByteView data) {
    // Strings are NUL-terminated or NUL-padded (0x010A serial: 16 bytes on an MPPT, 24 on a
    // SmartShunt; vedirect.md §3.3). Show up to the first NUL; anything unprintable before it
    // means this is not text we understand, so show the bytes.
    std::string text;
    for (const auto b : data) {
        if (b == 0) break;
        if (b < 0x20 || b > 0x7E) return raw(data, "string with non-printable bytes");
        text.push_back(static_cast<char>(b));
    }
    DecodedValue v;
    v.kind = DecodedValue::Kind::Text;
    v.text = std::move(text);
    return v;
}

}  // namespace

std::string DecodedValue::display() const {
    if (kind == Kind::Number && !unit.empty()) {
        // No space before '%' would be nicer for some, but one rule is easier to parse back.
        return text + " " + unit;
    }
    return text;
}

double scaleRaw(std::int64_t raw, double scale) {
    const double inverse = 1.0 / scale;  // 0.01 -> 100, 0.25 -> 4
    const double whole = std::round(inverse);
    if (whole >= 1.0 && std::fabs(inverse - whole) <= 1e-9 * whole) {
        return static_cast<double>(raw) / whole;
    }
    return static_cast<double>(raw) * scale;  // 1, 10, 2.5: exact enough as it is
}

DecodedValue decodeValue(const RegisterInfo* info, ByteView data) {
    if (info == nullptr) return raw(data, "unknown register");
    if (info->type == WireType::String) return decodeString(data);
    if (info->type == WireType::Bytes) return raw(data, "");

    const std::size_t size = *fixedSize(info->type);
    if (data.size() != size) {
        return raw(data, fmt::format("{} bytes, expected {} for {}", data.size(), size,
                                     wireTypeName(info->type)));
    }
    const std::int64_t rawValue = detail::readInteger(data.data(), size, isSigned(info->type));

    // An enum label for the sentinel value wins over "n/a" (e.g. 0xED2F 255 = user_defined).
    if (auto labelled = detail::decodeLabels(*info, rawValue)) return *labelled;
    if (info->notAvailable && *info->notAvailable == rawValue) {
        DecodedValue v;
        v.kind = DecodedValue::Kind::NotAvailable;
        v.text = "n/a";
        v.raw = rawValue;
        return v;
    }
    DecodedValue v;
    v.kind = DecodedValue::Kind::Number;
    v.raw = rawValue;
    v.number = scaleRaw(rawValue, info->scale) + info->offset;
    v.text = detail::formatNumber(*v.number, detail::decimalsOf(info->scale));
    v.unit = detail::displayUnit(info->unit);
    return v;
}

Result<Bytes> checkRawValue(const RegisterInfo* info, ByteView data) {
    if (info == nullptr) return Bytes(data.begin(), data.end());  // transparent gateway
    if (const auto size = fixedSize(info->type)) {
        if (data.size() != *size) {
            return Error{fmt::format("{} needs exactly {} byte{} ({}), got {}", info->name, *size,
                                     *size == 1 ? "" : "s", wireTypeName(info->type), data.size())};
        }
    } else if (data.size() > kMaxPayload) {
        return Error{fmt::format("{} bytes is too long for {} (at most {})", data.size(),
                                 info->name, kMaxPayload)};
    }
    return Bytes(data.begin(), data.end());
}

Result<Bytes> checkRawRange(const RegisterInfo* info, ByteView data) {
    const Bytes bytes(data.begin(), data.end());
    if (info == nullptr || (!info->min && !info->max)) return bytes;
    const auto size = fixedSize(info->type);
    if (!size || data.size() != *size) return bytes;
    const std::int64_t rawValue = detail::readInteger(data.data(), *size, isSigned(info->type));
    if (info->notAvailable && *info->notAvailable == rawValue) return bytes;
    const double value = scaleRaw(rawValue, info->scale) + info->offset;
    // Limits are decimals in display units; raw * scale is binary floating point (0.1 * 3 =
    // 0.30000000000000004), so allow a sliver of one step.
    const double slack = std::fabs(info->scale) * 1e-6;
    const int decimals = detail::decimalsOf(info->scale);
    const auto shown = [&](double v) {
        return detail::formatNumber(v, decimals) +
               (info->unit.empty() ? std::string() : " " + detail::displayUnit(info->unit));
    };
    if (info->min && value < *info->min - slack) {
        return Error{fmt::format("{} is below the minimum {} of {}", shown(value),
                                 shown(*info->min), info->name)};
    }
    if (info->max && value > *info->max + slack) {
        return Error{fmt::format("{} is above the maximum {} of {}", shown(value),
                                 shown(*info->max), info->name)};
    }
    return bytes;
}

}  // namespace vreglink::catalog
