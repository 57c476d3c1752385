#include "venus/path_convert.h"

#include "catalog/value_codec.h"
#include "venus/item_text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

namespace vreglink::venus {
namespace {

ItemValue makeValue(const PathSpec& row, double value) {
    if (row.kind == ValueKind::Double) return value;
    const double rounded = std::round(value);
    if (rounded < std::numeric_limits<std::int32_t>::min() ||
        rounded > std::numeric_limits<std::int32_t>::max()) {
        return static_cast<std::int64_t>(rounded);  // velib: int -> x on overflow (§2.4)
    }
    return static_cast<std::int32_t>(rounded);
}

// Range of a fixed-size integer type as raw values.
bool fitsType(catalog::WireType type, std::int64_t raw) {
    const auto size = catalog::fixedSize(type);
    if (!size) return false;
    const unsigned bits = static_cast<unsigned>(*size) * 8;
    if (catalog::isSigned(type)) {
        const std::int64_t limit = std::int64_t{1} << (bits - 1);
        return raw >= -limit && raw < limit;
    }
    return raw >= 0 && raw < (std::int64_t{1} << bits);
}

}  // namespace

std::optional<std::int64_t> parseTextInteger(std::string_view value, TextKind kind) {
    if (kind == TextKind::OnOff) {
        if (value == "ON") return 1;
        if (value == "OFF") return 0;
        return std::nullopt;
    }
    int base = 10;
    if (kind == TextKind::Hex) {
        if (value.size() < 2 || value[0] != '0' || (value[1] != 'x' && value[1] != 'X')) {
            return std::nullopt;
        }
        value.remove_prefix(2);
        base = 16;
    }
    std::int64_t out = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), out, base);
    if (ec != std::errc() || end != value.data() + value.size()) return std::nullopt;  // "---"
    return out;
}

std::optional<std::int64_t> rawInteger(const catalog::RegisterInfo* info, ByteView data) {
    if (info == nullptr) return std::nullopt;
    const auto size = catalog::fixedSize(info->type);
    if (!size || data.size() != *size) return std::nullopt;
    std::uint64_t u = 0;
    for (std::size_t i = 0; i < data.size(); ++i) u |= std::uint64_t{data[i]} << (8 * i);
    if (catalog::isSigned(info->type) && *size < 8) {
        const std::uint64_t sign = std::uint64_t{1} << (8 * *size - 1);
        if (u & sign) return static_cast<std::int64_t>(u) - static_cast<std::int64_t>(sign << 1);
    }
    return static_cast<std::int64_t>(u);
}

ItemValue fromTextRaw(const PathSpec& row, std::int64_t raw) {
    if (row.textInvalid && raw == *row.textInvalid) return Invalid{};
    return makeValue(row, catalog::scaleRaw(raw, row.textScale));
}

ItemValue fromVregRaw(const PathSpec& row, const catalog::RegisterInfo* info, std::int64_t raw) {
    if (row.vregInvalid && raw == *row.vregInvalid) return Invalid{};
    if (info != nullptr && info->notAvailable && raw == *info->notAvailable) return Invalid{};
    if (row.equals) return static_cast<std::int32_t>(raw == *row.equals ? 1 : 0);
    return makeValue(row, catalog::scaleRaw(raw, row.vregScale) + row.vregOffset);
}

std::optional<Bytes> encodeWrite(const PathSpec& row, const catalog::RegisterInfo* info,
                                 const ItemValue& requested) {
    const auto number = numberOf(requested);
    if (!number || !std::isfinite(*number) || info == nullptr) return std::nullopt;
    const double scaled = (*number - row.vregOffset) / row.vregScale;
    if (std::abs(scaled) > 1e15) return std::nullopt;
    const auto raw = static_cast<std::int64_t>(std::llround(scaled));
    if (!row.accepted.empty() &&
        std::find(row.accepted.begin(), row.accepted.end(), raw) == row.accepted.end()) {
        return std::nullopt;
    }
    if (!fitsType(info->type, raw)) return std::nullopt;
    // The catalog's range is in its display units (raw * scale + offset).
    const double display = static_cast<double>(raw) * info->scale + info->offset;
    if ((info->min && display < *info->min) || (info->max && display > *info->max)) {
        return std::nullopt;
    }
    Bytes out;
    const auto size = *catalog::fixedSize(info->type);
    const auto u = static_cast<std::uint64_t>(raw);
    for (std::size_t i = 0; i < size; ++i) out.push_back(static_cast<std::uint8_t>(u >> (8 * i)));
    return out;
}

std::string rowText(const PathSpec& row, const ItemValue& value) {
    return itemText(value, row.format);
}

}  // namespace vreglink::venus
