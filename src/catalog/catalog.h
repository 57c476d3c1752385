// The register and product catalog: data/registers.csv and data/products.csv compiled into the
// library (one source of truth; also used to generate the Wireshark dissector tables later).
#pragma once

#include "catalog/register_info.h"
#include "core/result.h"

#include <memory>
#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace vreglink::catalog {

class Catalog {
  public:
    // The compiled-in catalog, parsed once on first use.
    static const Catalog& builtin();
    // Parses CSV text (same format as data/*.csv). Errors name the line and the column.
    static Result<Catalog> parse(std::string_view registersCsv, std::string_view productsCsv);

    const RegisterInfo* find(VregId id) const;
    // By catalog name, case-insensitive ("bat_max_current").
    const RegisterInfo* find(std::string_view name) const;
    // What users type for REG: a hex id ("0xEDF0", "EDF0") or a catalog name. Unknown hex ids are
    // valid (the gateway is transparent); an unknown name is an error naming close matches.
    Result<VregId> resolve(std::string_view idOrName) const;

    std::span<const RegisterInfo> registers() const { return registers_; }  // sorted by id
    std::vector<const RegisterInfo*> registersFor(Family family) const;

    const ProductInfo* findProduct(ProductId id) const;
    std::span<const ProductInfo> products() const { return products_; }

  private:
    std::vector<RegisterInfo> registers_;
    std::vector<ProductInfo> products_;
    std::unordered_map<VregId, std::size_t> byId_;
    std::unordered_map<std::string, std::size_t> byName_;  // lower-case name
};

}  // namespace vreglink::catalog
