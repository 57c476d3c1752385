#include "catalog/codec_util.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <limits>

namespace vreglink::catalog::detail {

std::string_view trim(std::string_view text) {
    const auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!text.empty() && isSpace(text.front())) text.remove_prefix(1);
    while (!text.empty() && isSpace(text.back())) text.remove_suffix(1);
    return text;
}

std::string toLower(std::string_view text) {
    std::string out(text);
    for (auto& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && toLower(a) == toLower(b);
}

std::optional<std::int64_t> parseInteger(std::string_view text) {
    if (text.empty()) return std::nullopt;
    std::int64_t value = 0;
    const char* first = text.data();
    const char* last = text.data() + text.size();
    int base = 10;
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        first += 2;
        base = 16;
        std::uint64_t u = 0;
        const auto [ptr, ec] = std::from_chars(first, last, u, base);
        if (ec != std::errc() || ptr != last ||
            u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            return std::nullopt;
        }
        return static_cast<std::int64_t>(u);
    }
    if (*first == '+') ++first;
    if (first == last) return std::nullopt;
    const auto [ptr, ec] = std::from_chars(first, last, value, base);
    if (ec != std::errc() || ptr != last) return std::nullopt;
    return value;
}

std::optional<double> parseDouble(std::string_view text) {
    if (text.empty()) return std::nullopt;
    const char* first = text.data();
    const char* last = text.data() + text.size();
    if (*first == '+') ++first;
    double value = 0;
    const auto [ptr, ec] = std::from_chars(first, last, value);
    if (ec != std::errc() || ptr != last || !std::isfinite(value)) return std::nullopt;
    return value;
}

std::optional<Decimal> parseDecimal(std::string_view text) {
    Decimal d;
    bool negative = false;
    if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    bool seenDigit = false, seenPoint = false;
    int significant = 0;
    for (const char c : text) {
        if (c == '.' && !seenPoint) {
            seenPoint = true;
        } else if (c >= '0' && c <= '9') {
            seenDigit = true;
            if (significant > 0 || c != '0') ++significant;
            if (significant > 30) return std::nullopt;
            d.mantissa = d.mantissa * 10 + (c - '0');
            if (seenPoint) ++d.exponent;
        } else {
            return std::nullopt;
        }
    }
    if (!seenDigit) return std::nullopt;
    if (negative) d.mantissa = -d.mantissa;
    return d;
}

Decimal toDecimal(double value) {
    Decimal d;
    double scaled = value;
    for (int e = 0; e <= 9; ++e) {
        const double rounded = std::round(scaled);
        if (std::fabs(scaled - rounded) < 1e-6) {
            d.mantissa = static_cast<__int128>(static_cast<long long>(rounded));
            d.exponent = e;
            return d;
        }
        scaled *= 10;
    }
    d.mantissa = static_cast<__int128>(static_cast<long long>(std::round(scaled)));
    d.exponent = 10;
    return d;
}

int decimalsOf(double scale) {
    return toDecimal(scale).exponent;
}

std::string formatNumber(double value, int decimals) {
    std::string text = fmt::format("{:.{}f}", value, decimals);
    if (text.front() == '-' && text.find_first_not_of("-0.") == std::string::npos) {
        text.erase(0, 1);  // "-0.00": rounding noise, not a negative value
    }
    return text;
}

std::string displayUnit(std::string_view unit) {
    if (unit == "degC") return "°C";
    return std::string(unit);
}

std::int64_t typeMin(WireType type) {
    switch (type) {
        case WireType::Sn8:
            return -128;
        case WireType::Sn16:
            return -32768;
        case WireType::Sn32:
            return -2147483648LL;
        default:
            return 0;
    }
}

std::int64_t typeMax(WireType type) {
    switch (type) {
        case WireType::Un8:
            return 0xFF;
        case WireType::Sn8:
            return 0x7F;
        case WireType::Un16:
            return 0xFFFF;
        case WireType::Sn16:
            return 0x7FFF;
        case WireType::Un24:
            return 0xFFFFFF;
        case WireType::Un32:
            return 0xFFFFFFFFLL;
        case WireType::Sn32:
            return 0x7FFFFFFF;
        default:
            return 0;
    }
}

std::int64_t readInteger(const std::uint8_t* p, std::size_t size, bool isSigned) {
    std::uint64_t u = 0;
    for (std::size_t i = 0; i < size; ++i) u |= static_cast<std::uint64_t>(p[i]) << (8 * i);
    if (isSigned && size > 0 && size < 8) {
        const std::uint64_t sign = std::uint64_t{1} << (8 * size - 1);
        if ((u & sign) != 0) u |= ~((sign << 1) - 1);  // two's complement sign extension
    }
    return static_cast<std::int64_t>(u);
}

std::optional<std::int64_t> defaultNotAvailable(WireType type) {
    if (!fixedSize(type)) return std::nullopt;
    return typeMax(type);  // 0xFF.., or 0x7F.. for signed types: the velib convention
}

std::optional<DecodedValue> decodeLabels(const RegisterInfo& info, std::int64_t raw) {
    if (info.labels.empty()) return std::nullopt;
    DecodedValue v;
    v.raw = raw;
    v.number = static_cast<double>(raw);
    if (!info.bitmask) {
        const EnumLabel* label = info.labelFor(raw);
        if (label == nullptr) return std::nullopt;
        v.kind = DecodedValue::Kind::Label;
        v.text = label->label;
        return v;
    }
    v.kind = DecodedValue::Kind::Flags;
    const auto bits = static_cast<std::uint64_t>(raw);
    for (unsigned bit = 0; bit < 64; ++bit) {
        if ((bits & (std::uint64_t{1} << bit)) == 0) continue;
        if (!v.text.empty()) v.text += '|';
        const EnumLabel* name = nullptr;
        for (const auto& l : info.labels) {
            if (l.value == static_cast<std::int64_t>(bit)) name = &l;
        }
        v.text += name != nullptr ? name->label : fmt::format("bit{}", bit);
    }
    if (v.text.empty()) v.text = "none";
    return v;
}

}  // namespace vreglink::catalog::detail
