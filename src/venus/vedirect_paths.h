// /VEDirect/* diagnostics (venus-dbus-mqtt.md §2.7) from the VE.Direct stream decoder's counters.
#pragma once

#include "vedirect/stream_decoder.h"
#include "venus/item_tree.h"

namespace vreglink::venus {

void addVeDirectPaths(ItemTree& tree);
void publishVeDirectCounters(ItemTree& tree, const vedirect::DecoderCounters& counters);

}  // namespace vreglink::venus
