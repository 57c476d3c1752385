#include "sim/models/mppt_history.h"

namespace vreglink::sim {

namespace {
void le32(Bytes& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
}  // namespace

Bytes encodeDayRecord(const DayRecord& r) {
    Bytes out;
    out.reserve(kDayRecordSize);
    out.push_back(0);  // record version
    le32(out, r.yield);
    le32(out, r.consumed);
    appendLe16(out, r.batteryVoltageMax);
    appendLe16(out, r.batteryVoltageMin);
    out.push_back(r.errorDatabase);
    out.insert(out.end(), r.errors.begin(), r.errors.end());
    appendLe16(out, r.minutesBulk);
    appendLe16(out, r.minutesAbsorption);
    appendLe16(out, r.minutesFloat);
    le32(out, r.powerMax);
    appendLe16(out, r.batteryCurrentMax);
    appendLe16(out, r.panelVoltageMax);
    appendLe16(out, r.daySequence);
    return out;
}

Bytes encodeHistoryTotal(const HistoryTotal& t) {
    Bytes out;
    out.push_back(0);  // version
    out.push_back(t.errorDatabase);
    out.insert(out.end(), t.errors.begin(), t.errors.end());
    le32(out, t.userYield);
    le32(out, t.systemYield);
    appendLe16(out, t.panelVoltageMax);
    appendLe16(out, t.batteryVoltageMax);
    out.push_back(t.daysAvailable);
    return out;
}

}  // namespace vreglink::sim
