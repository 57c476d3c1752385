// encodeValue: what people type -> register bytes, with messages that name the limit.
#include "catalog/codec_util.h"
#include "catalog/value_codec.h"

#include <fmt/format.h>

#include <array>
#include <cmath>

namespace vreglink::catalog {

namespace {

using detail::iequals;

// Tolerance when a typed number is not an exact multiple of the scale: a millionth of a step
// absorbs "14.4000000001"-style noise from scripts without accepting a genuinely finer value.
constexpr double kStepTolerance = 1e-6;
constexpr std::size_t kMaxPayload = 64;  // vedirect.md §3.1

bool startsWithI(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

// The words people use for booleans; only honoured on registers whose labels say 0/1 mean
// off/on (e.g. "0=off;1=on", "0=no;1=yes", relay "0=open;1=closed").
std::optional<bool> booleanWord(std::string_view text) {
    for (const auto w : {"on", "true", "yes"}) {
        if (iequals(text, w)) return true;
    }
    for (const auto w : {"off", "false", "no"}) {
        if (iequals(text, w)) return false;
    }
    return std::nullopt;
}

bool isBooleanRegister(const RegisterInfo& info) {
    if (info.bitmask) return false;
    const EnumLabel* off = info.labelFor(0);
    const EnumLabel* on = info.labelFor(1);
    if (off == nullptr || on == nullptr) return false;
    constexpr std::array<std::string_view, 4> offWords{"off", "no", "false", "open"};
    constexpr std::array<std::string_view, 4> onWords{"on", "yes", "true", "closed"};
    return std::find(offWords.begin(), offWords.end(), off->label) != offWords.end() &&
           std::find(onWords.begin(), onWords.end(), on->label) != onWords.end();
}

std::string labelList(const RegisterInfo& info) {
    std::string out;
    std::size_t n = 0;
    for (const auto& l : info.labels) {
        if (n == 8) {
            out += ", …";
            break;
        }
        if (n++ > 0) out += ", ";
        out += l.label;
    }
    return out;
}

Error unknownLabel(const RegisterInfo& info, std::string_view text) {
    return Error{fmt::format("unknown label '{}' for {} ({})", text, info.name, labelList(info))};
}

std::string withUnit(std::string_view number, const RegisterInfo& info) {
    if (info.unit.empty()) return std::string(number);
    return fmt::format("{} {}", number, detail::displayUnit(info.unit));
}

std::string displayOf(const RegisterInfo& info, double value) {
    return withUnit(detail::formatNumber(value, detail::decimalsOf(info.scale)), info);
}

Bytes toBytes(const RegisterInfo& info, std::int64_t raw) {
    Bytes out;
    const auto u = static_cast<std::uint64_t>(raw);
    for (std::size_t i = 0; i < *fixedSize(info.type); ++i) {
        out.push_back(static_cast<std::uint8_t>((u >> (8 * i)) & 0xFF));
    }
    return out;
}

// Final checks shared by every integer input form: type range and the n/a sentinel.
Result<Bytes> finishInteger(const RegisterInfo& info, __int128 raw, std::string_view shown) {
    const auto lo = detail::typeMin(info.type);
    const auto hi = detail::typeMax(info.type);
    if (raw < lo) {
        return Error{
            fmt::format("{} is below the minimum {} of {} ({})", shown,
                        displayOf(info, static_cast<double>(lo) * info.scale + info.offset),
                        info.name, wireTypeName(info.type))};
    }
    if (raw > hi) {
        return Error{
            fmt::format("{} is above the maximum {} of {} ({})", shown,
                        displayOf(info, static_cast<double>(hi) * info.scale + info.offset),
                        info.name, wireTypeName(info.type))};
    }
    const auto value = static_cast<std::int64_t>(raw);
    if (info.notAvailable && *info.notAvailable == value && info.labelFor(value) == nullptr) {
        return Error{fmt::format("{} is the 'not available' value of {} and cannot be written",
                                 shown, info.name)};
    }
    return toBytes(info, value);
}

// "a|b|bit12" or "none" for bitmask registers.
std::optional<std::int64_t> parseFlags(const RegisterInfo& info, std::string_view text) {
    if (iequals(text, "none")) return 0;
    std::uint64_t bits = 0;
    while (true) {
        const auto bar = text.find('|');
        const auto token = detail::trim(text.substr(0, bar));
        bool found = false;
        for (const auto& l : info.labels) {
            if (iequals(token, l.label)) {
                bits |= std::uint64_t{1} << l.value;
                found = true;
            }
        }
        if (!found && startsWithI(token, "bit")) {
            const auto n = detail::parseInteger(token.substr(3));
            if (n && *n >= 0 && *n < static_cast<std::int64_t>(8 * *fixedSize(info.type))) {
                bits |= std::uint64_t{1} << *n;
                found = true;
            }
        }
        if (!found) return std::nullopt;
        if (bar == std::string_view::npos) break;
        text = text.substr(bar + 1);
    }
    return static_cast<std::int64_t>(bits);
}

bool unitMatches(const RegisterInfo& info, std::string_view typed) {
    if (info.unit == "degC") {
        return iequals(typed, "degC") || iequals(typed, "°C") || iequals(typed, "C");
    }
    return iequals(typed, info.unit);
}

Result<Bytes> encodeNumber(const RegisterInfo& info, std::string_view text) {
    std::size_t end = 0;
    while (end < text.size() &&
           (std::string_view("+-.0123456789").find(text[end]) != std::string_view::npos)) {
        ++end;
    }
    const std::string_view number = text.substr(0, end);
    const std::string_view unit = detail::trim(text.substr(end));
    if (number.find_first_of("0123456789") == std::string_view::npos) {
        if (!info.labels.empty()) return unknownLabel(info, text);
        return Error{fmt::format("'{}' is not a number ({} takes {})", text, info.name,
                                 info.unit.empty()
                                     ? std::string("a number")
                                     : "a value in " + detail::displayUnit(info.unit))};
    }
    if (!unit.empty() && !unitMatches(info, unit)) {
        if (info.unit.empty()) {
            return Error{
                fmt::format("unit '{}' does not match {}, which has no unit", unit, info.name)};
        }
        return Error{
            fmt::format("unit '{}' does not match {}", unit, detail::displayUnit(info.unit))};
    }
    const auto value = detail::parseDecimal(number);
    if (!value) return Error{fmt::format("'{}' is not a number", number)};
    const std::string shown = withUnit(number, info);

    // Catalog limits are in display units (data/registers.csv min/max).
    const double asDouble = static_cast<double>(value->mantissa) / std::pow(10.0, value->exponent);
    if (info.min && asDouble < *info.min) {
        return Error{fmt::format("{} is below the minimum {} of {}", shown,
                                 displayOf(info, *info.min), info.name)};
    }
    if (info.max && asDouble > *info.max) {
        return Error{fmt::format("{} is above the maximum {} of {}", shown,
                                 displayOf(info, *info.max), info.name)};
    }

    // raw = (value - offset) / scale, exactly: bring the three decimals to one exponent.
    const auto scale = detail::toDecimal(info.scale);
    const auto offset = detail::toDecimal(info.offset);
    const int n = std::max({value->exponent, scale.exponent, offset.exponent});
    const auto pow10 = [](int e) {
        __int128 p = 1;
        for (int i = 0; i < e; ++i) p *= 10;
        return p;
    };
    const __int128 num =
        value->mantissa * pow10(n - value->exponent) - offset.mantissa * pow10(n - offset.exponent);
    const __int128 den = scale.mantissa * pow10(n - scale.exponent);
    __int128 raw = num / den;
    const __int128 rem = num % den;
    const double fraction = std::fabs(static_cast<double>(rem) / static_cast<double>(den));
    if (fraction > kStepTolerance) {
        if (fraction < 1 - kStepTolerance) {
            return Error{fmt::format(
                "{} is not a multiple of {}", number,
                withUnit(detail::formatNumber(info.scale, detail::decimalsOf(info.scale)), info))};
        }
        raw += num < 0 ? -1 : 1;  // the remainder was a hair below a whole step
    }
    return finishInteger(info, raw, shown);
}

Result<Bytes> encodeInteger(const RegisterInfo& info, std::string_view text) {
    if (!info.labels.empty()) {
        if (info.bitmask) {
            if (const auto flags = parseFlags(info, text)) return finishInteger(info, *flags, text);
        } else {
            for (const auto& l : info.labels) {
                if (iequals(text, l.label)) return finishInteger(info, l.value, text);
            }
        }
    }
    if (const auto b = booleanWord(text)) {
        if (isBooleanRegister(info)) return finishInteger(info, *b ? 1 : 0, text);
        if (!info.labels.empty()) return unknownLabel(info, text);
        return Error{fmt::format("'{}' is only accepted for on/off registers; {} takes a number",
                                 text, info.name)};
    }
    if (startsWithI(text, "0x")) {
        if (info.scale != 1.0 || info.offset != 0.0) {
            return Error{fmt::format(
                "hex integers are only accepted for unscaled registers; {} is in steps of {} "
                "(write hex:<bytes> for raw bytes)",
                info.name,
                withUnit(detail::formatNumber(info.scale, detail::decimalsOf(info.scale)), info))};
        }
        const auto v = detail::parseInteger(text);
        if (!v) return Error{fmt::format("'{}' is not a hex integer", text)};
        return finishInteger(info, *v, text);
    }
    return encodeNumber(info, text);
}

Result<Bytes> encodeString(const RegisterInfo& info, std::string_view text) {
    // NUL padding to the device's field size is the device's business (vedirect.md §3.3).
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u > 0x7E) {
            return Error{fmt::format("{} takes printable ASCII text only", info.name)};
        }
    }
    if (text.size() > kMaxPayload) {
        return Error{fmt::format("text is too long for {} ({} characters, at most {})", info.name,
                                 text.size(), kMaxPayload)};
    }
    return Bytes(text.begin(), text.end());
}

}  // namespace

