#include "ble_event_format.h"

#include "catalog/value_codec.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iterator>
#include <type_traits>
#include <variant>

namespace vreglink::cli {
namespace {

using capture::CaptureEvent;
using capture::EventKind;

// A JSON string: quotes, backslashes and control characters escaped (UTF-8 passes through).
void appendJsonString(std::string& out, std::string_view s) {
    out += '"';
    for (const char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<unsigned>(c));
        } else {
            out += c;
        }
    }
    out += '"';
}

// Hot path of `vreg decode --json` (>= 50 MB/s): plain appends and std::to_chars, no fmt.
void appendUint(std::string& out, std::uint64_t v) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, v).ptr;
    out.append(digits, end);
}

void appendDouble(std::string& out, double v) {
    char digits[32];
    const auto end = std::to_chars(digits, digits + sizeof digits, v).ptr;  // shortest form
    out.append(digits, end);
}

// "\"0xED8D\"" — VREG ids as formatVregId writes them.
void appendVregString(std::string& out, VregId id) {
    static constexpr char kDigits[] = "0123456789ABCDEF";
    const char text[] = {'"',
                         '0',
                         'x',
                         kDigits[(id.value >> 12) & 0xF],
                         kDigits[(id.value >> 8) & 0xF],
                         kDigits[(id.value >> 4) & 0xF],
                         kDigits[id.value & 0xF],
                         '"'};
    out.append(text, sizeof text);
}

// ,"key": — the key's length known at compile time.
template <std::size_t N>
void appendKey(std::string& out, const char (&key)[N]) {
    out += ",\"";
    out.append(key, N - 1);
    out += "\":";
}

void appendHexString(std::string& out, ByteView bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    out += '"';
    for (const std::uint8_t b : bytes) {
        out += kDigits[b >> 4];
        out += kDigits[b & 0xF];
    }
    out += '"';
}

// name/value/unit of a register value the catalog knows (same decode as `vreg get`).
void appendCatalogValue(std::string& out, VregId id, ByteView data,
                        const catalog::Catalog& catalog) {
    const catalog::RegisterInfo* info = catalog.find(id);
    if (!info) return;
    appendKey(out, "name");
    appendJsonString(out, info->name);
    const auto value = catalog::decodeValue(info, data);
    appendKey(out, "value");
    using Kind = catalog::DecodedValue::Kind;
    if (value.kind == Kind::NotAvailable ||
        (value.kind == Kind::Number && (!value.number || !std::isfinite(*value.number)))) {
        out += "null";
    } else if (value.kind == Kind::Number) {
        appendDouble(out, *value.number);
    } else {
        appendJsonString(out, value.text);
    }
    if (!value.unit.empty()) {
        appendKey(out, "unit");
        appendJsonString(out, value.unit);
    }
}

void appendVregList(std::string& out, const std::vector<VregId>& ids) {
    appendKey(out, "vregs");
    out += '[';
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i != 0) out += ',';
        appendVregString(out, ids[i]);
    }
    out += ']';
}

void appendMessageFields(std::string& out, const ble::Message& message,
                         const catalog::Catalog& catalog) {
    if (const auto instance = ble::instanceOf(message)) {
        appendKey(out, "instance");
        appendUint(out, instance->value);
    }
    const auto vreg = [&](VregId id) {
        appendKey(out, "vreg");
        appendVregString(out, id);
    };
    std::visit(
        [&](const auto& m) {
            using M = std::decay_t<decltype(m)>;
            if constexpr (std::is_same_v<M, ble::Value>) {
                vreg(m.vreg);
                appendKey(out, "data");
                appendHexString(out, m.payload);
                appendCatalogValue(out, m.vreg, m.payload, catalog);
            } else if constexpr (std::is_same_v<M, ble::SetValue>) {
                vreg(m.vreg);
                appendKey(out, "data");
                appendHexString(out, m.value);
                appendCatalogValue(out, m.vreg, m.value, catalog);
            } else if constexpr (std::is_same_v<M, ble::VregError>) {
                vreg(m.vreg);
                appendKey(out, "code");
                appendUint(out, m.code);
                if (const auto* info = catalog.find(m.vreg)) {
                    appendKey(out, "name");
                    appendJsonString(out, info->name);
                }
            } else if constexpr (std::is_same_v<M, ble::GetValues>) {
                appendVregList(out, m.vregs);
            } else if constexpr (std::is_same_v<M, ble::Subscribe>) {
                if (m.vregs) appendVregList(out, *m.vregs);
            } else if constexpr (std::is_same_v<M, ble::CommandStatus>) {
                appendKey(out, "code");
                appendUint(out, m.status);
            } else if constexpr (std::is_same_v<M, ble::DeviceList>) {
                fmt::format_to(std::back_inserter(out), ",\"items\":[{}]",
                               fmt::join(m.entries, ","));
            }
        },
        message);
}

}  // namespace

