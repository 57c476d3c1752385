#include "sim/models/mppt_model.h"

#include "sim/models/models.h"
#include "sim/text_format.h"
#include "vedirect/hex_message.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace vreglink::sim {

using vedirect::HexFrame;
using vedirect::HexResponse;

namespace {

constexpr double kPanelPeakW = 420;  // a typical array for a 100/30 on 12 V
constexpr double kEfficiency = 0.97;
constexpr double kBatteryOhm = 0.012;  // internal resistance of a 200 Ah 12 V bank
constexpr double kSunrise = 6.5 * 3600, kSunset = 19.5 * 3600;

std::int64_t round64(double v) {
    return static_cast<std::int64_t>(std::llround(v));
}

}  // namespace

MpptModel::MpptModel(const ModelOptions& options)
    : DeviceModel(Personality{.key = "mppt",
                              .pid = ProductId(0xA056),
                              .version = 0x4161,
                              .productName = "SmartSolar MPPT 100|30",
                              .modelName = "SmartSolar Charger MPPT 100/30",
                              .serial = "HQ19499RHC5",
                              .serialWidth = 16,
                              .productIdFlag = 0xFF,
                              .family = catalog::Family::Mppt,
                              .async = AsyncMode::Always},
                  options) {
    addRegisters();
    seedHistory();
    lastDay_ = dayIndex();
    // Start from a charged-but-not-full battery at the start time's light level.
    socAh_ = 0.78 * capacityAh_;
    simulate(std::chrono::milliseconds(0));
}

double MpptModel::sunFactor() const {
    const auto t = static_cast<double>(timeOfDay());
    if (t <= kSunrise || t >= kSunset) return 0;
    const double x = (t - kSunrise) / (kSunset - kSunrise);
    return std::pow(std::sin(std::numbers::pi * x), 1.3);
}

void MpptModel::simulate(std::chrono::milliseconds dt) {
    if (dayIndex() != lastDay_) {
        lastDay_ = dayIndex();
        rollOverDay();
    }
    advance(std::chrono::duration<double>(dt).count());
    publish();
}

void MpptModel::advance(double seconds) {
    // Clouds: a slow bounded random walk.
    if (seconds > 0) cloud_ = std::clamp(cloud_ + noise(0.01 * std::sqrt(seconds)), 0.55, 1.0);
    const double sun = sunFactor();
    const double available = kPanelPeakW * sun * cloud_;
    const double openCircuit = sun > 0 ? 34.0 + 4.5 * std::min(1.0, sun * 4) : 0.01;

    const double socFraction = std::clamp(socAh_ / capacityAh_, 0.0, 1.0);
    const double restVoltage = 11.8 + 1.0 * socFraction;

    const double absorption = static_cast<double>(reg(0xEDF7)) / 100.0;
    const double floatV = static_cast<double>(reg(0xEDF6)) / 100.0;
    double target = stage_ == Stage::Float ? floatV : absorption;
    if (const auto link = reg(0x2001); link != 0xFFFF) {
        target = std::min(target, static_cast<double>(link) / 100.0);  // external control §3.6
    }
    double maxCurrent = static_cast<double>(reg(0xEDF0)) / 10.0;
    if (const auto limit = reg(0x2015); limit != 0xFFFF) {
        maxCurrent = std::min(maxCurrent, static_cast<double>(limit) / 10.0);
    }
    maxCurrent = std::min(maxCurrent, static_cast<double>(reg(0xEDDF)) / 10.0);

    const bool switchedOff = reg(0x0200) == 4;
    const bool fault = reg(0xEDDA) != 0;
    const bool noInput = available < 2.0 || openCircuit < batteryVoltage_ + 1.0;

    offReason_ = 0;
    if (switchedOff) offReason_ |= 0x04;  // §2.6 OR bit2: switched off by the device mode register
    if (noInput) offReason_ |= 0x01;
    if (switchedOff || noInput || fault) {
        stage_ = Stage::Off;
        chargeCurrent_ = 0;
        trackerMode_ = 0;
        panelPower_ = 0;
        panelVoltage_ = sun > 0 ? openCircuit : 0.01 + std::abs(noise(0.003));
    } else {
        if (stage_ == Stage::Off) {  // every charging day starts in bulk
            stage_ = Stage::Bulk;
            stageSeconds_ = absorptionSeconds_ = 0;
        }
        const double fromPanel = available * kEfficiency / batteryVoltage_;
        double current = std::min(fromPanel, maxCurrent);
        // Voltage regulation: no more current than keeps the battery at the target.
        const double regulated = (target - restVoltage) / kBatteryOhm + loadCurrent_;
        if (stage_ != Stage::Bulk) current = std::min(current, std::max(0.0, regulated));
        trackerMode_ = current + 0.05 >= fromPanel ? 2 : 1;
        chargeCurrent_ = std::max(0.0, current);
        panelPower_ =
            trackerMode_ == 2 ? available : chargeCurrent_ * batteryVoltage_ / kEfficiency;
        panelVoltage_ = trackerMode_ == 2 ? openCircuit * 0.81 : openCircuit * 0.96;
        panelVoltage_ += noise(0.05);
    }

    // Battery: house load always, charge current when charging.
    loadCurrent_ = 1.2 + (timeOfDay() > 18 * 3600 && timeOfDay() < 23 * 3600 ? 2.5 : 0.0) +
                   std::abs(noise(0.1));
    socAh_ =
        std::clamp(socAh_ + (chargeCurrent_ - loadCurrent_) * seconds / 3600.0, 0.0, capacityAh_);
    batteryVoltage_ = restVoltage + kBatteryOhm * (chargeCurrent_ - loadCurrent_) + noise(0.003);
    if (stage_ == Stage::Absorption || stage_ == Stage::Float) {
        batteryVoltage_ = std::min(batteryVoltage_, target);
    }

    // Charge algorithm transitions (bulk -> absorption -> float; rebulk below float - 0.4 V).
    stageSeconds_ += seconds;
    if (stage_ == Stage::Bulk && batteryVoltage_ >= absorption - 0.02) {
        stage_ = Stage::Absorption;
        stageSeconds_ = 0;
    } else if (stage_ == Stage::Absorption) {
        absorptionSeconds_ += seconds;
        const double limitS = static_cast<double>(reg(0xEDFB)) * 36.0;  // 0.01 h
        const double tail = static_cast<double>(reg(0xEDE7)) / 10.0;
        if (absorptionSeconds_ >= limitS || (chargeCurrent_ < tail && stageSeconds_ > 600)) {
            stage_ = Stage::Float;
            stageSeconds_ = 0;
        }
    } else if (stage_ == Stage::Float && batteryVoltage_ < floatV - 0.4) {
        stage_ = Stage::Bulk;
        stageSeconds_ = 0;
    }

    // Charger temperature follows output power slowly.
    const double heat = 25.0 + chargeCurrent_ * batteryVoltage_ / 20.0;
    chargerTemperature_ += (heat - chargerTemperature_) * std::min(1.0, seconds / 120.0);

    // Yield and today's statistics.
    const double outW = chargeCurrent_ * batteryVoltage_;
    userYieldWh_ += outW * seconds / 3600.0;
    systemYieldWh_ += outW * seconds / 3600.0;
    todayWh_ += outW * seconds / 3600.0;
    todayPowerMax_ = std::max(todayPowerMax_, panelPower_);
    todayVoltageMax_ = std::max(todayVoltageMax_, batteryVoltage_);
    todayVoltageMin_ = std::min(todayVoltageMin_, batteryVoltage_);
    todayCurrentMax_ = std::max(todayCurrentMax_, chargeCurrent_);
    todayPanelVoltageMax_ = std::max(todayPanelVoltageMax_, panelVoltage_);
    if (stage_ == Stage::Bulk) todayBulkS_ += seconds;
    if (stage_ == Stage::Absorption) todayAbsS_ += seconds;
    if (stage_ == Stage::Float) todayFloatS_ += seconds;
}

