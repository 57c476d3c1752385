#include "publisher_fixture.h"

namespace vreglink::testing {

venus::PublisherOptions PublisherTest::defaultOptions() {
    venus::PublisherOptions o;
    o.deviceInstance = 288;
    o.serviceName = "com.victronenergy.test.ttyTEST";
    o.processVersion = "0.1";
    o.settingsPoll = std::chrono::seconds(2);
    return o;
}

void PublisherTest::publish(const std::string& model, venus::PublisherOptions options,
                            const std::vector<std::string>& simArgs) {
    startSim(model, simArgs);
    if (HasFatalFailure()) return;
    identity_ = identify();
    ASSERT_TRUE(identity_);
    publisher_ = std::make_unique<venus::DevicePublisher>(io_, *device_, *identity_, tree_,
                                                          std::move(options));
}

const venus::ItemValue& PublisherTest::value(const std::string& path) {
    static const venus::ItemValue missing = std::string("<no such path>");
    const auto* item = tree_.find(path);
    EXPECT_NE(item, nullptr) << path;
    return item ? item->value : missing;
}

std::string PublisherTest::text(const std::string& path) {
    const auto* item = tree_.find(path);
    return item ? item->text : "<no such path>";
}

bool PublisherTest::waitFor(const std::string& path, const venus::ItemValue& expected,
                            std::chrono::milliseconds limit) {
    return runUntil(
        [&] {
            const auto* item = tree_.find(path);
            return item != nullptr && item->value == expected;
        },
        limit);
}

bool PublisherTest::waitValid(const std::string& path, std::chrono::milliseconds limit) {
    return runUntil(
        [&] {
            const auto* item = tree_.find(path);
            return item != nullptr && venus::isValid(item->value);
        },
        limit);
}

std::optional<venus::SetResult> PublisherTest::write(const std::string& path,
                                                     venus::ItemValue requested) {
    const auto* item = tree_.find(path);
    if (item == nullptr || !item->onWrite) return std::nullopt;
    std::optional<venus::SetResult> result;
    item->onWrite(requested, [&](venus::SetResult r) { result = r; });
    runUntil([&] { return result.has_value(); });
    return result;
}

}  // namespace vreglink::testing
