// ServiceItemsWatcher against services on a private bus (venus-dbus-mqtt.md §2.2, §2.3): the whole
// tree from GetItems, batched ItemsChanged, PropertiesChanged from older services, the service
// leaving and coming back (NameOwnerChanged), and destruction while a call is in flight.
#include "dbus/items_watcher.h"
#include "dbus/variant_conversion.h"
#include "dbus/venus_service.h"
#include "dbus_fixture.h"
#include "test_items.h"

#include <fmt/format.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace vreglink::testing {
namespace {

using dbus::ItemSnapshots;
namespace names = dbus::names;

constexpr const char* kService = "com.victronenergy.solarcharger.ttyWatch";
constexpr const char* kLegacy = "com.victronenergy.battery.ttyLegacy";
constexpr auto kInterval = 100ms;

// Everything the watcher says, in order.
struct Recorder final : dbus::ItemsListener {
    void onItems(const ItemSnapshots& items) override {
        batches.push_back(items);
        for (const auto& [path, item] : items) latest[path] = item;
        if (onEvent) onEvent();
    }
    void onServicePresence(bool present, std::string_view reason) override {
        presence.emplace_back(present, std::string(reason));
        if (onEvent) onEvent();
    }
    void onWatchError(std::string_view message) override { errors.emplace_back(message); }

    bool has(const std::string& path, const venus::ItemValue& value) const {
        const auto it = latest.find(path);
        return it != latest.end() && it->second.value == value;
    }
    // Delivered batches that carry `path` with `value`.
    int batchesWith(const std::string& path, const venus::ItemValue& value) const {
        int n = 0;
        for (const auto& batch : batches) {
            const auto it = batch.find(path);
            if (it != batch.end() && it->second.value == value) ++n;
        }
        return n;
    }

    std::vector<ItemSnapshots> batches;
    ItemSnapshots latest;
    std::vector<std::pair<bool, std::string>> presence;
    std::vector<std::string> errors;
    std::function<void()> onEvent;
};

// An older Venus service (§2.3): GetItems on "/", but its changes only as PropertiesChanged on
// each item's own path (§2.2). GetItems can be held unanswered, to keep a call in flight.
class LegacyService {
  public:
    LegacyService(asio::io_context& io, const bus::BusSpec& bus) {
        auto connection = bus::BusConnection::open(io, bus);
        EXPECT_TRUE(connection) << connection.error();
        if (!connection) return;
        connection_ = std::move(*connection);
        root_ = sdbus::createObject(connection_->sdbus(), "/");
        root_->registerMethod(names::kGetItems)
            .onInterface(names::kBusItem)
            .implementedAs([this](sdbus::Result<dbus::ItemsDict>&& result) {
                ++getItemsCalls;
                if (hold) {
                    held_.push_back(std::move(result));
                } else {
                    result.returnResults(items());
                }
            });
        root_->finishRegistration();
        socObject_ = sdbus::createObject(connection_->sdbus(), "/Soc");
        EXPECT_NO_THROW(connection_->sdbus().requestName(kLegacy));
        connection_->wake();
    }
    ~LegacyService() {
        socObject_.reset();
        root_.reset();
    }

    void setSoc(double soc) {
        socValue_ = soc;
        socObject_->emitSignal(names::kPropertiesChanged)
            .onInterface(names::kBusItem)
            .withArguments(entry());
        connection_->wake();
    }
    // An ItemsChanged that is not a{sa{sv}}: a watcher must drop it, nothing else.
    void sendMalformedItemsChanged() {
        root_->emitSignal(names::kItemsChanged)
            .onInterface(names::kBusItem)
            .withArguments(std::string("not a dictionary"));
        connection_->wake();
    }
    void answerHeld() {
        for (auto& result : held_) result.returnResults(items());
        held_.clear();
        connection_->wake();
    }

    bool hold = false;
    int getItemsCalls = 0;

  private:
    dbus::VariantDict entry() const {
        return {{names::kValueKey, sdbus::Variant(socValue_)},
                {names::kTextKey, sdbus::Variant(fmt::format("{:.1f}%", socValue_))}};
    }
    dbus::ItemsDict items() const { return {{"/Soc", entry()}}; }

