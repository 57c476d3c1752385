// The TEXT label dictionary (vedirect.md §2.4), compiled from data/text-fields.csv: what a TEXT
// field means, its unit and scale, and which register's labels name its values (CS -> 0x0201).
#pragma once

#include "catalog/value_codec.h"
#include "core/ids.h"

#include "core/result.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vreglink::catalog {

struct TextFieldInfo {
    enum class Kind : std::uint8_t {
        Number,  // decimal integer, scaled: V 12800 mV -> 12.800 V
        OnOff,   // ON / OFF
        HexInt,  // 0x-prefixed: PID, OR
        Text,    // SER#, BMV, FW, FWE
    };
    std::string label;  // "V"
    std::string name;   // "battery_voltage"
    Kind kind = Kind::Number;
    double scale = 1.0;  // raw text integer * scale = display value
    std::string unit;    // display unit, "V"
    std::optional<VregId>
        register_;            // HEX register carrying the same data (enum/bit labels from it)
    std::string description;  // "main / channel 1 battery voltage"
};

// The built-in dictionary (data/text-fields.csv); nullptr for labels it does not know.
const TextFieldInfo* findTextField(std::string_view label);

// Parses text-fields CSV (label,name,kind,scale,unit,register,description). Errors name the line
// and column. Used for the built-in table and by its unit test.
Result<std::vector<TextFieldInfo>> parseTextFields(std::string_view csv);

// Decodes a TEXT value as received: "V","12800" -> 12.800 V; "CS","3" -> "bulk";
// "OR","0x00000001" -> "no_input_power"; "T","---" -> n/a; unknown labels -> Text as received.
// Choices for the identity fields:
// - PID: Label, text "0xA056 (SmartSolar MPPT 100|30)", raw/number = the PID, note = the product
//   name; an unknown PID is Text "0xA0FF" with note "unknown product id" (§2.7: print as hex).
// - FW / FWE: Text with the version as people write it ("161" -> "1.61", "0413" -> "4.13",
//   "C208" -> "2.08-rc", "0112FF" -> "1.12", "0112A3" -> "1.12-beta.a3"); note keeps the value
//   as received ("FW 161"). Unrecognised forms stay as received.
// - ON/OFF fields (LOAD, Alarm, Relay): Label "on"/"off", raw 1/0.
// - A value that is not an integer where one is expected: Raw, text as received, with a note.
DecodedValue decodeTextField(std::string_view label, std::string_view value);

}  // namespace vreglink::catalog
