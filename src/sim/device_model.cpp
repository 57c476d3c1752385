#include "sim/device_model.h"

#include "sim/models/models.h"
#include "sim/models/register_helpers.h"
#include "vedirect/hex_message.h"

#include <cmath>

namespace vreglink::sim {

using catalog::Access;
using catalog::WireType;
using vedirect::HexCommand;
using vedirect::HexFrame;
using vedirect::HexResponse;

namespace {
constexpr std::int64_t kSecondsPerDay = 86400;
}  // namespace

DeviceModel::DeviceModel(Personality personality, const ModelOptions& options)
    : personality_(std::move(personality)), options_(options), rng_(options.seed) {
    if (options.serial) personality_.serial = *options.serial;
    if (options.async) personality_.async = *options.async;
    store_.setVolatileTimeout(options.volatileTimeout);
}

void DeviceModel::addIdentity(std::uint32_t capabilities1) {
    const std::uint16_t pid = personality_.pid.value;
    // §3.3 special encoding: [0x00][PID lo][PID hi][flag] (H7, H8).
    store_.addBytes(VregId(0x0100),
                    {0x00, static_cast<std::uint8_t>(pid & 0xFF),
                     static_cast<std::uint8_t>(pid >> 8), personality_.productIdFlag});
    // velib: un8 instance + un16 hardware revision. Revision 1 is a guess [?].
    store_.addBytes(VregId(0x0101), {0x00, 0x01, 0x00});
    // velib: un8 instance + un24 0xHHMMLL, LL = 0xFF for a release: fw 1.61 -> 01 61 FF.
    const auto major = static_cast<std::uint8_t>((personality_.version >> 8) & 0x0F);
    const auto minor = static_cast<std::uint8_t>(personality_.version & 0xFF);
    store_.addBytes(VregId(0x0102), {0x00, 0xFF, minor, major});
    store_.addBytes(VregId(0x0103), {0x00, 0xFF, 0x00, 0x01});  // minimum fw 1.00 [?]
    store_.addString(VregId(0x010A), personality_.serial, personality_.serialWidth);
    store_.addString(VregId(0x010B), personality_.modelName, 0);
    store_.addInt(VregId(0x010E), WireType::Un8, 0, regs::ram(0, 1));  // identify
    store_.addInt(VregId(0x0120), WireType::Un32, 0);
    store_.addInt(VregId(0x0140), WireType::Un32, capabilities1);
    // capabilities2 = 0: has TEXT, async HEX and HEX (§3.5, velib 0x0141).
    store_.addInt(VregId(0x0141), WireType::Un32, 0);
}

void DeviceModel::setAsyncRegisters(std::vector<VregId> ids) {
    async_.clear();
    for (VregId id : ids) async_[id] = AsyncState{};
}

double DeviceModel::noise(double sigma) {
    if (!options_.noise || sigma <= 0) return 0;
    std::normal_distribution<double> dist(0.0, sigma);
    return dist(rng_);
}

std::int64_t DeviceModel::timeOfDay() const {
    const auto s = options_.startTimeOfDay.count() +
                   std::chrono::duration_cast<std::chrono::seconds>(now_).count();
    return s % kSecondsPerDay;
}

std::int64_t DeviceModel::dayIndex() const {
    const auto s = options_.startTimeOfDay.count() +
                   std::chrono::duration_cast<std::chrono::seconds>(now_).count();
    return s / kSecondsPerDay;
}

std::vector<HexFrame> DeviceModel::handleFrame(const HexFrame& frame) {
    hexSeen_ = true;
    const std::uint8_t cmd = frame.command();
    const ByteView payload = frame.payload();
    switch (cmd) {
        case static_cast<std::uint8_t>(HexCommand::Ping):
            return {vedirect::makeU16Response(HexResponse::Ping, personality_.version)};
        case static_cast<std::uint8_t>(HexCommand::AppVersion):
            // Answered Done + the same un16 as ping (C1; "same format as ping" is [?]).
            return {vedirect::makeU16Response(HexResponse::Done, personality_.version)};
        case static_cast<std::uint8_t>(HexCommand::ProductId):
            return {vedirect::makeU16Response(HexResponse::Done, personality_.pid.value)};
        case static_cast<std::uint8_t>(HexCommand::Restart):
            restart();
            return {};  // C22: no reply, the product reboots and resumes TEXT
        case static_cast<std::uint8_t>(HexCommand::Get): {
            if (payload.size() != 3) return {vedirect::makeFrameErrorResponse()};
            const VregId id(readLe16(payload.data()));
            if (auto special = specialGet(id)) return {*special};
            const Bytes* value = store_.value(id);
            // H32: unknown id -> flags 0x01 and no value bytes.
            auto response = value != nullptr
                                ? vedirect::makeVregResponse(HexResponse::Get, id, 0, *value)
                                : vedirect::makeVregResponse(HexResponse::Get, id,
                                                             vedirect::hexflags::kUnknownId, {});
            if (!response) return {vedirect::makeFrameErrorResponse()};
            return {*response};
        }
        case static_cast<std::uint8_t>(HexCommand::Set): {
            if (payload.size() < 3) return {vedirect::makeFrameErrorResponse()};
            const VregId id(readLe16(payload.data()));
            const ByteView value = payload.subspan(3);
            std::uint8_t flags = 0;
            if (auto special = specialSet(id, value)) {
                flags = *special;
            } else {
                flags = writeResultFlags(store_.write(id, value, now_));
            }
            if (flags == 0) {
                afterSet(id);
                simulate(std::chrono::milliseconds(0));  // settings act at once (0x0200 off)
            }
            // C4: success echoes the value as stored; C6/C7: flags != 0 carry no value [?].
            const Bytes* stored = store_.value(id);
            const ByteView echo = stored != nullptr ? ByteView(*stored) : value;
            auto response = vedirect::makeVregResponse(HexResponse::Set, id, flags, echo);
            if (!response) return {vedirect::makeFrameErrorResponse()};
            return {*response};
        }
        default: {
            // Reserved commands (and enter-boot, which a gateway never sends): 0x3 Unknown
            // carrying the rejected command byte (C21 ':253' -> ':30250'; payload is [?]).
            const std::uint8_t rejected[] = {cmd};
            return {HexFrame(static_cast<std::uint8_t>(HexResponse::Unknown), rejected)};
        }
    }
}

void DeviceModel::step(std::chrono::milliseconds dt) {
    now_ += dt;
    put(0x0120, std::chrono::duration_cast<std::chrono::seconds>(now_ - uptimeBase_).count());
    for (VregId id : store_.expireVolatile(now_)) afterSet(id);
    simulate(dt);
}

std::vector<HexFrame> DeviceModel::takeAsyncFrames() {
    std::vector<HexFrame> out;
    if (personality_.async == AsyncMode::Never) return out;
    if (personality_.async == AsyncMode::AfterHex && !hexSeen_) return out;
    for (auto& [id, state] : async_) {
        const Bytes* value = store_.value(id);
        if (value == nullptr) continue;
        if (state.lastSent && *state.lastSent == *value) continue;
        // "on change, at most about once per second per register" (§3.5, §4).
        if (state.lastSent && now_ - state.lastTime < std::chrono::seconds(1)) continue;
        if (auto frame = vedirect::makeVregResponse(HexResponse::Async, id, 0, *value)) {
            out.push_back(*frame);
        }
        state.lastSent = *value;
        state.lastTime = now_;
    }
    return out;
}

void DeviceModel::restart() {
    store_.resetVolatile();
    uptimeBase_ = now_;
    put(0x0120, 0);
    for (auto& [id, state] : async_) state = AsyncState{};
    hexSeen_ = false;
}

std::vector<std::string_view> modelNames() {
    return {"mppt", "bmv", "smartshunt", "inverter"};
}

std::unique_ptr<DeviceModel> makeModel(std::string_view name, const ModelOptions& options) {
    if (name == "mppt") return makeMpptModel(options);
    if (name == "bmv") return makeBmvModel(options, false);
    if (name == "smartshunt") return makeBmvModel(options, true);
    if (name == "inverter") return makeInverterModel(options);
    return nullptr;
}

}  // namespace vreglink::sim
