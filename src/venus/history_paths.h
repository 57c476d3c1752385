// Solar charger history (venus-dbus-mqtt.md §2.7 History) from the MPPT's history registers:
// 0x104F totals and 0x1050 + n, the record of n days ago (catalog notes; vectors C19).
#pragma once

#include "core/bytes.h"
#include "venus/item_tree.h"

#include <optional>

namespace vreglink::venus {

inline constexpr int kHistoryDays = 31;  // /History/Daily/0 … /30, as vedirect-dbus publishes
inline constexpr std::uint16_t kHistoryTotal = 0x104F;
inline constexpr std::uint16_t kHistoryDay0 = 0x1050;

// Adds every /History/Daily/<n>/* and /History/Overall/* path, invalid.
void addHistoryPaths(ItemTree& tree);
// Publishes one 34-byte day record; a shorter record (or a day the device does not have)
// leaves the day invalid.
void publishDayRecord(ItemTree& tree, int day, ByteView record);
void invalidateDay(ItemTree& tree, int day);
// Publishes the totals record; returns the number of days the device has, when readable.
std::optional<int> publishHistoryTotal(ItemTree& tree, ByteView record);

}  // namespace vreglink::venus
