// MPPT 100/30: what the host sees — TEXT block (T1), history records (C18/C19), and the SET
// checks that depend on other settings (C6).
#include "sim/models/mppt_model.h"
#include "sim/text_format.h"
#include "vedirect/hex_message.h"

#include <algorithm>
#include <cmath>

namespace vreglink::sim {

using vedirect::HexFrame;
using vedirect::HexResponse;

namespace {
std::uint16_t u16(double v) {
    return static_cast<std::uint16_t>(std::clamp<std::int64_t>(std::llround(v), 0, 65535));
}
}  // namespace

DayRecord MpptModel::dayRecord(std::size_t daysAgo) const {
    if (daysAgo > 0) return past_.at(daysAgo - 1);
    DayRecord d;
    d.yield = static_cast<std::uint32_t>(reg(0xEDD3));
    d.batteryVoltageMax = u16(todayVoltageMax_ * 100);
    d.batteryVoltageMin =
        u16(todayVoltageMin_ > 90 ? batteryVoltage_ * 100 : todayVoltageMin_ * 100);
    d.errorDatabase = 0;
    d.minutesBulk = u16(todayBulkS_ / 60);
    d.minutesAbsorption = u16(todayAbsS_ / 60);
    d.minutesFloat = u16(todayFloatS_ / 60);
    d.powerMax = static_cast<std::uint32_t>(reg(0xEDD2));
    d.batteryCurrentMax = u16(todayCurrentMax_ * 10);
    d.panelVoltageMax = u16(todayPanelVoltageMax_ * 100);
    d.daySequence = daySequence_;
    return d;
}

std::optional<HexFrame> MpptModel::specialGet(VregId id) {
    if (id.value == 0x104F) {
        HistoryTotal t;
        t.userYield = static_cast<std::uint32_t>(reg(0xEDDC));
        t.systemYield = static_cast<std::uint32_t>(reg(0xEDDD));
        t.panelVoltageMax = 4210;
        t.batteryVoltageMax = 1472;
        t.daysAvailable = static_cast<std::uint8_t>(daysAvailable());
        return vedirect::makeVregResponse(HexResponse::Get, id, 0, encodeHistoryTotal(t));
    }
    if (id.value >= 0x1050 && id.value <= 0x106E) {
        const std::size_t daysAgo = id.value - 0x1050u;
        if (daysAgo >= daysAvailable()) {
            // "a day that is not (yet) available results in an error response" (§3.3 [D]).
            return vedirect::makeVregResponse(HexResponse::Get, id, vedirect::hexflags::kUnknownId,
                                              {});
        }
        return vedirect::makeVregResponse(HexResponse::Get, id, 0,
                                          encodeDayRecord(dayRecord(daysAgo)));
    }
    return std::nullopt;
}

std::optional<std::uint8_t> MpptModel::specialSet(VregId id, ByteView value) {
    switch (id.value) {
        case 0x1030:  // clear history: also resets the user yield (catalog note)
            past_.clear();
            userYieldWh_ = 0;
            return std::uint8_t{0};
        case 0xEDF3:
        case 0xEDF4:
        case 0xEDF5:
        case 0xEDF6:
        case 0xEDF7:
        case 0xEDE2:
        case 0xEDE9:
        case 0xEDEB:
        case 0x2001:
        case 0x2002: {
            if (value.size() != 2) return vedirect::hexflags::kParameterError;
            const auto raw = readLe16(value.data());
            if (raw == 0xFFFF && (id.value == 0x2001 || id.value == 0x2002)) return std::nullopt;
            // Voltage settings scale with the system voltage (§3.3: set 0xEDEF first):
            // 8.00–17.50 V per 12 V. The exact limits are a guess [?]; C6 only needs 99.00 V out.
            const auto k = std::max<std::int64_t>(1, reg(0xEDEF) / 12);
            if (raw < 800 * k || raw > 1750 * k) return vedirect::hexflags::kParameterError;
            return std::nullopt;
        }
        default:
            return std::nullopt;
    }
}

bool MpptModel::serialTxEnabled() const {
    return reg(0xED9E) == 0;
}

std::vector<vedirect::OwnedFields> MpptModel::textBlocks() const {
    // T1 field order (fw 1.61). TEXT units are derived from the registers: mV = 0.01 V * 10,
    // mA = 0.1 A * 100, W = 0.01 W / 100, so TEXT and HEX never disagree.
    const auto ser = personality_.serial;
    vedirect::OwnedFields f = {
        {"PID", text::hex4(personality_.pid.value)},
        {"FW", text::firmware(personality_.version, false)},
        {"SER#", ser},
        {"V", text::dec(reg(0xED8D) * 10)},
        {"I", text::dec(reg(0xED8F) * 100)},
        {"VPV", text::dec(reg(0xEDBB) * 10)},
        {"PPV", text::dec(reg(0xEDBC) / 100)},
        {"CS", text::dec(reg(0x0201))},
        {"MPPT", text::dec(reg(0xEDB3))},
        {"OR", text::hex8(static_cast<std::uint32_t>(reg(0x0207)))},
        {"ERR", text::dec(reg(0xEDDA))},
        {"LOAD", text::onOff(reg(0xEDA8) == 1)},
        {"H19", text::dec(reg(0xEDDC))},
        {"H20", text::dec(reg(0xEDD3))},
        {"H21", text::dec(reg(0xEDD2))},
        {"H22", text::dec(reg(0xEDD1))},
        {"H23", text::dec(reg(0xEDD0))},
        {"HSDS", text::dec(daySequence_)},
    };
    return {std::move(f)};
}

}  // namespace vreglink::sim