void MpptModel::publish() {
    int cs = 0;
    switch (stage_) {
        case Stage::Off:
            cs = reg(0xEDDA) != 0 ? 2 : 0;
            break;
        case Stage::Bulk:
            cs = 3;
            break;
        case Stage::Absorption:
            cs = 4;
            break;
        case Stage::Float:
            cs = 5;
            break;
    }
    const auto v = round64(batteryVoltage_ * 100);
    const auto i = round64(chargeCurrent_ * 10);
    const auto ppv = round64(panelPower_ * 100);
    put(0x0201, cs);
    put(0x0207, offReason_);
    put(0xEDB3, trackerMode_);
    put(0xED8D, v);
    put(0xEDD5, v);
    put(0xED8F, i);
    put(0xEDD7, i);
    put(0xEDBB, round64(panelVoltage_ * 100));
    put(0xEDBC, ppv);
    put(0x2027, ppv);  // not networked: the network total is our own PV power (T2 + H34)
    put(0xEDBD, panelVoltage_ > 1 ? round64(panelPower_ / panelVoltage_ * 10) : 0);
    put(0xEDDB, round64(chargerTemperature_ * 100));
    put(0xEDDC, round64(userYieldWh_ / 10));
    put(0xEDDD, round64(systemYieldWh_ / 10));
    put(0xEDD3, round64(todayWh_ / 10));
    put(0xEDD2, round64(todayPowerMax_));
    put(0x2007, round64(stageSeconds_ * 1000));
    put(0x2030, sunFactor() > 0 ? 1 : 0);
    put(0x2031, timeOfDay() / 60);
    // Load output: 0 off, 4 on, other modes (BatteryLife, user levels) follow the voltage.
    const auto control = reg(0xEDAB) & 0x0F;
    const bool loadOn = control == 4 || (control != 0 && batteryVoltage_ > 11.5);
    put(0xEDA8, loadOn ? 1 : 0);
}

void MpptModel::rollOverDay() {
    past_.push_front(dayRecord(0));
    while (past_.size() > 30) past_.pop_back();
    put(0xEDD1, past_.front().yield);
    put(0xEDD0, past_.front().powerMax);
    ++daySequence_;
    todayWh_ = todayPowerMax_ = todayCurrentMax_ = todayPanelVoltageMax_ = 0;
    todayVoltageMax_ = 0;
    todayVoltageMin_ = 99;
    todayBulkS_ = todayAbsS_ = todayFloatS_ = 0;
}

std::unique_ptr<DeviceModel> makeMpptModel(const ModelOptions& options) {
    return std::make_unique<MpptModel>(options);
}

}  // namespace vreglink::sim
