// libFuzzer target for the VE.Direct HEX codec (vedirect.md §3.1–3.3). Invariants checked:
// - nothing crashes, hangs or trips a sanitizer;
// - a decoded frame re-encodes to ':' + the input digits in upper case + '\n', and that decodes
//   back to the same frame; a rejected input reports the error its shape implies;
// - parseVregFrame/parseU16 views stay inside the frame, and makeVregResponse rebuilds an OK
//   Get/Set/Async frame byte for byte;
// - any command nibble and payload up to kMaxHexPayload round-trips encode -> decode.
#include "vedirect/hex_frame.h"
#include "vedirect/hex_message.h"

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace {

using namespace vreglink::vedirect;
using vreglink::ByteView;

void check(bool condition) {
    if (!condition) std::abort();
}

void checkDecoded(std::string_view digits, const HexFrame& frame) {
    std::string upper(digits);
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const std::string wire = encodeHexFrame(frame);
    check(wire == ":" + upper + "\n");
    const auto back = decodeHexFrame(upper);
    check(back.has_value() && *back == frame);

    if (const auto v = parseVregFrame(frame)) {
        const ByteView p = frame.payload();
        check(v->value.data() >= p.data() && v->value.size() + 3 == p.size());
        if (v->flags == 0) {
            const auto rebuilt = makeVregResponse(static_cast<HexResponse>(frame.command()), v->id,
                                                  v->flags, v->value);
            check(rebuilt.has_value() && *rebuilt == frame);
        }
        (void)statusFromFlags(v->flags);
        (void)describeFlags(v->flags);
    }
    if (const auto u = parseU16(frame)) {
        (void)formatFirmwareVersion(*u);
        check(makeU16Response(static_cast<HexResponse>(frame.command()), *u) == frame);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view digits(reinterpret_cast<const char*>(data), size);
    HexFrameError error{};
    if (const auto frame = decodeHexFrame(digits, &error)) {
        checkDecoded(digits, *frame);
    } else {
        (void)hexFrameErrorName(error);
        if (size == 0) check(error == HexFrameError::Empty);
        if (size > kMaxHexDigits) check(error == HexFrameError::TooLong);
    }

    // The input as a command nibble plus payload: encode -> decode is the identity.
    if (size >= 1) {
        const auto made =
            HexFrame::make(static_cast<std::uint8_t>(data[0] & 0x0F), ByteView(data + 1, size - 1));
        check(made.has_value() == (size - 1 <= kMaxHexPayload));
        if (made) {
            const std::string wire = encodeHexFrame(*made);
            const auto back = decodeHexFrame(std::string_view(wire).substr(1, wire.size() - 2));
            check(back.has_value() && *back == *made);
        }
    }
    return 0;
}
