#include "sim/models/bmv_model.h"

#include "sim/models/models.h"
#include "sim/text_format.h"
#include "vedirect/hex_message.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace vreglink::sim {

namespace {

std::int64_t round64(double v) {
    return static_cast<std::int64_t>(std::llround(v));
}

Personality bmvPersonality(bool smartShunt) {
    if (smartShunt) {
        return Personality{.key = "smartshunt",
                           .pid = ProductId(0xA389),
                           .version = 0x4414,  // H3
                           .productName = "SmartShunt 500A/50mV",
                           .modelName = "BMV-SmartShunt 500A/50mV",  // H25
                           .serial = "HQ2032PQRST",
                           .serialWidth = 24,      // §3.3: 24 bytes on a SmartShunt
                           .productIdFlag = 0xFE,  // H8
                           .family = catalog::Family::SmartShunt,
                           .async = AsyncMode::AfterHex};
    }
    return Personality{.key = "bmv",
                       .pid = ProductId(0xA381),
                       .version = 0x4413,
                       .productName = "BMV-712 Smart",
                       .modelName = "BMV-712 Smart",
                       .serial = "HQ1940ABCDE",
                       .serialWidth = 24,      // same platform as the SmartShunt [?]
                       .productIdFlag = 0xFE,  // [?] as the SmartShunt
                       .family = catalog::Family::Bmv,
                       .async = AsyncMode::AfterHex};
}

}  // namespace

BmvModel::BmvModel(const ModelOptions& options, bool smartShunt)
    : DeviceModel(bmvPersonality(smartShunt), options), smartShunt_(smartShunt) {
    if (smartShunt_) {  // T6 is a 24 V bank
        nominal_ = 2;
        consumedAh_ = -25.8;
        current_ = -1.718;
        minV_ *= nominal_;
        maxV_ *= nominal_;
    }
    addRegisters();
    simulate(std::chrono::milliseconds(0));
}

void BmvModel::simulate(std::chrono::milliseconds dt) {
    advance(std::chrono::duration<double>(dt).count());
    publish();
}

void BmvModel::advance(double seconds) {
    const double capacity = static_cast<double>(reg(0x1000));
    const auto t = static_cast<double>(timeOfDay());
    // Load: a base load plus evening consumption; a solar charger feeds the bank by day.
    double load = 3.0 + (t > 18 * 3600 && t < 23 * 3600 ? 4.0 : 0.0);
    const double x = (t - 7 * 3600) / (12 * 3600);
    const double sun = x > 0 && x < 1 ? std::pow(std::sin(std::numbers::pi * x), 1.3) : 0.0;
    double charge = 22.0 * sun / nominal_;
    const double socFraction = 1.0 + consumedAh_ / capacity;
    // A full battery accepts only the tail current.
    const double tail = static_cast<double>(reg(0x1002)) / 1000.0 * capacity;
    if (socFraction >= 0.995) charge = std::min(charge, load + tail * 0.5);
    current_ = charge - load + noise(0.05);

    if (seconds > 0) {
        const double efficiency = static_cast<double>(reg(0x1004)) / 100.0;
        const double dAh = current_ * seconds / 3600.0 * (current_ > 0 ? efficiency : 1.0);
        consumedAh_ = std::min(0.0, consumedAh_ + dAh);
        if (current_ < 0) cumulativeAh_ += current_ * seconds / 3600.0;
        const double kwh = std::abs(voltage_ * current_) * seconds / 3.6e6;
        (current_ < 0 ? dischargedKWh_ : chargedKWh_) += kwh;
        sinceFullS_ += seconds;
        lastDischargeAh_ = std::min(lastDischargeAh_, consumedAh_);
        deepestAh_ = std::min(deepestAh_, consumedAh_);
    }
    const double soc = std::clamp(1.0 + consumedAh_ / capacity, 0.0, 1.0);
    const double rest = nominal_ * (11.9 + 0.9 * soc);
    voltage_ = rest + 0.012 * nominal_ * current_ + noise(0.002);
    if (current_ > 0 && soc > 0.9) voltage_ += nominal_ * (soc - 0.9) * 15.0 * (current_ / 20.0);
    voltage_ = std::min(voltage_, nominal_ * 14.6);
    auxVoltage_ = 12.95 + noise(0.002);
    temperatureC_ = 23 + 2 * std::sin(2 * std::numbers::pi * t / 86400.0);
    minV_ = std::min(minV_, voltage_);
    maxV_ = std::max(maxV_, voltage_);

    // Auto-synchronisation: charged voltage reached and current below the tail (§2.4 H10).
    const double charged = static_cast<double>(reg(0x1001)) / 10.0;
    if (consumedAh_ > -0.01 * capacity && voltage_ >= charged && current_ >= 0 && current_ < tail) {
        if (consumedAh_ < 0) ++syncs_;
        synchronise();
    }

    // Relay: mode 0 alarm, 1 charger (low SOC set/clear), 2 remote (0x034E); 0x034D inverts.
    if (!smartShunt_) {
        bool on = false;
        switch (reg(0x034F)) {
            case 0:
                on = alarmReason() != 0;
                break;
            case 1: {
                const double socPermille = soc * 1000;
                if (socPermille < static_cast<double>(reg(0x1008))) socRelay_ = true;
                if (socPermille > static_cast<double>(reg(0x1009))) socRelay_ = false;
                on = socRelay_;
                break;
            }
            default:
                on = reg(0x034E) == 1;
                break;
        }
        relayClosed_ = reg(0x034D) == 1 ? !on : on;
    }
}

