// The SmartSolar MPPT 100/30 register table. Values from the vectors where recorded
// (H9–H24, C4–C19); other defaults are the factory settings of a 12 V system [guesses where the
// vectors are silent]. Every setting is range-checked like the product (C6: 99.00 V -> 0x04).
#include "sim/models/mppt_model.h"
#include "sim/models/register_helpers.h"

namespace vreglink::sim {

using namespace regs;

void MpptModel::addRegisters() {
    auto& s = store_;
    auto add = [&](std::uint16_t id, W type, std::int64_t v, RegisterOptions o = {}) {
        s.addInt(VregId(id), type, v, std::move(o));
    };
    // capabilities1: load output (virtual), history, BatterySafe, adaptive, manual/auto
    // equalise, storage, remote on/off, solar timer, user load switch, panel current, BMS,
    // external control — what a 100/30 advertises is a guess [?].
    addIdentity(0x0000EDFD);
    add(0x0104, W::Un8, 10);  // group id, observed 10 on 100/30

    // Device mode: MPPTs accept 1 (on) and 4 (off) (§2.6 MODE); NVM (§3.6).
    add(0x0200, W::Un8, 1, nvmEnum({1, 4}));
    add(0x0201, W::Un8, 0);
    add(0x0202, W::Un32, 0x00000002, nvm(0, 0xFFFF));  // H40: remote control used
    add(0x0207, W::Un32, 0x00000001);

    // Battery settings 0xEDF0–0xEDFF (H9–H13). Voltage ranges are rechecked against the system
    // voltage in specialSet().
    add(0xEDF0, W::Un16, 150, nvm(0, 300));  // H9: 15.0 A; a 100/30 charges at most 30 A
    add(0xEDF1, W::Un8, 0xFF, nvmEnum({1, 2, 3, 4, 5, 6, 7, 8, 0xFF}));
    add(0xEDF2, W::Sn16, -1620, nvm(-9999, 0));  // H10
    add(0xEDF3, W::Un16, 1050, nvm(0, 0xFFFF));
    add(0xEDF4, W::Un16, 1620, nvm(0, 0xFFFF));
    add(0xEDF5, W::Un16, 1320, nvm(0, 0xFFFF));
    add(0xEDF6, W::Un16, 1380, nvm(0, 0xFFFF));  // H12
    add(0xEDF7, W::Un16, 1440, nvm(0, 0xFFFF));  // H11
    add(0xEDF8, W::Un16, 700, nvm(0, 36500));
    add(0xEDF9, W::Un16, 100, nvm(0, 2400));
    add(0xEDFA, W::Un16, 0, nvm(0, 65000));
    add(0xEDFB, W::Un16, 600, nvm(0, 65000));  // H13: 6 h
    add(0xEDFC, W::Un16, 1000, nvm(0, 65000));
    add(0xEDFD, W::Un8, 0, nvm(0, 250));
    add(0xEDFE, W::Un8, 1, nvm(0, 1));
    add(0xEDFF, W::Un8, 1, nvm(0, 1));

    // 0xEDE0–0xEDEF.
    add(0xEDE0, W::Sn16, 500, nvm(-4000, 1000));
    add(0xEDE1, W::Un16, 0, nvm(0, 300));
    add(0xEDE2, W::Un16, 1320, nvm(0, 0xFFFF));
    add(0xEDE3, W::Un16, 100, nvm(0, 2400));
    add(0xEDE4, W::Un8, 8, nvm(0, 100));
    add(0xEDE5, W::Un8, 0, nvm(0, 1));
    add(0xEDE6, W::Un16, 0xFFFF, nvm(0, 0xFFFF));  // H17: 0xFFFF = use max current, not n/a
    add(0xEDE7, W::Un16, 10, nvm(0, 300));
    add(0xEDE8, W::Un8, 0, nvm(0, 1));
    add(0xEDE9, W::Un16, 1350, nvm(0, 0xFFFF));
    add(0xEDEA, W::Un8, 0, nvmEnum({0, 12, 24}));
    add(0xEDEB, W::Un16, 1650, nvm(0, 0xFFFF));
    add(0xEDEC, W::Un16, 0xFFFF);                // H15: no temperature sensor
    add(0xEDEF, W::Un8, 12, nvmEnum({12, 24}));  // H14; a 100/30 is a 12/24 V charger

    // Load output (virtual on the 100/30: TEXT LOAD, no IL). C13/C14.
    add(0xEDAB, W::Un8, 4, nvm(0, 7));
    add(0xEDA8, W::Un8, 1);

    // Panel and charger measurements.
    add(0xEDB3, W::Un8, 0);
    add(0xEDB8, W::Un16, 10100);  // H22: 101.00 V
    add(0xEDBB, W::Un16, 1);
    add(0xEDBC, W::Un32, 0);
    add(0xEDBD, W::Un16, 0);
    add(0xED8D, W::Sn16, 1188);
    add(0xED8F, W::Sn16, 0);
    add(0xEDD0, W::Un16, 0);  // un16 on VE.Direct MPPTs (§3.3)
    add(0xEDD1, W::Un16, 0);
    add(0xEDD2, W::Un16, 0);
    add(0xEDD3, W::Un16, 0);
    add(0xEDD4, W::Un8, 0);
    add(0xEDD5, W::Un16, 1188);
    add(0xEDD7, W::Sn16, 0);
    add(0xEDDA, W::Un8, 0);
    add(0xEDDB, W::Sn16, 2500);
    add(0xEDDC, W::Un32, 4803);
    add(0xEDDD, W::Un32, 13527);  // H18
    add(0xEDDE, W::Un8, 1);
    add(0xEDDF, W::Un16, 300);
    // VE.Direct port functions (§1): writing != 0 silences the serial TX (serialTxEnabled()).
    add(0xED9E, W::Un8, 0, nvm(0, 3));

    // Network / external control (§3.6): volatile, revert after the configured timeout.
    add(0x2001, W::Un16, 0xFFFF, volatileReg(0, 0xFFFF));
    add(0x2002, W::Un16, 0xFFFF, volatileReg(0, 0xFFFF));
    add(0x2003, W::Sn16, 0x7FFF, volatileReg(-4000, 0x7FFF));  // H35: n/a
    add(0x2007, W::Un32, 0);
    add(0x200D, W::Un8, 0);
    // Network mode: whether it also expires is unknown; treated like 0x2001/0x2015 [?].
    add(0x200E, W::Un8, 0, volatileReg(0, 0xFF));
    add(0x200F, W::Un8, 0);
    add(0x2013, W::Sn32, 0x7FFFFFFF);  // H33: n/a when not networked
    add(0x2015, W::Un16, 0xFFFF, volatileReg(0, 0xFFFF));
    add(0x2027, W::Un32, 0);
    add(0x2030, W::Un8, 0);
    add(0x2031, W::Un16, 0);

    setAsyncRegisters({VregId(0xEDD5), VregId(0xEDBB), VregId(0xEDBC), VregId(0xEDBD),
                       VregId(0xEDD7), VregId(0xEDDB), VregId(0xED8D), VregId(0x0120),
                       VregId(0x0201), VregId(0x0202), VregId(0x2003), VregId(0x2013),
                       VregId(0x2027)});
}

void MpptModel::seedHistory() {
    // Twenty plausible past days; older days answer flags 0x01 ("not (yet) available", §3.3).
    std::uint32_t x = 12345;
    for (std::uint16_t k = 1; k <= 20; ++k) {
        x = x * 1103515245u + 12345u;
        const std::uint32_t r = (x >> 16) % 100;
        DayRecord d;
        d.yield = 60 + r;  // 0.60–1.59 kWh
        d.batteryVoltageMax = static_cast<std::uint16_t>(1420 + r % 25);
        d.batteryVoltageMin = static_cast<std::uint16_t>(1220 + r % 40);
        d.minutesBulk = static_cast<std::uint16_t>(80 + r);
        d.minutesAbsorption = static_cast<std::uint16_t>(r > 30 ? 60 + r % 60 : 0);
        d.minutesFloat = static_cast<std::uint16_t>(r > 30 ? 90 + r : 0);
        d.powerMax = 250 + r;
        d.batteryCurrentMax = static_cast<std::uint16_t>(180 + r);
        d.panelVoltageMax = static_cast<std::uint16_t>(3800 + r % 60);
        d.daySequence = static_cast<std::uint16_t>(daySequence_ - k);
        past_.push_back(d);
    }
    put(0xEDD1, past_.front().yield);
    put(0xEDD0, past_.front().powerMax);
}

}  // namespace vreglink::sim
