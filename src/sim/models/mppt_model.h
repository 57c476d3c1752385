// SmartSolar MPPT 100/30 (PID 0xA056, fw 1.61; vectors T1, H4–H24, C4–C19): a 12 V battery
// charged from a ~420 Wp panel along a sun curve, with bulk/absorption/float, yield counters,
// a daily history and the async frames the 1.6x firmware pushes (§3.5).
#pragma once

#include "sim/device_model.h"
#include "sim/models/mppt_history.h"

#include <deque>

namespace vreglink::sim {

class MpptModel final : public DeviceModel {
  public:
    explicit MpptModel(const ModelOptions& options);

    std::vector<vedirect::OwnedFields> textBlocks() const override;
    bool serialTxEnabled() const override;

    // Exposed for tests: records of today (index 0) and the previous days.
    DayRecord dayRecord(std::size_t daysAgo) const;
    std::size_t daysAvailable() const { return 1 + past_.size(); }

  protected:
    void simulate(std::chrono::milliseconds dt) override;
    std::optional<vedirect::HexFrame> specialGet(VregId id) override;
    std::optional<std::uint8_t> specialSet(VregId id, ByteView value) override;

  private:
    enum class Stage : std::uint8_t { Off, Bulk, Absorption, Float };

    void addRegisters();           // mppt_registers.cpp
    void seedHistory();            // mppt_registers.cpp
    void advance(double seconds);  // physics
    void publish();                // state -> registers
    void rollOverDay();
    double sunFactor() const;

    // Battery and charger state (SI units).
    double capacityAh_ = 200;
    double socAh_ = 150;
    double batteryVoltage_ = 12.6;
    double chargeCurrent_ = 0;
    double loadCurrent_ = 1.5;  // house load on the battery, not measured by the charger
    double panelPower_ = 0;
    double panelVoltage_ = 0.01;
    double chargerTemperature_ = 25;
    double cloud_ = 1.0;
    Stage stage_ = Stage::Off;
    int trackerMode_ = 0;
    std::uint32_t offReason_ = 1;
    double stageSeconds_ = 0;
    double absorptionSeconds_ = 0;

    // Counters (Wh / W / seconds) behind 0xEDD0–0xEDDD and the history.
    double userYieldWh_ = 48030;
    double systemYieldWh_ = 135270;
    double todayWh_ = 0;
    double todayPowerMax_ = 0;
    double todayVoltageMax_ = 0;
    double todayVoltageMin_ = 99;
    double todayCurrentMax_ = 0;
    double todayPanelVoltageMax_ = 0;
    double todayBulkS_ = 0, todayAbsS_ = 0, todayFloatS_ = 0;
    std::uint16_t daySequence_ = 57;
    std::int64_t lastDay_ = 0;
    std::deque<DayRecord> past_;  // [0] = yesterday
};

}  // namespace vreglink::sim
