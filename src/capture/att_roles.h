// Which ATT handles of one connection carry the VictronConnect characteristics CTRL/LAST/MORE
// (ble-gatt.md §1.1, §2.1). Learned from the capture's own discovery — Read By Type responses
// carrying characteristic declarations (Core Vol 3 Part G §3.3.1: properties(1), value
// handle(2), UUID) and Find Information responses (Vol 3 Part F §3.4.3.2) — and, for a
// connection whose discovery is not in the capture (bonded hosts cache it), the per-family
// handle maps of ble-gatt.md §1.2.
#pragma once

#include "core/bytes.h"

#include <cstdint>
#include <utility>
#include <vector>

namespace vreglink::capture {

enum class CharacteristicRole : std::uint8_t { None, Control, Last, More };

class AttRoles {
  public:
    // An ATT PDU from the device (opcode first): learns from 0x09 and 0x05 responses.
    void learn(ByteView pdu);
    // The role of a value handle written or notified.
    CharacteristicRole roleOf(std::uint16_t handle);
    bool discovered() const { return !discovered_.empty(); }
    void reset();

  private:
    // The fallback (§1.2): SmartShunt/SmartSolar/dongle put CTRL/LAST/MORE on 0x21/0x24/0x27,
    // the Orion Smart on 0x1B/0x1E/0x21. 0x21 is ambiguous; the first unambiguous handle seen
    // decides, and until then the SmartShunt map (the common case) is assumed.
    enum class Family : std::uint8_t { Undecided, SmartShunt, Orion };
    CharacteristicRole fallbackRole(std::uint16_t handle);
    void remember(std::uint16_t handle, CharacteristicRole role);

    std::vector<std::pair<std::uint16_t, CharacteristicRole>> discovered_;
    Family family_ = Family::Undecided;
};

}  // namespace vreglink::capture
