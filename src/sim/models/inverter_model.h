// Phoenix Inverter 12V 250VA 230V (0xA231, fw 1.29; vector T7): inverts from a 12 V battery into
// a household load profile; device mode 0x0200 switches it on/off/eco/hibernate.
#pragma once

#include "sim/device_model.h"

namespace vreglink::sim {

class InverterModel final : public DeviceModel {
  public:
    explicit InverterModel(const ModelOptions& options);
    std::vector<vedirect::OwnedFields> textBlocks() const override;

  protected:
    void simulate(std::chrono::milliseconds dt) override;
    std::optional<std::uint8_t> specialSet(VregId id, ByteView value) override;

  private:
    void addRegisters();
    double batteryVoltage_ = 12.79;
    double apparentPower_ = 30;
    double socFraction_ = 0.85;
    double operatingS_ = 3.1e7;
    double energyVAh_ = 1.2e6;
};

}  // namespace vreglink::sim
