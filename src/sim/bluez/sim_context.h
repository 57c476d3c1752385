// What every exported object of the BlueZ simulator shares: the raw bus, the loop and the knobs.
#pragma once

#include "bus/service_bus.h"
#include "sim/bluez/radio_knobs.h"

#include <asio/io_context.hpp>

namespace vreglink::sim::bluez {

class AgentManager;

struct SimContext {
    sd_bus* bus;
    bus::ServiceBus& service;  // wake() after sending from a timer
    asio::io_context& io;
    RadioKnobs& knobs;
    AgentManager& agents;
};

}  // namespace vreglink::sim::bluez