const char* bleEventOp(const CaptureEvent& event) {
    if (event.kind == EventKind::Control) return "ctrl";
    if (event.kind == EventKind::DecodeError) return "decode_error";
    return bleOpName(ble::opcodeOf(*event.message));
}

const char* bleOpName(ble::Opcode opcode) {
    switch (opcode) {
        case ble::Opcode::GetValues:
            return "get";
        case ble::Opcode::SetValue:
            return "set";
        case ble::Opcode::CommandStatus:
            return "status";
        case ble::Opcode::VregError:
            return "error";
        default:
            return ble::opcodeName(opcode);
    }
}

void appendBleEventJson(std::string& out, const CaptureEvent& event,
                        const catalog::Catalog& catalog) {
    // "t": seconds with microsecond resolution, written as integer part and 6 digits.
    const auto micros = static_cast<std::uint64_t>(std::max<std::int64_t>(event.time.count(), 0));
    out += "{\"t\":";
    appendUint(out, micros / 1000000);
    char fraction[] = ".000000";
    for (std::uint64_t rest = micros % 1000000, i = 6; i > 0; --i, rest /= 10) {
        fraction[i] = static_cast<char>('0' + rest % 10);
    }
    out.append(fraction, 7);
    appendKey(out, "conn");
    appendUint(out, event.connection);
    out += ",\"dir\":\"";
    out += capture::flowName(event.flow);
    out += "\",\"op\":\"";
    out += bleEventOp(event);
    out += '"';
    switch (event.kind) {
        case EventKind::Message:
            appendMessageFields(out, *event.message, catalog);
            break;
        case EventKind::Control:
            appendKey(out, "data");
            appendHexString(out, event.bytes);
            break;
        case EventKind::DecodeError:
            appendKey(out, "code");
            appendJsonString(out, ble::dropReasonName(event.drop));
            appendKey(out, "data");
            appendHexString(out, event.bytes);
            break;
    }
    out += "}\n";
}

std::string bleEventHeader() {
    return fmt::format("{:>12}  {:<3} {:>5}  {:<12} {:>4}  {:<6} {:<32} {}\n", "time", "dir",
                       "conn", "op", "inst", "vreg", "name", "value");
}

void appendBleEventRow(std::string& out, const CaptureEvent& event,
                       const catalog::Catalog& catalog) {
    const auto micros = event.time.count();
    std::string instance, vreg, name, value;
    if (event.kind == EventKind::Message) {
        if (const auto i = ble::instanceOf(*event.message)) instance = std::to_string(i->value);
        std::visit(
            [&](const auto& m) {
                using M = std::decay_t<decltype(m)>;
                if constexpr (std::is_same_v<M, ble::Value> || std::is_same_v<M, ble::SetValue>) {
                    vreg = formatVregId(m.vreg);
                    const auto* info = catalog.find(m.vreg);
                    if (info) name = info->name;
                    const ByteView data = [&]() -> ByteView {
                        if constexpr (std::is_same_v<M, ble::Value>)
                            return m.payload;
                        else
                            return m.value;
                    }();
                    value = catalog::decodeValue(info, data).display();
                } else if constexpr (std::is_same_v<M, ble::VregError>) {
                    vreg = formatVregId(m.vreg);
                    if (const auto* info = catalog.find(m.vreg)) name = info->name;
                    value = fmt::format("error code {}", m.code);
                } else {
                    value = ble::formatMessage(ble::Message(m));
                }
            },
            *event.message);
    } else if (event.kind == EventKind::Control) {
        value = toHexSpaced(event.bytes);
    } else {
        value = fmt::format("{}: {}", ble::dropReasonName(event.drop), toHexSpaced(event.bytes));
    }
    fmt::format_to(std::back_inserter(out),
                   "{:>5}.{:06}  {:<3} {:>5}  {:<12} {:>4}  {:<6} {:<32} {}\n", micros / 1000000,
                   micros % 1000000, capture::flowName(event.flow), event.connection,
                   bleEventOp(event), instance, vreg, name, value);
}

}  // namespace vreglink::cli
