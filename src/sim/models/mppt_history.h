// MPPT daily history records (GET 0x1050..0x106E, catalog notes; vectors C19) and the total
// record 0x104F. Pure encoders, so the 34-byte layout is testable on its own.
#pragma once

#include "core/bytes.h"

#include <array>
#include <cstdint>

namespace vreglink::sim {

struct DayRecord {
    std::uint32_t yield = 0;              // 0.01 kWh
    std::uint32_t consumed = 0;           // 0.01 kWh (load output)
    std::uint16_t batteryVoltageMax = 0;  // 0.01 V
    std::uint16_t batteryVoltageMin = 0;  // 0.01 V
    std::uint8_t errorDatabase = 0;
    std::array<std::uint8_t, 4> errors{};
    std::uint16_t minutesBulk = 0;
    std::uint16_t minutesAbsorption = 0;
    std::uint16_t minutesFloat = 0;
    std::uint32_t powerMax = 0;           // W
    std::uint16_t batteryCurrentMax = 0;  // 0.1 A
    std::uint16_t panelVoltageMax = 0;    // 0.01 V
    std::uint16_t daySequence = 0;        // HSDS of that day
};

inline constexpr std::size_t kDayRecordSize = 34;

// un8 version(0), un32 yield, un32 consumed, un16 Vbat max, un16 Vbat min, un8 error db,
// 4x un8 errors, un16 bulk/absorption/float minutes, un32 Pmax, un16 Ibat max, un16 Voc max,
// un16 day sequence — all little-endian (C19).
Bytes encodeDayRecord(const DayRecord& record);

struct HistoryTotal {
    std::uint8_t errorDatabase = 0;
    std::array<std::uint8_t, 4> errors{};
    std::uint32_t userYield = 0;    // 0.01 kWh
    std::uint32_t systemYield = 0;  // 0.01 kWh
    std::uint16_t panelVoltageMax = 0;
    std::uint16_t batteryVoltageMax = 0;
    std::uint8_t daysAvailable = 0;
};
// 0x104F per the catalog note: version, error db, 4 errors, user/system yield, Voc max,
// Vbat max, number of available days (19 bytes).
Bytes encodeHistoryTotal(const HistoryTotal& total);

}  // namespace vreglink::sim
