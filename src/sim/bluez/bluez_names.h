// Names of the BlueZ D-Bus API (BlueZ 5.66 doc/adapter-api.txt, device-api.txt, gatt-api.txt,
// agent-api.txt) and its error replies (src/error.c, src/gatt-client.c create_gatt_dbus_error).
#pragma once

#include <string>
#include <string_view>

namespace vreglink::sim::bluez {

inline constexpr const char* kBluezService = "org.bluez";
inline constexpr const char* kBluezRoot = "/org/bluez";
inline constexpr const char* kAdapterPath = "/org/bluez/hci0";

inline constexpr const char* kAgentManagerInterface = "org.bluez.AgentManager1";
inline constexpr const char* kAgentInterface = "org.bluez.Agent1";
inline constexpr const char* kAdapterInterface = "org.bluez.Adapter1";
inline constexpr const char* kDeviceInterface = "org.bluez.Device1";
inline constexpr const char* kGattServiceInterface = "org.bluez.GattService1";
inline constexpr const char* kGattCharacteristicInterface = "org.bluez.GattCharacteristic1";

inline constexpr const char* kErrorFailed = "org.bluez.Error.Failed";
inline constexpr const char* kErrorInProgress = "org.bluez.Error.InProgress";
inline constexpr const char* kErrorNotPermitted = "org.bluez.Error.NotPermitted";
inline constexpr const char* kErrorNotSupported = "org.bluez.Error.NotSupported";
inline constexpr const char* kErrorInvalidArguments = "org.bluez.Error.InvalidArguments";
inline constexpr const char* kErrorDoesNotExist = "org.bluez.Error.DoesNotExist";
inline constexpr const char* kErrorAlreadyExists = "org.bluez.Error.AlreadyExists";
inline constexpr const char* kErrorNotConnected = "org.bluez.Error.NotConnected";
inline constexpr const char* kErrorAuthenticationFailed = "org.bluez.Error.AuthenticationFailed";
inline constexpr const char* kErrorAuthenticationCanceled =
    "org.bluez.Error.AuthenticationCanceled";

// BlueZ's device path: the address with '_' for ':' under the adapter (device.c).
inline std::string devicePathFor(std::string_view address) {
    std::string path = std::string(kAdapterPath) + "/dev_";
    for (const char c : address) path += c == ':' ? '_' : c;
    return path;
}

}  // namespace vreglink::sim::bluez
