// A simulated VE.Direct product without I/O (vedirect.md §3.2, §4): answers HEX frames, produces
// the TEXT blocks of the current second, and evolves its measurements with step(). The simulator
// runner (simulator.h) only moves the bytes.
#pragma once

#include "catalog/register_info.h"
#include "core/ids.h"
#include "sim/register_store.h"
#include "vedirect/hex_frame.h"
#include "vedirect/text_block.h"

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace vreglink::sim {

// When a product pushes ':A' frames (§3.5).
enum class AsyncMode : std::uint8_t {
    Never,
    Always,    // MPPT fw 1.5x/1.6x: async frames also reach TEXT-only readers (emonhub #160)
    AfterHex,  // battery monitors: "after some HEX activity" (§3.5 [P]) — a configurable guess
};

struct Personality {
    std::string key;  // "mppt": the vreg-sim model argument
    ProductId pid;
    std::uint16_t version = 0;  // ping / app-version un16, e.g. 0x4161 = fw 1.61 (§3.2)
    std::string productName;    // as the catalog's products.csv names it: "SmartSolar MPPT 100|30"
    std::string modelName;      // 0x010B, NUL-terminated on the wire (H24)
    std::string serial;         // 0x010A and TEXT SER#
    std::size_t serialWidth = 16;       // NUL-padded width: 16 on MPPTs, 24 on SmartShunts (H23)
    std::uint8_t productIdFlag = 0xFF;  // last byte of GET 0x0100 (H7: 0xFF, H8: 0xFE)
    catalog::Family family = catalog::Family::Mppt;
    AsyncMode async = AsyncMode::Always;
};

struct ModelOptions {
    std::optional<std::string> serial;                 // --serial
    std::chrono::seconds startTimeOfDay{11 * 3600};    // simulated wall clock at start
    std::uint32_t seed = 1;                            // measurement noise (deterministic)
    std::chrono::milliseconds volatileTimeout{60000};  // §4: 0x2001/0x2015 expire (default 60 s)
    std::optional<AsyncMode> async;                    // override the personality's async mode
    bool noise = true;                                 // small random noise on measurements
};

class DeviceModel {
  public:
    virtual ~DeviceModel() = default;
    DeviceModel(const DeviceModel&) = delete;
    DeviceModel& operator=(const DeviceModel&) = delete;

    const Personality& personality() const { return personality_; }
    RegisterStore& registers() { return store_; }
    const RegisterStore& registers() const { return store_; }

    // §3.2: the responses to one valid host frame; empty for restart (no reply expected).
    std::vector<vedirect::HexFrame> handleFrame(const vedirect::HexFrame& frame);
    // The TEXT blocks of this second, in the product's field order (§2.5), values taken from the
    // registers so TEXT and HEX always agree. Battery monitors: two blocks.
    virtual std::vector<vedirect::OwnedFields> textBlocks() const = 0;
    // Advances simulated time: measurements, charge algorithm, counters, volatile expiry.
    void step(std::chrono::milliseconds dt);
    // ':A' frames for registers of the async set that changed, at most one per register per
    // second (§3.5); empty while the async mode does not allow them.
    std::vector<vedirect::HexFrame> takeAsyncFrames();
    // ':6' restart: volatile registers revert, uptime starts again (C22).
    void restart();
    // False when the product's TX pin was reassigned (MPPT 0xED9E != 0, §1): serial goes quiet.
    virtual bool serialTxEnabled() const { return true; }

    SimTime now() const { return now_; }
    // Seconds since midnight of the simulated clock.
    std::int64_t timeOfDay() const;
    // Days since the simulation started (midnight crossings).
    std::int64_t dayIndex() const;

  protected:
    DeviceModel(Personality personality, const ModelOptions& options);

    virtual void simulate(std::chrono::milliseconds dt) = 0;
    // Registers answered from live state rather than the table (history days). nullopt: not
    // special; a frame with flags 0x01 for a day that is not available.
    virtual std::optional<vedirect::HexFrame> specialGet(VregId /*id*/) { return std::nullopt; }
    // Model-specific SET validation beyond the table (ranges that depend on other settings,
    // commands with empty payloads). nullopt: continue with the table; else the response flags
    // (0 = handled, answered with an echo).
    virtual std::optional<std::uint8_t> specialSet(VregId /*id*/, ByteView /*value*/) {
        return std::nullopt;
    }
    virtual void afterSet(VregId /*id*/) {}

    // Identity registers every product has (0x0100–0x010B, 0x0120, 0x0140, 0x0141).
    void addIdentity(std::uint32_t capabilities1);
    void setAsyncRegisters(std::vector<VregId> ids);
    // Gaussian noise of the given standard deviation (0 when noise is off).
    double noise(double sigma);
    std::int64_t reg(std::uint16_t id) const { return store_.intOr(VregId(id), 0); }
    bool put(std::uint16_t id, std::int64_t value) { return store_.update(VregId(id), value); }

    Personality personality_;
    RegisterStore store_;

  private:
    struct AsyncState {
        std::optional<Bytes> lastSent;
        SimTime lastTime{0};
    };

    ModelOptions options_;
    std::mt19937 rng_;
    SimTime now_{0};
    SimTime uptimeBase_{0};
    bool hexSeen_ = false;
    std::map<VregId, AsyncState> async_;
};

// "mppt", "bmv", "smartshunt", "inverter".
std::vector<std::string_view> modelNames();
std::unique_ptr<DeviceModel> makeModel(std::string_view name, const ModelOptions& options = {});

}  // namespace vreglink::sim
