// The D-Bus names vreglink speaks (venus-dbus-mqtt.md §2.2, §2.3, §3.1): one place, so the
// service, the tests and any client agree on every spelling.
#pragma once

namespace vreglink::dbus::names {

// §2.2: every value path, the root "/" and every intermediate node.
inline constexpr const char* kBusItem = "com.victronenergy.BusItem";
inline constexpr const char* kGetValue = "GetValue";
inline constexpr const char* kGetText = "GetText";
inline constexpr const char* kSetValue = "SetValue";
inline constexpr const char* kPropertiesChanged = "PropertiesChanged";  // on the leaf's own path
// §2.3: root only.
inline constexpr const char* kGetItems = "GetItems";
inline constexpr const char* kItemsChanged = "ItemsChanged";  // on "/"
// Keys of the a{sv} per item (GetItems, ItemsChanged, PropertiesChanged).
inline constexpr const char* kValueKey = "Value";
inline constexpr const char* kTextKey = "Text";

// §3.1: on /Devices/<n>/VregLink, next to BusItem.
inline constexpr const char* kVregLink = "com.victronenergy.VregLink";
inline constexpr const char* kGetVreg = "GetVreg";
inline constexpr const char* kSetVreg = "SetVreg";

// Method errors that are not device trouble (device trouble is always a VregLink status).
inline constexpr const char* kErrorFailed = "org.freedesktop.DBus.Error.Failed";

}  // namespace vreglink::dbus::names
