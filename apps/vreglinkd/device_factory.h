// One small factory per link type (issue 4 part 4): the configured device becomes a started
// device::Device session — VE.Direct over a tty, or VictronConnect Bluetooth through BlueZ — and
// everything after that (identify, publish) is the same code for both.
#pragma once

#include "config.h"
#include "device/device.h"

#include <asio/io_context.hpp>

#include <memory>

namespace vreglink::daemon {

// Builds the session into `slot` — before starting it, because VE.Direct reports the link up from
// inside open() and the listener then uses the device at once — adds `listener` and starts it.
// The session keeps (re)connecting by itself until destroyed (a wrong Bluetooth PIN excepted:
// reported once as a link loss "(not retried)").
void startDevice(asio::io_context& io, const DeviceConfig& config, device::DeviceListener& listener,
                 std::unique_ptr<device::Device>& slot);

}  // namespace vreglink::daemon
