// The BlueZ D-Bus API names (BlueZ 5.66 doc/org.bluez.*.rst) and the VictronConnect GATT UUIDs
// (ble-gatt.md §1.1): one place for the link, the scanner and the BlueZ simulator.
#pragma once

#include "ble/chunk.h"  // the 306b UUIDs: defined once, in the codec

#include <cstdint>

namespace vreglink::bluez {

inline constexpr const char* kService = "org.bluez";
inline constexpr const char* kBluezPath = "/org/bluez";
inline constexpr const char* kAgentManagerPath = kBluezPath;
inline constexpr const char* kObjectManager = "org.freedesktop.DBus.ObjectManager";
inline constexpr const char* kProperties = "org.freedesktop.DBus.Properties";
inline constexpr const char* kAdapter = "org.bluez.Adapter1";
inline constexpr const char* kDevice = "org.bluez.Device1";
inline constexpr const char* kGattService = "org.bluez.GattService1";
inline constexpr const char* kGattCharacteristic = "org.bluez.GattCharacteristic1";
inline constexpr const char* kAgentManager = "org.bluez.AgentManager1";
inline constexpr const char* kAgent = "org.bluez.Agent1";

// Error replies (BlueZ src/error.c, src/gatt-client.c create_gatt_dbus_error).
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
inline constexpr const char* kErrorRejected = "org.bluez.Error.Rejected";

// Victron Energy's Bluetooth SIG company identifier (manufacturer data key, ble-gatt.md §9.2).
inline constexpr std::uint16_t kVictronCompanyId = 0x02E1;

// ble-gatt.md §1.1: the VictronConnect protocol service and its three characteristics. The
// Orion Smart has a second service ending in …dfd1 with the same characteristics, unused: the
// UUIDs below (…dfd0, null-terminated literals in ble/chunk.h) are the only ones to use, and always
// by UUID, never by handle (§1.2).
inline constexpr const char* kVictronServiceUuid = ble::kServiceUuid.data();
// §1.1: the "device info" service, read-only blob; present so clients must pick by UUID.
inline constexpr const char* kDeviceInfoServiceUuid = "97580001-ddf1-48be-b73e-182664615d8e";
inline constexpr const char* kDeviceInfoUuid = "97580002-ddf1-48be-b73e-182664615d8e";
inline constexpr const char* kCtrlUuid = ble::kControlUuid.data();
inline constexpr const char* kLastUuid = ble::kLastUuid.data();
inline constexpr const char* kMoreUuid = ble::kMoreUuid.data();

}  // namespace vreglink::bluez
