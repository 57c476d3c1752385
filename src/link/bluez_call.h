// What the BlueZ clients of this module (BleLink, BleScanner) share about calling org.bluez with
// sdbus-c++: timeouts in its unit, and errors worded for people.
#pragma once

#include <sdbus-c++/Error.h>

#include <chrono>
#include <string>

namespace vreglink::link {

// sdbus-c++ takes call timeouts in microseconds.
inline std::chrono::microseconds sdbusTimeout(std::chrono::milliseconds ms) {
    return std::chrono::duration_cast<std::chrono::microseconds>(ms);
}

// "BlueZ is not running (…)" when nobody owns org.bluez, else "<error name>: <message>".
std::string describeBluezError(const sdbus::Error& error);

}  // namespace vreglink::link
