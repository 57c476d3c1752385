// The product personalities (vedirect.md §4 "Personalities").
#pragma once

#include "sim/device_model.h"

#include <memory>

namespace vreglink::sim {

// SmartSolar MPPT 100/30 (PID 0xA056, fw 1.61).
std::unique_ptr<DeviceModel> makeMpptModel(const ModelOptions& options);
// BMV-712 Smart (0xA381, fw 4.13), or SmartShunt 500A/50mV (0xA389, fw 4.14).
std::unique_ptr<DeviceModel> makeBmvModel(const ModelOptions& options, bool smartShunt);
// Phoenix Inverter 12V 250VA 230V (0xA231, fw 1.29).
std::unique_ptr<DeviceModel> makeInverterModel(const ModelOptions& options);

}  // namespace vreglink::sim
