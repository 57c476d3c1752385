// What the BlueZ clients of this module (BleLink, BleScanner) share about calling org.bluez with
// sdbus-c++: timeouts in its unit, and errors worded for people.
#pragma once

#include <sdbus-c++/Error.h>

#include <chrono>
#include <string>
#include <string_view>

namespace vreglink::link {

// sdbus-c++ takes call timeouts in microseconds.
inline std::chrono::microseconds sdbusTimeout(std::chrono::milliseconds ms) {
    return std::chrono::duration_cast<std::chrono::microseconds>(ms);
}

// Match rules for BlueZ's signals: ObjectManager's (InterfacesAdded/Removed; one member, or all
// when `member` is empty) and PropertiesChanged of BlueZ's own objects.
std::string bluezObjectManagerMatch(std::string_view member = {});
std::string bluezPropertiesChangedMatch();

// "BlueZ is not running (…)" when nobody owns org.bluez, else "<error name>: <message>".
std::string describeBluezError(const sdbus::Error& error);

}  // namespace vreglink::link
