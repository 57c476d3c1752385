// The TEXT label dictionary (vedirect.md §2.4), compiled from data/text-fields.csv: what a TEXT
// field means, its unit and scale, and which register's labels name its values (CS -> 0x0201).
#pragma once

#include "catalog/value_codec.h"
#include "core/ids.h"

#include <optional>
#include <string>
#include <string_view>

namespace vreglink::catalog {

struct TextFieldInfo {
    enum class Kind : std::uint8_t {
        Number,  // decimal integer, scaled: V 12800 mV -> 12.800 V
        OnOff,   // ON / OFF
        HexInt,  // 0x-prefixed: PID, OR
        Text,    // SER#, BMV, FW, FWE
    };
    std::string label;        // "V"
    std::string name;         // "battery_voltage"
    Kind kind = Kind::Number;
    double scale = 1.0;       // raw text integer * scale = display value
    std::string unit;         // display unit, "V"
    std::optional<VregId> register_;  // HEX register carrying the same data (enum/bit labels from it)
    std::string description;  // "main / channel 1 battery voltage"
};

const TextFieldInfo* findTextField(std::string_view label);

// Decodes a TEXT value as received: "V","12800" -> 12.800 V; "CS","3" -> "bulk";
// "OR","0x00000001" -> "no_input_power"; "T","---" -> n/a; unknown labels -> Text as received.
DecodedValue decodeTextField(std::string_view label, std::string_view value);

}  // namespace vreglink::catalog
