#include "catalog/csv.h"

#include <fmt/format.h>

namespace vreglink::catalog {

Result<std::vector<CsvRow>> parseCsv(std::string_view text) {
    std::vector<CsvRow> rows;
    CsvRow row;
    std::string field;
    std::size_t line = 1;
    std::size_t lineStart = 0;  // offset of the current line's first character
    bool inQuotes = false;
    bool wasQuoted = false;      // the current field was quoted (and closed)
    bool rowHasContent = false;  // anything seen on this row yet
    std::size_t quoteLine = 0, quoteColumn = 0;

    auto column = [&](std::size_t i) { return i - lineStart + 1; };
    auto startField = [&](std::size_t i) {
        if (row.columns.empty()) row.line = line;
        row.columns.push_back(column(i));
    };
    auto endField = [&] {
        row.fields.push_back(std::move(field));
        field.clear();
        wasQuoted = false;
    };
    auto endRow = [&] {
        if (rowHasContent) {
            endField();
            rows.push_back(std::move(row));
        }
        row = CsvRow{};
        field.clear();
        wasQuoted = false;
        rowHasContent = false;
    };

    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inQuotes) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field.push_back('"');
                    ++i;
                } else {
                    inQuotes = false;
                    wasQuoted = true;
                }
            } else {
                if (c == '\n') {
                    ++line;
                    lineStart = i + 1;
                }
                field.push_back(c);
            }
            continue;
        }
        if (!rowHasContent && c != '\n' && c != '\r') {
            rowHasContent = true;
            startField(i);
        }
        if (c == ',') {
            endField();
            startField(i + 1);
        } else if (c == '\n') {
            endRow();
            ++line;
            lineStart = i + 1;
        } else if (c == '\r') {
            if (i + 1 < text.size() && text[i + 1] == '\n') continue;  // CR LF
            return Error{fmt::format("line {}, column {}: stray carriage return", line, column(i))};
        } else if (c == '"') {
            if (!field.empty() || wasQuoted) {
                return Error{
                    fmt::format("line {}, column {}: quote inside an unquoted field "
                                "(quote the whole field and double inner quotes)",
                                line, column(i))};
            }
            inQuotes = true;
            quoteLine = line;
            quoteColumn = column(i);
        } else {
            if (wasQuoted) {
                return Error{
                    fmt::format("line {}, column {}: text after the closing quote of a field", line,
                                column(i))};
            }
            field.push_back(c);
        }
    }
    if (inQuotes) {
        return Error{
            fmt::format("line {}, column {}: unterminated quoted field", quoteLine, quoteColumn)};
    }
    endRow();
    return rows;
}

Result<CsvTable> CsvTable::parse(std::string_view file, std::string_view text,
                                 const std::vector<std::string_view>& requiredColumns) {
    auto rows = parseCsv(text);
    if (!rows) return Error{fmt::format("{} {}", file, rows.error())};
    if (rows->empty()) return Error{fmt::format("{}: empty file (no header row)", file)};

    CsvTable table;
    table.file_ = std::string(file);
    table.header_ = std::move(rows->front().fields);
    rows->erase(rows->begin());
    for (const auto name : requiredColumns) {
        if (table.index(name) < 0) {
            return Error{fmt::format("{} line 1: missing column '{}'", file, name)};
        }
    }
    for (const auto& row : *rows) {
        if (row.fields.size() != table.header_.size()) {
            return Error{fmt::format("{} line {}, column {}: {} fields, the header has {}", file,
                                     row.line, row.columns.back(), row.fields.size(),
                                     table.header_.size())};
        }
    }
    table.rows_ = std::move(*rows);
    return table;
}

int CsvTable::index(std::string_view column) const {
    for (std::size_t i = 0; i < header_.size(); ++i) {
        if (header_[i] == column) return static_cast<int>(i);
    }
    return -1;
}

std::string_view CsvTable::field(const CsvRow& row, std::string_view column) const {
    const int i = index(column);
    if (i < 0) return {};
    return row.fields[static_cast<std::size_t>(i)];
}

Error CsvTable::error(const CsvRow& row, std::string_view column, std::string_view what) const {
    const int i = index(column);
    const std::size_t col = i < 0 ? 1 : row.columns[static_cast<std::size_t>(i)];
    return Error{fmt::format("{} line {}, column {} ({}): {}", file_, row.line, col, column, what)};
}

}  // namespace vreglink::catalog
