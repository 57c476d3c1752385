#include "sim/models/inverter_model.h"

#include "sim/models/models.h"
#include "sim/models/register_helpers.h"
#include "sim/text_format.h"
#include "vedirect/hex_message.h"

#include <algorithm>
#include <cmath>

namespace vreglink::sim {

using namespace regs;

namespace {
std::int64_t round64(double v) {
    return static_cast<std::int64_t>(std::llround(v));
}
constexpr double kRatedVA = 250;
}  // namespace

InverterModel::InverterModel(const ModelOptions& options)
    : DeviceModel(Personality{.key = "inverter",
                              .pid = ProductId(0xA231),
                              .version = 0x4129,
                              .productName = "Phoenix Inverter 12V 250VA 230V",
                              .modelName = "Phoenix Inverter 12V 250VA 230V",
                              .serial = "HQ1712ABCDE",  // T7
                              .serialWidth = 16,        // [?] as MPPTs
                              .productIdFlag = 0xFF,
                              .family = catalog::Family::Inverter,
                              .async = AsyncMode::Never},  // no async set known [?]
                  options) {
    addRegisters();
    simulate(std::chrono::milliseconds(0));
}

void InverterModel::addRegisters() {
    auto add = [&](std::uint16_t id, W type, std::int64_t v, RegisterOptions o = {}) {
        store_.addInt(VregId(id), type, v, std::move(o));
    };
    addIdentity(0x20000000);  // b29: AC_OUT_S available (catalog note on 0x2205) [?]
    // §2.6 MODE: 2 inverter on, 3 device on, 4 off, 5 eco, 0xFD hibernate.
    add(0x0200, W::Un8, 2, nvmEnum({2, 3, 4, 5, 0xFD}));
    add(0x0201, W::Un8, 9);
    add(0x0207, W::Un32, 0);
    add(0x031C, W::Un16, 0);
    add(0x031E, W::Un16, 0);
    add(0xED8D, W::Sn16, 1279);
    add(0xED8F, W::Sn16, 0);
    add(0x2200, W::Sn16, 23000);
    add(0x2201, W::Sn16, 1);
    add(0x2202, W::Un8, 230);
    add(0x2203, W::Sn16, 250);
    add(0x2204, W::Sn32, 0);
    add(0x2205, W::Sn32, 0);
    add(0x2206, W::Un16, 20, nvm(0, 250));  // eco: load sense
    add(0x2207, W::Un16, 30, nvm(0, 250));
    add(0x2208, W::Un16, 5000);
    add(0x2210, W::Un16, 930, nvm(900, 1200));  // DC low-voltage shutdown
    add(0x2211, W::Un16, 900);
    add(0x2212, W::Un16, 1700);
    // AC output voltage set-point; range from 0x0231/0x0232 (checked in specialSet()).
    add(0x0230, W::Un16, 23000, nvm(0, 0xFFFF));
    add(0x0231, W::Un16, 21000);
    add(0x0232, W::Un16, 24500);
    add(0x0320, W::Un16, 1090, nvm(900, 1700));
    add(0x0321, W::Un16, 1140, nvm(900, 1700));
    add(0x0322, W::Un16, 1590, nvm(900, 1700));
    add(0x0323, W::Un16, 1560, nvm(900, 1700));
    add(0x1040, W::Un32, 0);
    add(0x1041, W::Un32, 0);
}

void InverterModel::simulate(std::chrono::milliseconds dt) {
    const double seconds = std::chrono::duration<double>(dt).count();
    const auto mode = reg(0x0200);
    const auto t = static_cast<double>(timeOfDay());
    // Household load: fridge-like base, evening TV/lights, noise.
    double load = 28 + (t > 18 * 3600 && t < 23 * 3600 ? 110 : 0) + noise(4);
    load = std::clamp(load, 0.0, kRatedVA * 1.2);
    const bool on = mode == 2 || mode == 3 || mode == 5;
    // Eco (AES): below the load-sense threshold the output idles in search mode.
    const bool idle = mode == 5 && load < static_cast<double>(reg(0x2206));
    const bool lowBattery = batteryVoltage_ * 100 < static_cast<double>(reg(0x2210));
    const bool inverting = on && !idle && !lowBattery;
    apparentPower_ = inverting ? std::max(0.0, load) : 0;

    const double dcW = inverting ? apparentPower_ * 0.9 / 0.88 + 4 : (on ? 1.5 : 0.1);
    const double dcA = dcW / batteryVoltage_;
    if (seconds > 0) {
        socFraction_ =
            std::clamp(socFraction_ - dcA * seconds / 3600.0 / 200.0 +
                           (t > 9 * 3600 && t < 16 * 3600 ? 8.0 : 0.0) * seconds / 3600.0 / 200.0,
                       0.0, 1.0);
        if (inverting) {
            operatingS_ += seconds;
            energyVAh_ += apparentPower_ * seconds / 3600.0;
        }
    }
    batteryVoltage_ = 11.9 + 0.95 * socFraction_ - 0.012 * dcA + noise(0.003);

    std::uint16_t ar = 0;
    if (batteryVoltage_ * 100 < static_cast<double>(reg(0x0320))) ar |= 1;
    if (batteryVoltage_ * 100 > static_cast<double>(reg(0x0322))) ar |= 2;
    if (load > kRatedVA) ar |= 256;  // overload

    int cs = 9;  // inverting
    if (!on || lowBattery) cs = 0;
    if (idle) cs = 1;  // eco search: low power
    std::uint32_t offReason = 0;
    if (mode == 4 || mode == 0xFD) offReason |= 0x04;  // switched off by the device mode register
    if (lowBattery) offReason |= 0x0800;               // velib bit 11: low battery

    const double acV = inverting ? static_cast<double>(reg(0x0230)) / 100.0 + noise(0.15) : 0;
    put(0x0201, cs);
    put(0x0207, offReason);
    put(0x031E, ar);
    put(0x031C, ar);
    put(0xED8D, round64(batteryVoltage_ * 100));
    put(0xED8F, round64(-dcA * 10));
    put(0x2200, round64(acV * 100));
    put(0x2201, acV > 1 ? round64(apparentPower_ / acV * 10) : 0);
    put(0x2205, round64(apparentPower_));
    put(0x2204, round64(apparentPower_ * 0.9));
    put(0x2208, inverting ? 5000 + round64(noise(2)) : 0);
    put(0x1040, round64(operatingS_));
    put(0x1041, round64(energyVAh_ / 10));
}

std::optional<std::uint8_t> InverterModel::specialSet(VregId id, ByteView value) {
    if (id.value != 0x0230) return std::nullopt;
    if (value.size() != 2) return vedirect::hexflags::kParameterError;
    const auto v = readLe16(value.data());
    if (v < reg(0x0231) || v > reg(0x0232)) return vedirect::hexflags::kParameterError;
    return std::nullopt;
}

std::vector<vedirect::OwnedFields> InverterModel::textBlocks() const {
    // T7 order (constructed; §2.5 marks the exact Phoenix order as unverified [?]).
    vedirect::OwnedFields f = {
        {"PID", text::hex4(personality_.pid.value)},
        {"FW", text::firmware(personality_.version, true)},
        {"SER#", personality_.serial},
        {"MODE", text::dec(reg(0x0200))},
        {"CS", text::dec(reg(0x0201))},
        {"AR", text::dec(reg(0x031E))},
        {"WARN", text::dec(reg(0x031C))},
        {"OR", text::hex8(static_cast<std::uint32_t>(reg(0x0207)))},
        {"V", text::dec(reg(0xED8D) * 10)},
        {"AC_OUT_V", text::dec(reg(0x2200))},
        {"AC_OUT_I", text::dec(reg(0x2201))},
        {"AC_OUT_S", text::dec(reg(0x2205))},
    };
    return {std::move(f)};
}

std::unique_ptr<DeviceModel> makeInverterModel(const ModelOptions& options) {
    return std::make_unique<InverterModel>(options);
}

}  // namespace vreglink::sim