void BmvModel::synchronise() {
    if (consumedAh_ < 0 && lastDischargeAh_ < 0) {
        averageAh_ = (averageAh_ * static_cast<double>(cycles_) + lastDischargeAh_) /
                     static_cast<double>(cycles_ + 1);
        ++cycles_;
    }
    consumedAh_ = 0;
    lastDischargeAh_ = 0;
    sinceFullS_ = 0;
}

void BmvModel::clearHistory() {
    deepestAh_ = lastDischargeAh_ = averageAh_ = cumulativeAh_ = 0;
    minV_ = maxV_ = voltage_;
    minAuxV_ = maxAuxV_ = auxVoltage_;
    dischargedKWh_ = chargedKWh_ = 0;
    cycles_ = fullDischarges_ = syncs_ = lowVoltageAlarms_ = highVoltageAlarms_ = 0;
    sinceFullS_ = 0;
}

std::uint16_t BmvModel::alarmReason() const {
    // AR bits (§2.6): 1 low voltage, 2 high voltage, 4 low SOC. Level 0 = alarm disabled.
    std::uint16_t ar = 0;
    const auto v = round64(voltage_ * 100);
    const auto soc = reg(0x0FFF) / 10;  // 0.1 %
    if (const auto set = reg(0x0320); set != 0) {
        if (v < set || ((lastAlarm_ & 1) != 0 && v < reg(0x0321))) ar |= 1;
    }
    if (const auto set = reg(0x0322); set != 0) {
        if (v > set || ((lastAlarm_ & 2) != 0 && v > reg(0x0323))) ar |= 2;
    }
    if (const auto set = reg(0x0328); set != 0) {
        if (soc < set || ((lastAlarm_ & 4) != 0 && soc < reg(0x0329))) ar |= 4;
    }
    return ar;
}

void BmvModel::publish() {
    const double capacity = static_cast<double>(reg(0x1000));
    const double soc = std::clamp(1.0 + consumedAh_ / capacity, 0.0, 1.0);
    // SOC in whole 0.1 % steps so TEXT (per mille) == 0x0FFF / 10 exactly.
    put(0x0FFF, round64(soc * 1000) * 10);
    put(0xEEFF, round64(consumedAh_ * 10));
    const auto mA = round64(current_ * 1000);
    put(0xED8C, mA);
    put(0xED8F, round64(current_ * 10));
    put(0xED8D, round64(voltage_ * 100));
    put(0xED8E, round64(voltage_ * current_));
    const double threshold = static_cast<double>(reg(0x1006)) / 100.0;
    if (current_ < -threshold) {
        const double usable = soc - static_cast<double>(reg(0x1008)) / 1000.0;
        const double minutes = std::max(0.0, usable * capacity / -current_ * 60.0);
        put(0x0FFE, std::min<std::int64_t>(round64(minutes), 0xFFFE));
    } else {
        put(0x0FFE, 0xFFFF);  // not discharging: infinite (TEXT -1, T6)
    }
    const auto aux = reg(0xEEF8);
    put(0xED7D, aux == 0 ? round64(auxVoltage_ * 100) : 0x7FFF);
    put(0x0382, aux == 1 ? round64(voltage_ * 50) : 0xFFFF);
    put(0x0383, aux == 1 ? 2 : 0x7FFF);
    put(0xEDEC, aux == 2 ? round64((temperatureC_ + 273.15) * 100) : 0xFFFF);
    if (aux == 0) {
        minAuxV_ = std::min(minAuxV_, auxVoltage_);
        maxAuxV_ = std::max(maxAuxV_, auxVoltage_);
    }

    const std::uint16_t ar = alarmReason();
    if ((ar & 1) != 0 && (lastAlarm_ & 1) == 0) ++lowVoltageAlarms_;
    if ((ar & 2) != 0 && (lastAlarm_ & 2) == 0) ++highVoltageAlarms_;
    lastAlarm_ = ar;
    put(0x031E, ar);
    put(0x031C, ar);
    put(0x031D, ar != 0 ? 1 : 0);

    put(0x0300, round64(deepestAh_ * 10));
    put(0x0301, round64(lastDischargeAh_ * 10));
    put(0x0302, round64(averageAh_ * 10));
    put(0x0303, cycles_);
    put(0x0304, fullDischarges_);
    put(0x0305, round64(cumulativeAh_ * 10));
    put(0x0306, round64(minV_ * 100));
    put(0x0307, round64(maxV_ * 100));
    put(0x0308, round64(sinceFullS_));
    put(0x0309, syncs_);
    put(0x030A, lowVoltageAlarms_);
    put(0x030B, highVoltageAlarms_);
    put(0x030E, round64(minAuxV_ * 100));
    put(0x030F, round64(maxAuxV_ * 100));
    put(0x0310, round64(dischargedKWh_ * 100));
    put(0x0311, round64(chargedKWh_ * 100));
}

