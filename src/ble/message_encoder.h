// Encodes messages the way the app does (ble-gatt.md §4.1 encoder rule, §4.4): shortest CBOR
// forms, definite arrays (except a DeviceList marked indefinite), one transfer = the plain
// concatenation of its messages (§4.2).
#pragma once

#include "ble/message.h"
#include "core/bytes.h"

#include <span>

namespace vreglink::ble {

void appendMessage(Bytes& out, const Message& message);
Bytes encodeMessage(const Message& message);
// The messages back to back, no separators (§4.2, §5.2); split it with Chunker.
Bytes encodeTransfer(std::span<const Message> messages);

}  // namespace vreglink::ble
