// BMV-712 Smart (0xA381, fw 4.13; vectors T5a/T5b, C3) and SmartShunt 500A/50mV (0xA389,
// fw 4.14; T6, H3/H6/H8/H25/H28–H31): a battery monitor on a 200 Ah bank whose current follows
// a daily load/solar profile; SOC, consumed Ah, TTG and the history integrate from it.
#pragma once

#include "sim/device_model.h"

namespace vreglink::sim {

class BmvModel final : public DeviceModel {
  public:
    BmvModel(const ModelOptions& options, bool smartShunt);

    std::vector<vedirect::OwnedFields> textBlocks() const override;
    bool relayClosed() const { return relayClosed_; }

  protected:
    void simulate(std::chrono::milliseconds dt) override;
    std::optional<std::uint8_t> specialSet(VregId id, ByteView value) override;

  private:
    void addRegisters();  // bmv_registers.cpp
    void advance(double seconds);
    void publish();
    void synchronise();
    void clearHistory();
    std::uint16_t alarmReason() const;

    bool smartShunt_;
    double nominal_ = 1;         // 1 = 12 V bank, 2 = 24 V bank (the SmartShunt of T6)
    double consumedAh_ = -18.5;  // <= 0 (CE)
    double current_ = -3.25;
    double voltage_ = 12.81;
    double auxVoltage_ = 12.95;
    double temperatureC_ = 23;
    bool relayClosed_ = false;
    bool socRelay_ = false;  // relay mode 1: low-SOC set/clear hysteresis
    std::uint16_t lastAlarm_ = 0;
    // History (HEX units: 0.1 Ah, 0.01 V, s, 0.01 kWh).
    double deepestAh_ = -102.3, lastDischargeAh_ = -45.0, averageAh_ = -38.0;
    double cumulativeAh_ = -1921.7;
    double minV_ = 11.02, maxV_ = 14.65, minAuxV_ = 11.60, maxAuxV_ = 13.98;
    double sinceFullS_ = 259983;
    double dischargedKWh_ = 50.76, chargedKWh_ = 51.53;
    std::int64_t cycles_ = 25, fullDischarges_ = 0, syncs_ = 95;
    std::int64_t lowVoltageAlarms_ = 0, highVoltageAlarms_ = 0;
};

}  // namespace vreglink::sim
