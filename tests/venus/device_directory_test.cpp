#include "venus/device_directory.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace vreglink::venus {
namespace {

struct Recorder : DeviceDirectoryListener {
    std::vector<std::string> events;
    void onDeviceAdded(const PublishedDevice& d) override { events.push_back("+" + d.key()); }
    void onDeviceRemoved(const PublishedDevice& d) override { events.push_back("-" + d.key()); }
};

PublishedDevice device(std::string name, std::string type, std::int32_t instance) {
    PublishedDevice d;
    d.serviceName = std::move(name);
    d.type = std::move(type);
    d.instance = instance;
    return d;
}

TEST(DeviceDirectoryTest, FindsByTypeAndInstanceAndByKey) {
    DeviceDirectory dir;
    dir.add(device("com.victronenergy.solarcharger.a", "solarcharger", 288));
    dir.add(device("com.victronenergy.battery.b", "battery", 289));
    ASSERT_NE(dir.find("solarcharger", 288), nullptr);
    EXPECT_EQ(dir.find("solarcharger/288")->serviceName, "com.victronenergy.solarcharger.a");
    EXPECT_EQ(dir.find("battery/289")->serviceName, "com.victronenergy.battery.b");
    EXPECT_EQ(dir.find("battery/288"), nullptr);
    EXPECT_EQ(dir.find("battery"), nullptr);
    EXPECT_EQ(dir.find("battery/"), nullptr);
    EXPECT_EQ(dir.find("battery/289x"), nullptr);
}

TEST(DeviceDirectoryTest, ListenersHearAddReplaceAndRemove) {
    DeviceDirectory dir;
    Recorder rec;
    dir.addListener(rec);
    dir.add(device("s.a", "solarcharger", 0));
    dir.add(device("s.a", "solarcharger", 1));  // same service, new instance: replaced
    dir.remove("s.a");
    dir.remove("s.a");  // gone already: nothing
    EXPECT_EQ(rec.events, (std::vector<std::string>{"+solarcharger/0", "-solarcharger/0",
                                                    "+solarcharger/1", "-solarcharger/1"}));
    EXPECT_TRUE(dir.devices().empty());
    dir.removeListener(rec);
    dir.add(device("s.b", "battery", 0));
    EXPECT_EQ(rec.events.size(), 4u);
}

TEST(DeviceDirectoryTest, LastOfTwoWithTheSameInstanceWins) {
    DeviceDirectory dir;
    dir.add(device("s.a", "battery", 5));
    dir.add(device("s.b", "battery", 5));
    EXPECT_EQ(dir.find("battery/5")->serviceName, "s.b");
    dir.remove("s.b");
    EXPECT_EQ(dir.find("battery/5")->serviceName, "s.a");
}

}  // namespace
}  // namespace vreglink::venus
