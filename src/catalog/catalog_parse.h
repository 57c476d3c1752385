// CSV rows -> RegisterInfo / ProductInfo, with every rule the data files must follow checked and
// reported by line and column. Internal to the catalog module.
#pragma once

#include "catalog/register_info.h"
#include "core/result.h"

#include <string_view>
#include <vector>

namespace vreglink::catalog::detail {

// data/registers.csv: id,name,type,scale,offset,unit,access,families,na,min,max,enum,notes.
// Result sorted by id; duplicate ids or names are errors.
Result<std::vector<RegisterInfo>> parseRegisters(std::string_view csv);
// data/products.csv: id,name,family. Result sorted by id; duplicate ids are errors.
Result<std::vector<ProductInfo>> parseProducts(std::string_view csv);

}  // namespace vreglink::catalog::detail
