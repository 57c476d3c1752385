// The portal id (venus-dbus-mqtt.md §4.1: the "unique id" in every MQTT topic) when the config
// gives none. A GX uses its VRM id, 12 lowercase hex digits from its MAC address; vreglinkd
// derives the same shape from the machine id, so it is stable across restarts and reinstalls of
// vreglinkd, and different on every machine.
#pragma once

#include <string>
#include <string_view>

namespace vreglink::daemon {

// 12 lowercase hex digits from any identifying text (48 bits of FNV-1a 64).
std::string portalIdFrom(std::string_view machineId);
// From /etc/machine-id, else /var/lib/dbus/machine-id, else the host name.
std::string derivePortalId();

}  // namespace vreglink::daemon
