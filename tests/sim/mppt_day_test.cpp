// A simulated day and night of the MPPT: plausible values, charge states, yields, day roll-over,
// and settings that change behaviour (device mode off, max current, async rate).
#include "sim/models/mppt_model.h"
#include "sim_test_util.h"

#include <gtest/gtest.h>

#include <set>

namespace vreglink::sim {
namespace {

using namespace std::chrono_literals;
using test::ask;
using test::num;

TEST(MpptDay, PlausibleOverTwoDays) {
    ModelOptions o;
    o.startTimeOfDay = 0s;
    auto m = makeModel("mppt", o);
    std::set<long long> states;
    long long lastH20 = 0, lastHsds = num(test::decodedText(*m).at(0), "HSDS");
    bool rolledOver = false;
    long long maxH20 = 0;
    for (int minute = 0; minute < 2 * 24 * 60; ++minute) {
        m->step(1min);
        const auto b = test::decodedText(*m).at(0);
        const auto hour = m->timeOfDay() / 3600;
        const auto v = num(b, "V");
        EXPECT_GT(v, 11000);
        EXPECT_LT(v, 15000);
        EXPECT_GE(num(b, "PPV"), 0);
        EXPECT_LE(num(b, "PPV"), 440);
        EXPECT_GE(num(b, "I"), 0);
        EXPECT_LE(num(b, "I"), 30000);
        states.insert(num(b, "CS"));
        if (hour < 5 || hour >= 21) {  // night (T1): off, no input power
            EXPECT_EQ(num(b, "CS"), 0);
            EXPECT_EQ(test::field(b, "OR"), "0x00000001");
            EXPECT_EQ(num(b, "PPV"), 0);
            EXPECT_LT(num(b, "VPV"), 1000);
        }
        if (hour >= 10 && hour < 15) {
            EXPECT_NE(num(b, "CS"), 0) << "hour " << hour;
        }
        const auto hsds = num(b, "HSDS");
        if (hsds != lastHsds) {
            rolledOver = true;
            EXPECT_EQ(hsds, lastHsds + 1);
            EXPECT_EQ(num(b, "H22"), lastH20);  // yesterday = the day that just ended
            EXPECT_EQ(num(b, "H20"), 0);
        } else {
            EXPECT_GE(num(b, "H20"), lastH20);  // today's yield only grows
        }
        lastHsds = hsds;
        lastH20 = num(b, "H20");
        maxH20 = std::max(maxH20, lastH20);
    }
    EXPECT_TRUE(rolledOver);
    EXPECT_TRUE(states.count(3));  // bulk
    EXPECT_GT(maxH20, 50);         // > 0.5 kWh on a sunny day
}

TEST(MpptDay, DeviceModeOffStopsCharging) {
    ModelOptions o;
    o.startTimeOfDay = 12h;
    auto m = makeModel("mppt", o);
    m->step(1s);
    EXPECT_NE(num(test::decodedText(*m).at(0), "CS"), 0);
    ask(*m, ":80002000447");  // C11
    auto b = test::decodedText(*m).at(0);
    EXPECT_EQ(num(b, "CS"), 0);
    EXPECT_EQ(num(b, "I"), 0);
    EXPECT_EQ(num(b, "PPV"), 0);
    EXPECT_EQ(std::stoll(test::field(b, "OR"), nullptr, 16) & 0x04, 0x04);
    ask(*m, ":8000200014A");  // C12
    m->step(1s);
    EXPECT_NE(num(test::decodedText(*m).at(0), "CS"), 0);
}

TEST(MpptDay, MaxCurrentAndNetworkLimitApply) {
    ModelOptions o;
    o.startTimeOfDay = 12h;
    auto m = makeModel("mppt", o);
    ask(*m, ":8F0ED0032003E");  // 0xEDF0 = 5.0 A
    m->step(1s);
    EXPECT_LE(num(test::decodedText(*m).at(0), "I"), 5000);
    ask(*m, ":8F0ED009600DA");  // 15.0 A again
    ask(*m, ":81520001E00FA");  // 0x2015 = 3.0 A
    m->step(1s);
    EXPECT_LE(num(test::decodedText(*m).at(0), "I"), 3000);
}

TEST(MpptDay, AsyncFramesOnChangeAtMostOncePerSecond) {
    auto m = makeModel("mppt", {});
    const auto first = m->takeAsyncFrames();
    EXPECT_GE(first.size(), 9u);  // the whole set once at start
    std::set<std::uint16_t> ids;
    for (const auto& f : first) {
        EXPECT_EQ(f.command(), 0xA);
        auto v = vedirect::parseVregFrame(f);
        ASSERT_TRUE(v);
        ids.insert(v->id.value);
    }
    EXPECT_TRUE(ids.count(0xEDBC));
    EXPECT_TRUE(ids.count(0x2027));
    m->step(100ms);
    EXPECT_TRUE(m->takeAsyncFrames().empty());  // < 1 s since the last frame per register
    m->step(1s);
    const auto next = m->takeAsyncFrames();
    EXPECT_FALSE(next.empty());  // uptime at least changed
    for (const auto& f : next) {
        auto v = vedirect::parseVregFrame(f);
        ASSERT_TRUE(v);
        // The frame carries the register's current value with its exact width.
        const Bytes* stored = m->registers().value(v->id);
        ASSERT_NE(stored, nullptr);
        EXPECT_EQ(Bytes(v->value.begin(), v->value.end()), *stored);
    }
}

TEST(MpptDay, TxFunctionSilencesSerial) {
    auto m = makeModel("mppt", {});
    EXPECT_TRUE(m->serialTxEnabled());
    ask(*m, ":89EED0001C1");
    EXPECT_FALSE(m->serialTxEnabled());
}

}  // namespace
}  // namespace vreglink::sim
