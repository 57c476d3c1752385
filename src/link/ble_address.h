// A Bluetooth device address, "AA:BB:CC:DD:EE:FF", and how BlueZ names its object
// ("/org/bluez/hci0/dev_AA_BB_CC_DD_EE_FF", BlueZ doc/org.bluez.Device.rst).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vreglink::link {

class BleAddress {
  public:
    // Six hex pairs separated by ':' (case-insensitive); nullopt otherwise.
    static std::optional<BleAddress> parse(std::string_view text);

    std::string text() const;                                    // upper case, "AA:BB:CC:DD:EE:FF"
    std::string objectPath(std::string_view adapterPath) const;  // adapter + "/dev_AA_BB_…"

    friend bool operator==(const BleAddress&, const BleAddress&) = default;

  private:
    std::array<std::uint8_t, 6> bytes_{};
};

}  // namespace vreglink::link
