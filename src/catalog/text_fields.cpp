#include "catalog/text_fields.h"

#include "catalog/catalog.h"
#include "catalog/catalog_data.h"
#include "catalog/codec_util.h"
#include "catalog/csv.h"
#include "catalog/value_codec.h"

#include <fmt/format.h>

#include <cstdio>

namespace vreglink::catalog {

Result<std::vector<TextFieldInfo>> parseTextFields(std::string_view csv) {
    auto table =
        CsvTable::parse("text-fields.csv", csv,
                        {"label", "name", "kind", "scale", "unit", "register", "description"});
    if (!table) return Error{table.error()};
    std::vector<TextFieldInfo> out;
    for (const auto& row : table->rows()) {
        TextFieldInfo f;
        f.label = std::string(table->field(row, "label"));
        if (f.label.empty() || f.label.size() > 8) {
            // §2.1: labels are at most 8 characters.
            return table->error(row, "label", "label must be 1 to 8 characters");
        }
        for (const auto& other : out) {
            if (other.label == f.label) return table->error(row, "label", "duplicate label");
        }
        f.name = std::string(table->field(row, "name"));
        if (f.name.empty()) return table->error(row, "name", "empty name");
        const auto kind = table->field(row, "kind");
        if (kind == "number") {
            f.kind = TextFieldInfo::Kind::Number;
        } else if (kind == "onoff") {
            f.kind = TextFieldInfo::Kind::OnOff;
        } else if (kind == "hex") {
            f.kind = TextFieldInfo::Kind::HexInt;
        } else if (kind == "text") {
            f.kind = TextFieldInfo::Kind::Text;
        } else {
            return table->error(row, "kind",
                                fmt::format("'{}' is not number, onoff, hex or text", kind));
        }
        const auto scale = detail::parseDouble(table->field(row, "scale"));
        if (!scale || *scale <= 0) return table->error(row, "scale", "scale must be positive");
        f.scale = *scale;
        f.unit = std::string(table->field(row, "unit"));
        const auto reg = table->field(row, "register");
        if (!reg.empty()) {
            const auto id = parseVregId(reg);
            if (!id) return table->error(row, "register", fmt::format("'{}' is not a hex id", reg));
            f.register_ = *id;
        }
        f.description = std::string(table->field(row, "description"));
        out.push_back(std::move(f));
    }
    return out;
}

namespace {

const std::vector<TextFieldInfo>& builtinTextFields() {
    // Compiled in and checked by the unit tests (BuiltinCatalog.TextFieldsParse); see
    // Catalog::builtin() for why a failure here only reports and degrades.
    static const std::vector<TextFieldInfo> fields = [] {
        auto parsed = parseTextFields(data::kTextFieldsCsv);
        if (!parsed) {
            std::fprintf(stderr, "vreglink: built-in TEXT field table is invalid: %s\n",
                         parsed.error().c_str());
            return std::vector<TextFieldInfo>{};
        }
        return std::move(parsed).value();
    }();
    return fields;
}

DecodedValue asText(std::string_view value, std::string note = {}) {
    DecodedValue v;
    v.kind = DecodedValue::Kind::Text;
    v.text = std::string(value);
    v.note = std::move(note);
    return v;
}

// FW "161" -> "1.61", "0413" -> "4.13", "C208" -> "2.08-rc"; FWE "0112FF" -> "1.12",
// "0112A3" -> "1.12-beta.a3" (vedirect.md §2.4). Anything else stays as received.
DecodedValue decodeFirmware(std::string_view label, std::string_view value) {
    const bool fwe = label == "FWE";
    std::string_view digits = value;
    std::string suffix;
    if (fwe) {
        if (digits.size() < 5 || digits.size() > 6) return asText(value);
        const auto build = digits.substr(digits.size() - 2);
        if (!detail::iequals(build, "FF")) suffix = "-beta." + detail::toLower(build);
        digits.remove_suffix(2);
    } else if (!digits.empty() && ((digits[0] >= 'A' && digits[0] <= 'Z'))) {
        suffix = "-rc";
        digits.remove_prefix(1);
    }
    if (digits.size() < 3 || digits.size() > 4 ||
        digits.find_first_not_of("0123456789") != std::string_view::npos) {
        return asText(value);
    }
    const auto major = detail::parseInteger(digits.substr(0, digits.size() - 2));
    if (!major) return asText(value);
    return asText(fmt::format("{}.{}{}", *major, digits.substr(digits.size() - 2), suffix),
                  fmt::format("{} {}", label, value));
}

DecodedValue decodeProductId(std::string_view value) {
    const auto pid = detail::parseInteger(value);
    if (!pid || *pid < 0 || *pid > 0xFFFF || value.size() < 3 || value[1] != 'x') {
        return asText(value, "not a 0x product id");
    }
    const ProductId id(static_cast<std::uint16_t>(*pid));
    const ProductInfo* product = Catalog::builtin().findProduct(id);
    if (product == nullptr) return asText(formatProductId(id), "unknown product id");
    DecodedValue v;
    v.kind = DecodedValue::Kind::Label;
    v.text = fmt::format("{} ({})", formatProductId(id), product->name);
    v.raw = *pid;
    v.number = static_cast<double>(*pid);
    v.note = product->name;
    return v;
}

}  // namespace

const TextFieldInfo* findTextField(std::string_view label) {
    for (const auto& f : builtinTextFields()) {
        if (f.label == label) return &f;
    }
    return nullptr;
}

DecodedValue decodeTextField(std::string_view label, std::string_view value) {
    const TextFieldInfo* field = findTextField(label);
    if (field == nullptr) return asText(value, "unknown TEXT label");
    // §2.1: "---" marks a value the device does not have (T without a sensor, H6, H9, …).
    if (value == "---") {
        DecodedValue v;
        v.kind = DecodedValue::Kind::NotAvailable;
        v.text = "n/a";
        return v;
    }
    if (label == "PID") return decodeProductId(value);
    if (label == "FW" || label == "FWE") return decodeFirmware(label, value);

    switch (field->kind) {
        case TextFieldInfo::Kind::Text:
            return asText(value);
        case TextFieldInfo::Kind::OnOff: {
            DecodedValue v;
            v.kind = DecodedValue::Kind::Label;
            if (value == "ON" || value == "OFF") {
                v.text = value == "ON" ? "on" : "off";
                v.raw = value == "ON" ? 1 : 0;
                v.number = static_cast<double>(*v.raw);
                return v;
            }
            return asText(value, "expected ON or OFF");
        }
        case TextFieldInfo::Kind::Number:
        case TextFieldInfo::Kind::HexInt:
            break;
    }

    // OR is printed 0x%08X, AR/WARN are decimal: both are integers (§2.1, §2.6).
    const auto raw = detail::parseInteger(value);
    if (!raw) {
        DecodedValue v;
        v.kind = DecodedValue::Kind::Raw;
        v.text = std::string(value);
        v.note = "not an integer";
        return v;
    }
    // §2.4: TTG -1 means infinite (not discharging), not "minus one minute".
    if (label == "TTG" && *raw == -1) {
        DecodedValue v;
        v.kind = DecodedValue::Kind::Label;
        v.text = "infinite";
        v.raw = *raw;
        v.number = -1.0;
        return v;
    }
    // The HEX register carrying the same data names the values (CS -> 0x0201, OR -> 0x0207).
    if (field->register_) {
        if (const RegisterInfo* info = Catalog::builtin().find(*field->register_)) {
            if (auto labelled = detail::decodeLabels(*info, *raw)) return *labelled;
        }
    }
    DecodedValue v;
    v.kind = DecodedValue::Kind::Number;
    v.raw = *raw;
    v.number = scaleRaw(*raw, field->scale);
    v.text = detail::formatNumber(*v.number, detail::decimalsOf(field->scale));
    v.unit = detail::displayUnit(field->unit);
    return v;
}

}  // namespace vreglink::catalog
