// The CSV reader and Catalog::parse error reporting (line and column in every message).
#include "catalog/csv.h"
#include "catalog/catalog.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace vreglink::catalog {
namespace {

using ::testing::HasSubstr;

TEST(Csv, PlainQuotedAndDoubledQuotes) {
    const auto rows = parseCsv("a,b,c\n1,\"x, y\",\"say \"\"hi\"\"\"\n");
    ASSERT_TRUE(rows) << rows.error();
    ASSERT_EQ(rows->size(), 2u);
    EXPECT_EQ((*rows)[1].fields, (std::vector<std::string>{"1", "x, y", "say \"hi\""}));
    EXPECT_EQ((*rows)[1].line, 2u);
    EXPECT_EQ((*rows)[1].columns, (std::vector<std::size_t>{1, 3, 10}));
}

TEST(Csv, EmptyFieldsCrLfAndBlankLines) {
    const auto rows = parseCsv("a,,c\r\n\r\n,\"\",\n");
    ASSERT_TRUE(rows) << rows.error();
    ASSERT_EQ(rows->size(), 2u);
    EXPECT_EQ((*rows)[0].fields, (std::vector<std::string>{"a", "", "c"}));
    EXPECT_EQ((*rows)[1].fields, (std::vector<std::string>{"", "", ""}));
    EXPECT_EQ((*rows)[1].line, 3u);
}

TEST(Csv, QuotedLineBreakKeepsLineNumbers) {
    const auto rows = parseCsv("a,\"two\nlines\"\nb,c\n");
    ASSERT_TRUE(rows) << rows.error();
    ASSERT_EQ(rows->size(), 2u);
    EXPECT_EQ((*rows)[0].fields[1], "two\nlines");
    EXPECT_EQ((*rows)[1].line, 3u);
}

TEST(Csv, LastLineWithoutNewline) {
    const auto rows = parseCsv("a,b\n1,2");
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->size(), 2u);
    EXPECT_EQ((*rows)[1].fields[1], "2");
}

TEST(Csv, UnterminatedQuoteNamesWhereItOpened) {
    const auto rows = parseCsv("a,b\n1,\"open\n2,3\n");
    ASSERT_FALSE(rows);
    EXPECT_EQ(rows.error(), "line 2, column 3: unterminated quoted field");
}

TEST(Csv, QuoteInsideUnquotedField) {
    const auto rows = parseCsv("a,b\n1,x\"y\n");
    ASSERT_FALSE(rows);
    EXPECT_THAT(rows.error(), HasSubstr("line 2, column 4: quote inside an unquoted field"));
}

TEST(Csv, TextAfterClosingQuote) {
    const auto rows = parseCsv("\"a\"b\n");
    ASSERT_FALSE(rows);
    EXPECT_THAT(rows.error(), HasSubstr("line 1, column 4: text after the closing quote"));
}

constexpr std::string_view kHeader =
    "id,name,type,scale,offset,unit,access,families,na,min,max,enum,notes\n";
constexpr std::string_view kProducts = "id,name,family\n0xA056,SmartSolar MPPT 100|30,mppt\n";

std::string registers(std::string_view rows) {
    return std::string(kHeader) + std::string(rows);
}

TEST(CatalogParse, MinimalCatalogParses) {
    const auto c = Catalog::parse(
        registers("0xEDF0,bat_max_current,un16,0.1,0,A,rw,mppt|charger,,,,,\"note, with comma\"\n"),
        kProducts);
    ASSERT_TRUE(c) << c.error();
    ASSERT_EQ(c->registers().size(), 1u);
    EXPECT_EQ(c->registers()[0].notes, "note, with comma");
    EXPECT_EQ(c->registers()[0].notAvailable, 0xFFFF);
    EXPECT_TRUE(c->registers()[0].inFamily(Family::Charger));
    EXPECT_FALSE(c->registers()[0].inFamily(Family::Bmv));
}

struct BadRow {
    std::string row;
    std::string expected;  // exact message
};

// Names the case by its row in test output (CTest shows the parameter, not 64 raw bytes).
void PrintTo(const BadRow& bad, std::ostream* os) {
    *os << bad.row.substr(0, bad.row.find('\n'));
}

class CatalogParseErrors : public ::testing::TestWithParam<BadRow> {};

