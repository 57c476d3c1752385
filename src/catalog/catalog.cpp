#include "catalog/catalog.h"

#include "catalog/catalog_data.h"
#include "catalog/catalog_parse.h"
#include "catalog/codec_util.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstdio>

namespace vreglink::catalog {

const Catalog& Catalog::builtin() {
    // The data is compiled in and checked by the catalog unit tests (BuiltinCatalog.*), so a
    // parse failure here means a broken build. Never throw: report once on stderr and serve an
    // empty catalog, which makes every register "unknown" and shown as raw hex (still usable).
    static const Catalog instance = [] {
        auto parsed = parse(data::kRegistersCsv, data::kProductsCsv);
        if (!parsed) {
            std::fprintf(stderr, "vreglink: built-in catalog is invalid: %s\n",
                         parsed.error().c_str());
            return Catalog{};
        }
        return std::move(parsed).value();
    }();
    return instance;
}

Result<Catalog> Catalog::parse(std::string_view registersCsv, std::string_view productsCsv) {
    auto registers = detail::parseRegisters(registersCsv);
    if (!registers) return Error{registers.error()};
    auto products = detail::parseProducts(productsCsv);
    if (!products) return Error{products.error()};

    Catalog c;
    c.registers_ = std::move(*registers);
    c.products_ = std::move(*products);
    for (std::size_t i = 0; i < c.registers_.size(); ++i) {
        c.byId_.emplace(c.registers_[i].id, i);
        c.byName_.emplace(detail::toLower(c.registers_[i].name), i);
    }
    return c;
}

const RegisterInfo* Catalog::find(VregId id) const {
    const auto it = byId_.find(id);
    return it == byId_.end() ? nullptr : &registers_[it->second];
}

const RegisterInfo* Catalog::find(std::string_view name) const {
    const auto it = byName_.find(detail::toLower(detail::trim(name)));
    return it == byName_.end() ? nullptr : &registers_[it->second];
}

Result<VregId> Catalog::resolve(std::string_view idOrName) const {
    const auto text = detail::trim(idOrName);
    if (text.empty()) return Error{"empty register: give a hex id like 0xEDF0 or a catalog name"};
    // Names first: a name made only of hex letters ("add") must not be read as a hex id. The
    // catalog's names all contain '_' or non-hex letters today, but the rule keeps it safe.
    if (const RegisterInfo* info = find(text)) return info->id;
    if (const auto id = parseVregId(text)) return *id;  // unknown ids pass (transparent gateway)

    const std::string needle = detail::toLower(text);
    std::vector<std::string_view> matches;
    for (const auto& r : registers_) {
        if (r.name.find(needle) != std::string::npos) matches.push_back(r.name);
        if (matches.size() == 3) break;
    }
    if (matches.empty()) {
        return Error{fmt::format(
            "unknown register '{}' (give a catalog name or a hex id like 0xEDF0)", text)};
    }
    return Error{
        fmt::format("unknown register '{}'; did you mean {}?", text, fmt::join(matches, ", "))};
}

std::vector<const RegisterInfo*> Catalog::registersFor(Family family) const {
    std::vector<const RegisterInfo*> out;
    for (const auto& r : registers_) {
        if (r.inFamily(family)) out.push_back(&r);
    }
    return out;
}

const ProductInfo* Catalog::findProduct(ProductId id) const {
    // products_ is sorted by id (parseProducts).
    const auto it =
        std::lower_bound(products_.begin(), products_.end(), id,
                         [](const ProductInfo& p, ProductId wanted) { return p.id < wanted; });
    return it != products_.end() && it->id == id ? &*it : nullptr;
}

}  // namespace vreglink::catalog