    std::unique_ptr<bus::BusConnection> connection_;
    std::unique_ptr<sdbus::IObject> root_;
    std::unique_ptr<sdbus::IObject> socObject_;
    std::vector<sdbus::Result<dbus::ItemsDict>> held_;
    double socValue_ = 80.0;
};

class ItemsWatcherTest : public DbusTest {
  protected:
    void TearDown() override {
        watcher_.reset();  // before the client connection it uses
        service_.reset();
        legacy_.reset();
        DbusTest::TearDown();
    }
    void publish() {
        auto service = dbus::VenusService::start(io_, bus_, kService, items_.tree,
                                                 dbus::VenusServiceOptions{kInterval});
        ASSERT_TRUE(service) << service.error();
        service_ = std::move(*service);
    }
    void watch(const char* service) {
        auto watcher = dbus::ServiceItemsWatcher::start(io_, *client_, service, recorder_,
                                                        std::chrono::seconds(5));
        ASSERT_TRUE(watcher) << watcher.error();
        watcher_ = std::move(*watcher);
    }
    bool firstTreeIn() {
        return runUntil([&] { return !recorder_.batches.empty(); });
    }

    TestItems items_{io_};
    std::unique_ptr<dbus::VenusService> service_;
    std::unique_ptr<LegacyService> legacy_;
    Recorder recorder_;
    std::unique_ptr<dbus::ServiceItemsWatcher> watcher_;
};

TEST_F(ItemsWatcherTest, GetItemsGivesTheWholeTreeWithValuesAndTexts) {
    publish();
    watch("solarcharger.ttyWatch");  // the short form, as people type it
    EXPECT_EQ(watcher_->service(), kService);
    ASSERT_TRUE(firstTreeIn());
    ASSERT_FALSE(recorder_.presence.empty());
    EXPECT_EQ(recorder_.presence[0], std::make_pair(true, std::string("on the bus")));
    const ItemSnapshots& tree = recorder_.batches[0];
    EXPECT_EQ(tree.size(), items_.tree.items().size());
    EXPECT_EQ(tree.at("/Dc/0/Voltage").value, venus::ItemValue(12.8));
    EXPECT_EQ(tree.at("/Dc/0/Voltage").text, "12.80V");
    // §2.2: invalid is an empty `ai` on the wire; its text "---".
    EXPECT_EQ(tree.at("/Dc/0/Current").value, venus::ItemValue(venus::Invalid{}));
    EXPECT_EQ(tree.at("/Dc/0/Current").text, "---");
    EXPECT_EQ(tree.at("/DeviceInstance").value, venus::ItemValue(std::int32_t{288}));
    EXPECT_EQ(tree.at("/History/Overall/Big").value, venus::ItemValue(std::int64_t{1} << 40));
    EXPECT_EQ(tree.at("/ProductName").value,
              venus::ItemValue(std::string("SmartSolar Charger MPPT 100/30")));
    EXPECT_TRUE(recorder_.errors.empty());
}

TEST_F(ItemsWatcherTest, ChangesArriveAsBatchesOnceEach) {
    publish();
    watch(kService);
    ASSERT_TRUE(firstTreeIn());
    items_.tree.update("/Dc/0/Voltage", 13.1, "13.10V");
    items_.tree.update("/Dc/0/Current", 2.5, "2.5A");
    ASSERT_TRUE(runUntil([&] {
        return recorder_.has("/Dc/0/Voltage", 13.1) && recorder_.has("/Dc/0/Current", 2.5);
    }));
    EXPECT_EQ(recorder_.latest.at("/Dc/0/Voltage").text, "13.10V");
    // The service also sends PropertiesChanged for each path (§2.2); the batch is enough, so
    // nothing else carrying the change may follow.
    runFor(5 * kInterval);
    EXPECT_EQ(recorder_.batchesWith("/Dc/0/Voltage", 13.1), 1);
    ASSERT_EQ(recorder_.batches.size(), 2U);
    EXPECT_EQ(recorder_.batches[1].size(), 2U);  // only what changed
}

TEST_F(ItemsWatcherTest, LeavingAndComingBackAreReportedAndTheTreeIsReadAgain) {
    publish();
    watch(kService);
    ASSERT_TRUE(firstTreeIn());
    service_.reset();  // §2.1: the driver lost its device and left the bus
    ASSERT_TRUE(runUntil([&] { return recorder_.presence.size() >= 2; }));
    EXPECT_EQ(recorder_.presence[1], std::make_pair(false, std::string("left the bus")));

    items_.tree.update("/Dc/0/Voltage", 14.2, "14.20V");  // changed while away
    const auto before = recorder_.batches.size();
    publish();
    ASSERT_TRUE(runUntil(
        [&] { return recorder_.presence.size() >= 3 && recorder_.batches.size() > before; }));
    EXPECT_EQ(recorder_.presence[2], std::make_pair(true, std::string("appeared on the bus")));
    const ItemSnapshots& again = recorder_.batches[before];
    EXPECT_EQ(again.size(), items_.tree.items().size()) << "the whole tree, read again";
    EXPECT_EQ(again.at("/Dc/0/Voltage").value, venus::ItemValue(14.2));
}

TEST_F(ItemsWatcherTest, AbsentAtStartThenAppears) {
    watch(kService);
    ASSERT_TRUE(runUntil([&] { return !recorder_.presence.empty(); }));
    EXPECT_EQ(recorder_.presence[0], std::make_pair(false, std::string("not on the bus")));
    EXPECT_TRUE(recorder_.batches.empty());
    EXPECT_TRUE(recorder_.errors.empty());

    publish();
    ASSERT_TRUE(firstTreeIn());
    ASSERT_EQ(recorder_.presence.size(), 2U);
    EXPECT_TRUE(recorder_.presence[1].first);
    EXPECT_TRUE(recorder_.has("/ProductName", std::string("SmartSolar Charger MPPT 100/30")));
}

TEST_F(ItemsWatcherTest, OlderServicesAreFollowedThroughPropertiesChanged) {
    legacy_ = std::make_unique<LegacyService>(io_, bus_);
    watch(kLegacy);
    ASSERT_TRUE(firstTreeIn());
    EXPECT_TRUE(recorder_.has("/Soc", 80.0));
    legacy_->sendMalformedItemsChanged();
    legacy_->setSoc(87.5);
    ASSERT_TRUE(runUntil([&] { return recorder_.has("/Soc", 87.5); }));
    EXPECT_EQ(recorder_.latest.at("/Soc").text, "87.5%");
    EXPECT_EQ(recorder_.batches.back().size(), 1U);
    EXPECT_TRUE(recorder_.errors.empty());
}

TEST_F(ItemsWatcherTest, DestroyedWhileGetItemsIsInFlight) {
    legacy_ = std::make_unique<LegacyService>(io_, bus_);
    legacy_->hold = true;
    watch(kLegacy);
    ASSERT_TRUE(runUntil([&] { return legacy_->getItemsCalls == 1; }));
    watcher_.reset();
    legacy_->answerHeld();  // the reply arrives for a watcher that is gone
    legacy_->setSoc(90.0);
    runFor(300ms);
    EXPECT_TRUE(recorder_.batches.empty());
    EXPECT_TRUE(recorder_.presence.empty());
}

TEST_F(ItemsWatcherTest, AListenerMayDestroyTheWatcherFromACallback) {
    publish();
    recorder_.onEvent = [this] { watcher_.reset(); };
    watch(kService);
    ASSERT_TRUE(runUntil([&] { return !recorder_.presence.empty(); }));
    EXPECT_EQ(watcher_, nullptr);
    items_.tree.update("/Dc/0/Voltage", 13.3, "13.30V");
    runFor(5 * kInterval);
    // The tree was posted right after the presence: it found no listener any more.
    EXPECT_TRUE(recorder_.batches.empty());
    EXPECT_EQ(recorder_.presence.size(), 1U);
}

}  // namespace
}  // namespace vreglink::testing