TEST_P(CatalogParseErrors, NameLineColumnAndField) {
    const auto c = Catalog::parse(
        registers("0x0001,ok_row,un8,1,0,,r,mppt,,,,,\n" + GetParam().row), kProducts);
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error(), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Rows, CatalogParseErrors,
    ::testing::Values(
        BadRow{"0x0002,x,un64,1,0,,r,mppt,,,,,\n",
               "registers.csv line 3, column 10 (type): unknown wire type 'un64'"},
        BadRow{"EDF0,x,un8,1,0,,r,mppt,,,,,\n",
               "registers.csv line 3, column 1 (id): 'EDF0' is not a 0xHHHH id"},
        BadRow{"0x0001,x,un8,1,0,,r,mppt,,,,,\n",
               "registers.csv line 3, column 1 (id): duplicate id"},
        BadRow{"0x0002,ok_row,un8,1,0,,r,mppt,,,,,\n",
               "registers.csv line 3, column 8 (name): duplicate name"},
        BadRow{"0x0002,BadName,un8,1,0,,r,mppt,,,,,\n",
               "registers.csv line 3, column 8 (name): name must be lower_snake_case"},
        BadRow{"0x0002,x,un8,0,0,,r,mppt,,,,,\n",
               "registers.csv line 3, column 14 (scale): scale must be a positive number"},
        BadRow{"0x0002,x,un8,1,0,,x,mppt,,,,,\n",
               "registers.csv line 3, column 19 (access): 'x' is not r, rw or w"},
        BadRow{"0x0002,x,un8,1,0,,r,mppt|boat,,,,,\n",
               "registers.csv line 3, column 21 (families): unknown family 'boat'"},
        BadRow{"0x0002,x,un8,1,0,,r,mppt,0x1FF,,,,\n",
               "registers.csv line 3, column 26 (na): '0x1FF' is not empty, none, or a raw hex "
               "value of un8"},
        BadRow{"0x0002,x,un8,1,0,,r,mppt,,5,1,,\n",
               "registers.csv line 3, column 29 (max): max is below min"},
        BadRow{"0x0002,x,un8,1,0,,r,mppt,,,,0=off;0=on,\n",
               "registers.csv line 3, column 29 (enum): entry '0=on': value listed twice"},
        BadRow{"0x0002,x,un8,1,0,,r,mppt,,,,b0=a;1=b,\n",
               "registers.csv line 3, column 29 (enum): entry '1=b' mixes bit and value labels"},
        BadRow{"0x0002,x,un8,1,0,,r,mppt,,,,b8=a,\n",
               "registers.csv line 3, column 29 (enum): entry 'b8=a': bit 8 does not exist in un8"},
        BadRow{"0x0002,x,un8,1,0,,r,mppt,,,,0=Off,\n",
               "registers.csv line 3, column 29 (enum): entry '0=Off': label must be "
               "lower_snake_case"},
        BadRow{"0x0002,x,string,1,0,V,r,mppt,,,,,\n",
               "registers.csv line 3, column 21 (unit): string and bytes registers have no unit"},
        BadRow{"0x0002,x,un8,1,0,,r,mppt,,,,,\n,,\n",
               "registers.csv line 4, column 3: 3 fields, the header has 13"},
        BadRow{"0x0002,x,un8,1,0,,r,mppt,,,,,\"open\n",
               "registers.csv line 3, column 30: unterminated quoted field"}));

TEST(CatalogParse, MissingColumn) {
    const auto c = Catalog::parse("id,name\n0x0001,a\n", kProducts);
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error(), "registers.csv line 1: missing column 'type'");
}

TEST(CatalogParse, ProductErrors) {
    const auto ok = registers("0x0001,a,un8,1,0,,r,mppt,,,,,\n");
    auto c = Catalog::parse(ok, "id,name,family\n0xA056,X,boat\n");
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error(), "products.csv line 2, column 10 (family): unknown family 'boat'");
    c = Catalog::parse(ok, "id,name,family\n0xA056,X,mppt\n0xA056,Y,mppt\n");
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error(), "products.csv line 3, column 1 (id): duplicate id");
}

TEST(CatalogParse, ExplicitSentinelIsSignExtended) {
    const auto c = Catalog::parse(registers("0x0001,a,sn16,1,0,,r,mppt,0x8000,,,,\n"
                                            "0x0002,b,un16,1,0,,r,mppt,none,,,,\n"),
                                  kProducts);
    ASSERT_TRUE(c) << c.error();
    EXPECT_EQ(c->registers()[0].notAvailable, -32768);
    EXPECT_FALSE(c->registers()[1].notAvailable);
}

}  // namespace
}  // namespace vreglink::catalog
