// Batched ItemsChanged on "/" and PropertiesChanged on each leaf (venus-dbus-mqtt.md §2.2, §2.3,
// §9.3): at most once per interval, only what changed, nothing when nothing changed.
#include "dbus/variant_conversion.h"
#include "dbus/venus_service.h"
#include "dbus_fixture.h"
#include "test_items.h"

namespace vreglink::testing {
namespace {

using dbus::ItemsDict;
using dbus::VariantDict;
namespace names = dbus::names;

constexpr const char* kService = "com.victronenergy.solarcharger.ttyChanges";
constexpr auto kInterval = 100ms;

class ItemsChangedTest : public DbusTest {
  protected:
    void SetUp() override {
        DbusTest::SetUp();
        auto service = dbus::VenusService::start(io_, bus_, kService, items_.tree,
                                                 dbus::VenusServiceOptions{kInterval});
        ASSERT_TRUE(service) << service.error();
        service_ = std::move(*service);
        auto& root = signalProxy(kService, "/");
        root.uponSignal(names::kItemsChanged)
            .onInterface(names::kBusItem)
            .call([this](const ItemsDict& changes) { batches_.push_back(changes); });
        finishSignals(root);
        auto& voltage = signalProxy(kService, "/Dc/0/Voltage");
        voltage.uponSignal(names::kPropertiesChanged)
            .onInterface(names::kBusItem)
            .call([this](const VariantDict& changes) { voltageChanges_.push_back(changes); });
        finishSignals(voltage);
    }
    void TearDown() override {
        service_.reset();
        DbusTest::TearDown();
    }

    TestItems items_{io_};
    std::unique_ptr<dbus::VenusService> service_;
    std::vector<ItemsDict> batches_;
    std::vector<VariantDict> voltageChanges_;
};

TEST_F(ItemsChangedTest, NothingChangedNothingSent) {
    runFor(4 * kInterval);
    EXPECT_TRUE(batches_.empty());
    EXPECT_TRUE(voltageChanges_.empty());
}

TEST_F(ItemsChangedTest, OneBatchPerIntervalWithOnlyTheChangedPaths) {
    items_.tree.update("/Dc/0/Voltage", 12.9, "12.90V");
    items_.tree.update("/Dc/0/Voltage", 13.0, "13.00V");  // same interval: one entry, last value
    items_.tree.update("/Dc/0/Current", 2.5, "2.5A");
    ASSERT_TRUE(runUntil([&] { return !batches_.empty(); }, 2s));
    runFor(3 * kInterval);
    ASSERT_EQ(batches_.size(), 1U);
    const ItemsDict& batch = batches_[0];
    EXPECT_EQ(batch.size(), 2U);
    EXPECT_EQ(batch.at("/Dc/0/Voltage").at("Value").get<double>(), 13.0);
    EXPECT_EQ(batch.at("/Dc/0/Voltage").at("Text").get<std::string>(), "13.00V");
    EXPECT_EQ(batch.at("/Dc/0/Current").at("Value").get<double>(), 2.5);

    ASSERT_EQ(voltageChanges_.size(), 1U);
    EXPECT_EQ(voltageChanges_[0].at("Value").get<double>(), 13.0);
    EXPECT_EQ(voltageChanges_[0].at("Text").get<std::string>(), "13.00V");
}

TEST_F(ItemsChangedTest, BatchesFollowTheInterval) {
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 5; ++i) {
        items_.tree.update("/DeviceInstance", std::int32_t{300 + i}, "");
        runFor(kInterval / 4);
    }
    runFor(2 * kInterval);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    // ~2.25 intervals of updates: at most one batch per started interval, never one per update.
    EXPECT_GE(batches_.size(), 1U);
    EXPECT_LE(batches_.size(), static_cast<std::size_t>(elapsed / kInterval) + 1);
    EXPECT_LT(batches_.size(), 5U);
    EXPECT_EQ(batches_.back().at("/DeviceInstance").at("Value").get<std::int32_t>(), 304);
    for (const auto& batch : batches_) EXPECT_EQ(batch.size(), 1U);
    EXPECT_TRUE(voltageChanges_.empty());
}

TEST_F(ItemsChangedTest, InvalidationIsAnEmptyArray) {
    items_.tree.update("/Dc/0/Voltage", venus::Invalid{}, "");
    ASSERT_TRUE(runUntil([&] { return !voltageChanges_.empty(); }, 2s));
    EXPECT_EQ(voltageChanges_[0].at("Value").peekValueType(), "ai");
    EXPECT_EQ(voltageChanges_[0].at("Text").get<std::string>(), "---");
}

TEST_F(ItemsChangedTest, NewPathsAreExportedBeforeTheyAreAnnounced) {
    items_.tree.add("/Yield/Power", std::int32_t{120}, "120W");
    ASSERT_TRUE(runUntil([&] { return !batches_.empty(); }, 2s));
    EXPECT_TRUE(batches_[0].contains("/Yield/Power"));
    const auto value =
        call<sdbus::Variant>(kService, "/Yield/Power", names::kBusItem, names::kGetValue);
    ASSERT_FALSE(value.error);
    EXPECT_EQ(value.get<0>().get<std::int32_t>(), 120);
}

}  // namespace
}  // namespace vreglink::testing
