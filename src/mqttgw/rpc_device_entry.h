// What a "list" reply says about one published device (README "VregLink RPC over MQTT"): its key
// and service plus the identity its item tree carries (venus-dbus-mqtt.md §2.5 mandatory paths:
// /ProductId, /ProductName, /Serial, /CustomName, /Mgmt/Connection).
#pragma once

#include "mqttgw/rpc_codec.h"
#include "venus/device_directory.h"

namespace vreglink::mqttgw {

RpcDeviceEntry describeDevice(const venus::PublishedDevice& device);

}  // namespace vreglink::mqttgw
