// A DevicePublisher on a real simulator: the tree it fills, and SetValue as D-Bus would call it.
#pragma once

#include "sim_device.h"
#include "venus/device_publisher.h"
#include "venus/item_tree.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace vreglink::testing {

class PublisherTest : public SimDeviceTest {
  protected:
    void TearDown() override { publisher_.reset(); }

    // Starts the simulator, reads the identity and publishes it.
    void publish(const std::string& model, venus::PublisherOptions options = defaultOptions(),
                 const std::vector<std::string>& simArgs = {});
    static venus::PublisherOptions defaultOptions();

    const venus::ItemValue& value(const std::string& path);
    std::string text(const std::string& path);
    bool waitFor(const std::string& path, const venus::ItemValue& expected,
                 std::chrono::milliseconds limit = std::chrono::seconds(10));
    bool waitValid(const std::string& path,
                   std::chrono::milliseconds limit = std::chrono::seconds(10));
    std::optional<venus::SetResult> write(const std::string& path, venus::ItemValue requested);

    venus::ItemTree tree_;
    std::optional<device::DeviceIdentity> identity_;
    std::unique_ptr<venus::DevicePublisher> publisher_;
};

}  // namespace vreglink::testing
