#include "catalog/catalog_parse.h"

#include "catalog/codec_util.h"
#include "catalog/csv.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <string>

namespace vreglink::catalog::detail {

namespace {

// Names and labels: lower_snake_case ASCII; a label may start with a digit ("60hz").
bool isSnakeCase(std::string_view s) {
    return !s.empty() && s.front() != '_' && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
}

std::optional<std::int64_t> parseHexOnly(std::string_view text) {
    if (text.size() < 3 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X')) {
        return std::nullopt;
    }
    return parseInteger(text);
}

// "value=label;value=label" or "b0=label;b3=label" (vedirect.md §2.6 enumerations).
Result<bool> parseLabels(std::string_view text, RegisterInfo& info) {
    if (text.empty()) return false;
    if (!fixedSize(info.type)) return Error{"labels need an integer type"};
    std::set<std::int64_t> values;
    std::set<std::string> names;
    bool first = true;
    while (!text.empty()) {
        const auto semi = text.find(';');
        const std::string_view entry = text.substr(0, semi);
        text = semi == std::string_view::npos ? std::string_view{} : text.substr(semi + 1);
        const auto eq = entry.find('=');
        if (eq == std::string_view::npos) {
            return Error{fmt::format("entry '{}' is not value=label", entry)};
        }
        std::string_view key = entry.substr(0, eq);
        const std::string_view label = entry.substr(eq + 1);
        const bool isBit = key.size() > 1 && key[0] == 'b';
        if (first) info.bitmask = isBit;
        first = false;
        if (isBit != info.bitmask) {
            return Error{fmt::format("entry '{}' mixes bit and value labels", entry)};
        }
        if (isBit) key.remove_prefix(1);
        const auto value = parseInteger(key);
        if (!value) return Error{fmt::format("entry '{}': bad value '{}'", entry, key)};
        if (isBit) {
            if (isSigned(info.type)) return Error{"bit labels need an unsigned type"};
            if (*value < 0 || *value >= static_cast<std::int64_t>(8 * *fixedSize(info.type))) {
                return Error{fmt::format("entry '{}': bit {} does not exist in {}", entry, *value,
                                         wireTypeName(info.type))};
            }
        } else if (*value < typeMin(info.type) || *value > typeMax(info.type)) {
            return Error{fmt::format("entry '{}': {} is out of range for {}", entry, *value,
                                     wireTypeName(info.type))};
        }
        if (!isSnakeCase(label)) {
            return Error{fmt::format("entry '{}': label must be lower_snake_case", entry)};
        }
        if (!values.insert(*value).second) {
            return Error{fmt::format("entry '{}': value listed twice", entry)};
        }
        if (!names.insert(std::string(label)).second) {
            return Error{fmt::format("entry '{}': label listed twice", entry)};
        }
        info.labels.push_back({*value, std::string(label)});
    }
    return true;
}

Result<bool> parseNotAvailable(std::string_view text, RegisterInfo& info) {
    if (text == "none") {
        info.notAvailable.reset();
        return true;
    }
    if (text.empty()) {
        info.notAvailable = defaultNotAvailable(info.type);
        return true;
    }
    const auto size = fixedSize(info.type);
    if (!size) return Error{"a sentinel needs an integer type"};
    const auto value = parseHexOnly(text);
    if (!value || *value > static_cast<std::int64_t>((std::uint64_t{1} << (8 * *size)) - 1)) {
        return Error{fmt::format("'{}' is not empty, none, or a raw hex value of {}", text,
                                 wireTypeName(info.type))};
    }
    // Stored as the decoded (sign-extended) raw value so decode can compare directly.
    std::uint8_t bytes[4] = {};
    for (std::size_t i = 0; i < *size; ++i) {
        bytes[i] =
            static_cast<std::uint8_t>((static_cast<std::uint64_t>(*value) >> (8 * i)) & 0xFF);
    }
    info.notAvailable = readInteger(bytes, *size, isSigned(info.type));
    return true;
}

}  // namespace

Result<std::vector<RegisterInfo>> parseRegisters(std::string_view csv) {
    auto table = CsvTable::parse("registers.csv", csv,
                                 {"id", "name", "type", "scale", "offset", "unit", "access",
                                  "families", "na", "min", "max", "enum", "notes"});
    if (!table) return Error{table.error()};
    std::vector<RegisterInfo> out;
    std::set<std::uint16_t> ids;
    std::set<std::string> names;
    for (const auto& row : table->rows()) {
        auto fail = [&](std::string_view column, std::string_view what) {
            return table->error(row, column, what);
        };
        RegisterInfo info;
        const auto idText = table->field(row, "id");
        const auto id = parseHexOnly(idText);
        if (!id || *id > 0xFFFF) return fail("id", fmt::format("'{}' is not a 0xHHHH id", idText));
        info.id = VregId(static_cast<std::uint16_t>(*id));
        if (!ids.insert(info.id.value).second) return fail("id", "duplicate id");

        info.name = std::string(table->field(row, "name"));
        if (!isSnakeCase(info.name)) return fail("name", "name must be lower_snake_case");
        if (!names.insert(info.name).second) return fail("name", "duplicate name");

        const auto type = parseWireType(table->field(row, "type"));
        if (!type) {
            return fail("type", fmt::format("unknown wire type '{}'", table->field(row, "type")));
        }
        info.type = *type;

        const auto scale = parseDouble(table->field(row, "scale"));
        if (!scale || *scale <= 0) return fail("scale", "scale must be a positive number");
        info.scale = *scale;
        const auto offsetText = table->field(row, "offset");
        const auto offset =
            offsetText.empty() ? std::optional<double>(0.0) : parseDouble(offsetText);
        if (!offset) return fail("offset", "offset must be a number");
        info.offset = *offset;
        info.unit = std::string(table->field(row, "unit"));
        if (!fixedSize(info.type) && !info.unit.empty()) {
            return fail("unit", "string and bytes registers have no unit");
        }

        const auto access = table->field(row, "access");
        if (access == "r") {
            info.access = Access::Read;
        } else if (access == "rw") {
            info.access = Access::ReadWrite;
        } else if (access == "w") {
            info.access = Access::Command;
        } else {
            return fail("access", fmt::format("'{}' is not r, rw or w", access));
        }

        std::string_view families = table->field(row, "families");
        while (!families.empty()) {
            const auto bar = families.find('|');
            const auto name = families.substr(0, bar);
            families =
                bar == std::string_view::npos ? std::string_view{} : families.substr(bar + 1);
            const auto family = parseFamily(name);
            if (!family) return fail("families", fmt::format("unknown family '{}'", name));
            info.families |= static_cast<std::uint16_t>(*family);
        }

        if (auto r = parseNotAvailable(table->field(row, "na"), info); !r) {
            return fail("na", r.error());
        }
        for (const auto column : {"min", "max"}) {
            const auto text = table->field(row, column);
            if (text.empty()) continue;
            const auto v = parseDouble(text);
            if (!v) return fail(column, fmt::format("'{}' is not a number", text));
            if (!fixedSize(info.type)) return fail(column, "limits need an integer type");
            (std::string_view(column) == "min" ? info.min : info.max) = *v;
        }
        if (info.min && info.max && *info.min > *info.max) return fail("max", "max is below min");
        if (auto r = parseLabels(table->field(row, "enum"), info); !r) {
            return fail("enum", r.error());
        }
        info.notes = std::string(table->field(row, "notes"));
        out.push_back(std::move(info));
    }
    std::sort(out.begin(), out.end(),
              [](const RegisterInfo& a, const RegisterInfo& b) { return a.id < b.id; });
    return out;
}

Result<std::vector<ProductInfo>> parseProducts(std::string_view csv) {
    auto table = CsvTable::parse("products.csv", csv, {"id", "name", "family"});
    if (!table) return Error{table.error()};
    std::vector<ProductInfo> out;
    std::set<std::uint16_t> ids;
    for (const auto& row : table->rows()) {
        ProductInfo p;
        const auto idText = table->field(row, "id");
        const auto id = parseHexOnly(idText);
        if (!id || *id > 0xFFFF) {
            return table->error(row, "id", fmt::format("'{}' is not a 0xHHHH id", idText));
        }
        p.id = ProductId(static_cast<std::uint16_t>(*id));
        if (!ids.insert(p.id.value).second) return table->error(row, "id", "duplicate id");
        p.name = std::string(table->field(row, "name"));
        if (p.name.empty()) return table->error(row, "name", "empty name");
        const auto family = parseFamily(table->field(row, "family"));
        if (!family) {
            return table->error(row, "family",
                                fmt::format("unknown family '{}'", table->field(row, "family")));
        }
        p.family = *family;
        out.push_back(std::move(p));
    }
    std::sort(out.begin(), out.end(),
              [](const ProductInfo& a, const ProductInfo& b) { return a.id < b.id; });
    return out;
}

}  // namespace vreglink::catalog::detail