Result<Bytes> encodeValue(const RegisterInfo* info, std::string_view input) {
    const std::string_view text = detail::trim(input);
    if (startsWithI(text, "hex:")) {
        const auto bytes = parseHexBytes(detail::trim(text.substr(4)));
        if (!bytes) return Error{fmt::format("'{}' is not hex bytes", text.substr(4))};
        return checkRawValue(info, *bytes);
    }
    if (info == nullptr) {
        const auto bytes = text.empty() ? std::nullopt : parseHexBytes(text);
        if (!bytes) {
            return Error{"unknown register: only raw hex is accepted (e.g. hex:9600 or 9600)"};
        }
        return checkRawValue(info, *bytes);
    }
    switch (info->type) {
        case WireType::String:
            return encodeString(*info, text);
        case WireType::Bytes: {
            // Commands (0x031F, 0x1029, …) are a SET with an empty payload.
            if (text.empty() && info->access == Access::Command) return Bytes{};
            const auto bytes = text.empty() ? std::nullopt : parseHexBytes(text);
            if (!bytes) {
                return Error{
                    fmt::format("{} is a bytes register: give hex, e.g. hex:0a0b", info->name)};
            }
            return checkRawValue(info, *bytes);
        }
        default:
            break;
    }
    if (text.empty()) return Error{fmt::format("empty value for {}", info->name)};
    return encodeInteger(*info, text);
}

}  // namespace vreglink::catalog
