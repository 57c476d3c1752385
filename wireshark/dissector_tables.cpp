// vreglink-dissector-tables: writes the Wireshark dissector victron.lua from its template
// (wireshark/victron.lua.in) with the register tables taken from the project's catalog
// (data/registers.csv, compiled into vreglink_catalog), so the dissector names, scales and
// labels registers exactly like `vreg`. Run at build time (wireshark/CMakeLists.txt).
//
//   vreglink-dissector-tables TEMPLATE OUTPUT
//
// The template's line "-- @VREGLINK_TABLES@" is replaced by Lua tables:
//   VREGS[id]       = { name, type, size, signed, scale, offset, decimals, unit, na, bitmask,
//                       labels = { [raw or bit] = "label" } }
//   OPCODES[op]     = "value" ...                 (ble-gatt.md §4.4)
//   ERROR_CODES[c]  = "unknown / unsupported register" ...   (§4.4.8)
//   STATUS_CODES[s] = "ok" ...                    (§4.4.6)
#include "ble/message.h"
#include "catalog/catalog.h"
#include "catalog/codec_util.h"

#include <fmt/format.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>

namespace {

using namespace vreglink;

// A Lua string literal: quotes, backslashes and control bytes escaped; UTF-8 kept as is.
std::string luaString(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (u < 0x20) {
            out += fmt::format("\\{:03d}", u);
        } else {
            out += c;
        }
    }
    return out + "\"";
}

// Shortest decimal that reads back as the same double ("0.01", "-273.15", "1").
std::string luaNumber(double value) {
    return fmt::format("{}", value);
}

void writeRegisters(std::ostream& out) {
    const auto& catalog = catalog::Catalog::builtin();
    out << "-- Registers of data/registers.csv (" << catalog.registers().size() << " entries).\n";
    out << "local VREGS = {\n";
    for (const auto& reg : catalog.registers()) {
        const auto size = catalog::fixedSize(reg.type);
        out << fmt::format("  [0x{:04X}] = {{ name = {}, type = {}, size = {}, signed = {}, ",
                           reg.id.value, luaString(reg.name),
                           luaString(catalog::wireTypeName(reg.type)), size ? *size : 0,
                           catalog::isSigned(reg.type) ? "true" : "false");
        out << fmt::format("scale = {}, offset = {}, decimals = {}, unit = {}, ",
                           luaNumber(reg.scale), luaNumber(reg.offset),
                           catalog::detail::decimalsOf(reg.scale),
                           luaString(catalog::detail::displayUnit(reg.unit)));
        out << fmt::format("na = {}, bitmask = {}",
                           reg.notAvailable ? fmt::format("{}", *reg.notAvailable) : "nil",
                           reg.bitmask ? "true" : "false");
        if (!reg.labels.empty()) {
            out << ", labels = {";
            for (const auto& label : reg.labels) {
                out << fmt::format(" [{}] = {},", label.value, luaString(label.label));
            }
            out << " }";
        }
        out << " },\n";
    }
    out << "}\n\n";
}

void writeProtocolNames(std::ostream& out) {
    out << "-- Opcode names (ble-gatt.md §4.4; vreglink::ble::opcodeName).\n";
    out << "local OPCODES = {\n";
    for (unsigned op = 0; op <= 0x10; ++op) {
        switch (static_cast<ble::Opcode>(op)) {
            case ble::Opcode::GetDevices:
            case ble::Opcode::DeviceList:
            case ble::Opcode::Subscribe:
            case ble::Opcode::GetValues:
            case ble::Opcode::SetValue:
            case ble::Opcode::CommandStatus:
            case ble::Opcode::Value:
            case ble::Opcode::VregError:
            case ble::Opcode::GetPathList:
            case ble::Opcode::GetPathValues:
            case ble::Opcode::PathList:
            case ble::Opcode::NewPath:
            case ble::Opcode::PathValue:
            case ble::Opcode::PathResponse:
                out << fmt::format("  [0x{:02X}] = {},\n", op,
                                   luaString(ble::opcodeName(static_cast<ble::Opcode>(op))));
                break;
            default:
                break;
        }
    }
    out << "}\n\n";
    out << "-- VregError codes (ble-gatt.md §4.4.8; only 1, 2 and 3 were seen).\n";
    out << "local ERROR_CODES = {\n";
    out << fmt::format("  [{}] = {},\n", ble::vregerror::kUnknownVreg,
                       luaString("unknown / unsupported register"));
    out << fmt::format("  [{}] = {},\n", ble::vregerror::kNotAvailable,
                       luaString("value not available (e.g. history day not filled)"));
    out << fmt::format("  [{}] = {},\n", ble::vregerror::kNotReadable,
                       luaString("not readable (write-only command register)"));
    out << "}\n\n";
    out << "-- CommandStatus status values (ble-gatt.md §4.4.6; 1 and 2 named by PATHAPI).\n";
    out << "local STATUS_CODES = {\n";
    out << fmt::format("  [{}] = {},\n", ble::commandstatus::kOk, luaString("ok"));
    out << fmt::format("  [{}] = {},\n", ble::commandstatus::kUnknown, luaString("unknown"));
    out << fmt::format("  [{}] = {},\n", ble::commandstatus::kRejected,
                       luaString("rejected or unsupported"));
    out << "}\n";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: vreglink-dissector-tables TEMPLATE OUTPUT\n";
        return 2;
    }
    std::ifstream in(argv[1]);
    if (!in) {
        std::cerr << "vreglink-dissector-tables: cannot read " << argv[1] << "\n";
        return 1;
    }
    std::ostringstream result;
    std::string line;
    bool replaced = false;
    while (std::getline(in, line)) {
        if (line == "-- @VREGLINK_TABLES@") {
            writeRegisters(result);
            writeProtocolNames(result);
            replaced = true;
        } else {
            result << line << "\n";
        }
    }
    if (!replaced) {
        std::cerr << "vreglink-dissector-tables: " << argv[1]
                  << " has no line '-- @VREGLINK_TABLES@'\n";
        return 1;
    }
    // Write to a temporary name first so an interrupted build never leaves half a dissector.
    const std::string temporary = std::string(argv[2]) + ".tmp";
    {
        std::ofstream out(temporary, std::ios::trunc);
        out << result.str();
        if (!out.flush()) {
            std::cerr << "vreglink-dissector-tables: cannot write " << temporary << "\n";
            return 1;
        }
    }
    if (std::rename(temporary.c_str(), argv[2]) != 0) {
        std::cerr << "vreglink-dissector-tables: cannot rename to " << argv[2] << "\n";
        return 1;
    }
    return 0;
}
