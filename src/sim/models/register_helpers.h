// Shorthands for the per-model register tables.
#pragma once

#include "sim/register_store.h"

#include <vector>

namespace vreglink::sim::regs {

using catalog::WireType;
using W = catalog::WireType;

// A read-only measurement or rating.
inline RegisterOptions ro() {
    return {};
}
// A setting stored in NVM, accepted within [min, max] (raw units).
inline RegisterOptions nvm(std::int64_t min, std::int64_t max) {
    RegisterOptions o;
    o.access = catalog::Access::ReadWrite;
    o.min = min;
    o.max = max;
    o.nvm = true;
    return o;
}
// An NVM setting with an enumerated value list.
inline RegisterOptions nvmEnum(std::vector<std::int64_t> allowed) {
    RegisterOptions o;
    o.access = catalog::Access::ReadWrite;
    o.allowed = std::move(allowed);
    o.nvm = true;
    return o;
}
// A writable value kept in RAM only.
inline RegisterOptions ram(std::int64_t min, std::int64_t max) {
    RegisterOptions o = nvm(min, max);
    o.nvm = false;
    return o;
}
// A volatile network register that reverts unless refreshed (§3.6 rule 2).
inline RegisterOptions volatileReg(std::int64_t min, std::int64_t max) {
    RegisterOptions o = ram(min, max);
    o.isVolatile = true;
    return o;
}

}  // namespace vreglink::sim::regs
