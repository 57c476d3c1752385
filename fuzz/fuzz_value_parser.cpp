// libFuzzer target for the catalog value codec: what people type (encodeValue) and what devices
// send (decodeValue, decodeTextField). Invariants checked on every input:
// - nothing crashes, hangs or trips a sanitizer;
// - an accepted encode has the register's exact width (fixed-size types) and passes checkRawValue;
// - encode -> decode -> display -> encode gives the same bytes (what `vreg get` prints, `vreg set`
//   accepts back unchanged), unless the decoded value is n/a or outside the catalog min/max;
// - decode of arbitrary bytes never throws and Raw text is the lower-case hex of the input.
#include "catalog/catalog.h"
#include "catalog/text_fields.h"
#include "catalog/value_codec.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

using vreglink::Bytes;
using vreglink::ByteView;
using vreglink::VregId;
using namespace vreglink::catalog;

void check(bool condition) {
    if (!condition) std::abort();
}

// One register per codec path: scaled un16, 0.01 K shown in °C, sn16, 0.25 scale, enum, on/off,
// bitmask, enum with a labelled sentinel, string, bytes, command, catalog min/max.
constexpr std::uint16_t kRegisters[] = {0xEDF0, 0xEDF7, 0xEDEC, 0x032C, 0xEDF2, 0xEB06,
                                        0x0200, 0x0090, 0x0207, 0xEDF1, 0xEEB8, 0xEDE6,
                                        0x010A, 0xEDA0, 0x031F, 0x1002, 0x0FFF, 0xEDDC};

void roundTrip(const RegisterInfo* info, std::string_view input) {
    const auto encoded = encodeValue(info, input);
    if (!encoded) {
        check(!encoded.error().empty());
        return;
    }
    check(checkRawValue(info, *encoded).ok());
    if (info == nullptr) return;
    if (const auto size = fixedSize(info->type)) check(encoded->size() == *size);

    const auto decoded = decodeValue(info, *encoded);
    using Kind = DecodedValue::Kind;
    if (decoded.kind == Kind::NotAvailable) return;  // only reachable through hex:
    // hex: skips the catalog min/max (raw writes are not judged), so such a value cannot come back.
    if (decoded.number && ((info->min && *decoded.number < *info->min) ||
                           (info->max && *decoded.number > *info->max))) {
        return;
    }
    if (info->type == WireType::String && decoded.kind == Kind::Raw) return;  // hex: with NULs
    if (decoded.kind == Kind::Text) {
        // Strings stop at the first NUL; without one they must round-trip exactly.
        const auto again = encodeValue(info, decoded.display());
        check(again.ok());
        return;
    }
    const auto again =
        encodeValue(info, decoded.kind == Kind::Raw ? "hex:" + decoded.text : decoded.display());
    check(again.ok());
    check(*again == *encoded);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto& catalog = Catalog::builtin();
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    roundTrip(nullptr, text);
    for (const auto id : kRegisters) roundTrip(catalog.find(VregId(id)), text);

    // The same bytes as a device payload for every register kind, and as a TEXT field value.
    const ByteView bytes(data, size);
    for (const auto id : kRegisters) {
        const RegisterInfo* info = catalog.find(VregId(id));
        const auto decoded = decodeValue(info, bytes);
        if (decoded.kind == DecodedValue::Kind::Raw) check(decoded.text == vreglink::toHex(bytes));
        (void)decoded.display();
    }
    check(decodeValue(nullptr, bytes).text == vreglink::toHex(bytes));
    for (const auto* label : {"V", "I", "CS", "OR", "AR", "T", "PID", "FW", "FWE", "MON", "LOAD"}) {
        (void)decodeTextField(label, text).display();
    }
    (void)catalog.resolve(text);
    return 0;
}
