#include "venus/vedirect_paths.h"

#include "venus/item_text.h"

#include <array>
#include <initializer_list>
#include <string_view>

namespace vreglink::venus {
namespace {

using R = vedirect::RejectReason;

struct CounterPath {
    std::string_view path;
    std::initializer_list<R> reasons;  // vedirect-dbus's categories, from our finer reasons
};

const std::array<CounterPath, 6>& counterPaths() {
    static const std::array<CounterPath, 6> paths{{
        {"/VEDirect/HexChecksumErrors", {R::HexChecksum}},
        {"/VEDirect/HexInvalidCharacterErrors", {R::HexInvalidDigit, R::HexOddDigits}},
        {"/VEDirect/HexUnfinishedErrors",
         {R::HexInterrupted, R::HexTruncated, R::HexTooLong, R::HexEmpty}},
        {"/VEDirect/TextChecksumErrors", {R::TextChecksum}},
        {"/VEDirect/TextParseError",
         {R::TextLabelTooLong, R::TextValueTooLong, R::TextTooManyFields, R::TextMalformed}},
        {"/VEDirect/TextUnfinishedErrors", {R::TextTruncated}},
    }};
    return paths;
}

}  // namespace

void addVeDirectPaths(ItemTree& tree) {
    for (const auto& c : counterPaths()) tree.add(std::string(c.path), std::int32_t{0}, "0");
}

void publishVeDirectCounters(ItemTree& tree, const vedirect::DecoderCounters& counters) {
    for (const auto& c : counterPaths()) {
        std::uint64_t sum = 0;
        for (R r : c.reasons) sum += counters.count(r);
        ItemValue v = sum > 0x7FFFFFFF ? ItemValue(static_cast<std::int64_t>(sum))
                                       : ItemValue(static_cast<std::int32_t>(sum));
        std::string text = itemText(v);
        tree.update(c.path, std::move(v), std::move(text));
    }
}

}  // namespace vreglink::venus
