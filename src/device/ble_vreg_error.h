// What a `09` VregError code means to a caller (ble-gatt.md §4.4.8): the VregLink status and a
// message for people. Code 0 is not an error (a set's success, §4.4.5) and is not mapped here.
#pragma once

#include "device/device.h"

#include <cstdint>

namespace vreglink::device {

// 1 → 0x8100 "register not supported"; 2 → 0x8100 "no data yet" (a history slot not filled);
// 3 → 0x8100 "write-only register"; any other code → 0x8100 naming the code.
VregReply replyForVregError(std::uint32_t code);

}  // namespace vreglink::device
