// A small RFC 4180 CSV reader for the catalog data files: quoted fields may hold commas, line
// breaks and doubled quotes (""). Internal to the catalog module.
#pragma once

#include "core/result.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace vreglink::catalog {

struct CsvRow {
    std::size_t line = 0;              // 1-based line where the row starts
    std::vector<std::string> fields;   // unquoted values
    std::vector<std::size_t> columns;  // 1-based character column where each field starts
};

// Parses the whole text. Blank lines are skipped; CR LF and LF line ends are both accepted.
// Errors read "line 7, column 12: unterminated quoted field".
Result<std::vector<CsvRow>> parseCsv(std::string_view text);

// A parsed CSV file with a header row, addressed by column name.
class CsvTable {
  public:
    // `file` names the data in error messages ("registers.csv").
    static Result<CsvTable> parse(std::string_view file, std::string_view text,
                                  const std::vector<std::string_view>& requiredColumns);

    const std::vector<CsvRow>& rows() const { return rows_; }  // data rows, without the header
    // The field of `column` in `row` (empty when the column is optional and absent).
    std::string_view field(const CsvRow& row, std::string_view column) const;
    // "registers.csv line 12, column 17 (type): <what>"
    Error error(const CsvRow& row, std::string_view column, std::string_view what) const;

  private:
    std::string file_;
    std::vector<std::string> header_;
    std::vector<CsvRow> rows_;
    int index(std::string_view column) const;
};

}  // namespace vreglink::catalog
