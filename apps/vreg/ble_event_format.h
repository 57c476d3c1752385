// How `vreg decode` shows one event of a Bluetooth capture: a JSON line with the keys of
// issue 5 (t, conn, dir, op, instance, vreg, vregs, data, code, items, name, value, unit) or a
// table row for people. Appends to a string so a whole capture formats without per-line I/O.
#pragma once

#include "capture/ble_capture_decoder.h"
#include "catalog/catalog.h"

#include <string>

namespace vreglink::cli {

// "get_devices", "device_list", "subscribe", "get", "set", "status", "value", "error", "ctrl",
// "decode_error" (path-API messages keep ble::opcodeName).
const char* bleEventOp(const capture::CaptureEvent& event);
// The same name for a message opcode.
const char* bleOpName(ble::Opcode opcode);

void appendBleEventJson(std::string& out, const capture::CaptureEvent& event,
                        const catalog::Catalog& catalog);
void appendBleEventRow(std::string& out, const capture::CaptureEvent& event,
                       const catalog::Catalog& catalog);
// The table's column titles.
std::string bleEventHeader();

}  // namespace vreglink::cli