std::optional<std::uint8_t> BmvModel::specialSet(VregId id, ByteView /*value*/) {
    // Commands: SET with an empty payload (catalog notes). Anything is accepted.
    switch (id.value) {
        case 0x1029:
            return std::uint8_t{0};  // zero current calibration
        case 0x102C:
            synchronise();
            return std::uint8_t{0};
        case 0x1030:
            clearHistory();
            return std::uint8_t{0};
        case 0x031F:
            return std::uint8_t{0};  // alarm acknowledge
        default:
            return std::nullopt;
    }
}

std::vector<vedirect::OwnedFields> BmvModel::textBlocks() const {
    // Block 1: T5a (BMV-712) / T6 (SmartShunt) order; the aux field follows 0xEEF8.
    vedirect::OwnedFields live = {{"PID", text::hex4(personality_.pid.value)},
                                  {"V", text::dec(reg(0xED8D) * 10)}};
    switch (reg(0xEEF8)) {
        case 0:
            live.emplace_back("VS", text::dec(reg(0xED7D) * 10));
            break;
        case 1:
            live.emplace_back("VM", text::dec(reg(0x0382) * 10));
            live.emplace_back("DM", text::dec(reg(0x0383)));
            break;
        case 2: {
            const double c = static_cast<double>(reg(0xEDEC)) / 100.0 - 273.15;
            live.emplace_back("T", text::dec(round64(c)));
            break;
        }
        default:
            break;
    }
    const auto ttg = reg(0x0FFE);
    live.emplace_back("I", text::dec(reg(0xED8C)));
    live.emplace_back("P", text::dec(reg(0xED8E)));
    live.emplace_back("CE", text::dec(reg(0xEEFF) * 100));
    live.emplace_back("SOC", text::dec(reg(0x0FFF) / 10));
    live.emplace_back("TTG", text::dec(ttg == 0xFFFF ? -1 : ttg));
    live.emplace_back("Alarm", text::onOff(reg(0x031D) != 0));
    if (!smartShunt_) live.emplace_back("Relay", text::onOff(relayClosed_));
    live.emplace_back("AR", text::dec(reg(0x031E)));
    live.emplace_back("BMV", smartShunt_ ? "SmartShunt 500A/50mV" : "712 Smart");
    live.emplace_back("FW", text::firmware(personality_.version, true));
    live.emplace_back("MON", text::dec(reg(0xEEB8)));

    // Block 2: T5b — H1…H12, H15…H18 (no H13/H14 on these models).
    vedirect::OwnedFields history;
    auto h = [&](const char* label, std::int64_t v) { history.emplace_back(label, text::dec(v)); };
    h("H1", reg(0x0300) * 100);
    h("H2", reg(0x0301) * 100);
    h("H3", reg(0x0302) * 100);
    h("H4", reg(0x0303));
    h("H5", reg(0x0304));
    h("H6", reg(0x0305) * 100);
    h("H7", reg(0x0306) * 10);
    h("H8", reg(0x0307) * 10);
    h("H9", reg(0x0308));
    h("H10", reg(0x0309));
    h("H11", reg(0x030A));
    h("H12", reg(0x030B));
    h("H15", reg(0x030E) * 10);
    h("H16", reg(0x030F) * 10);
    h("H17", reg(0x0310));
    h("H18", reg(0x0311));
    return {std::move(live), std::move(history)};
}

std::unique_ptr<DeviceModel> makeBmvModel(const ModelOptions& options, bool smartShunt) {
    return std::make_unique<BmvModel>(options, smartShunt);
}

}  // namespace vreglink::sim
