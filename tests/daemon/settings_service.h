// A tiny com.victronenergy.settings for tests (venus-dbus-mqtt.md §2.9): AddSetting(ssvsvv)->i on
// /Settings (com.victronenergy.Settings), and GetValue/SetValue/PropertiesChanged
// (com.victronenergy.BusItem) on the setting paths it was created with. Runs in the test
// process on its own sdbus-c++ connection and thread.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace sdbus {
class IConnection;
class IObject;
}  // namespace sdbus

namespace vreglink::testing {

class SettingsService {
  public:
    // `settings`: path -> initial value ("" = not added yet: AddSetting stores the default; a
    // value = allocated earlier, AddSetting keeps it as localsettings does).
    SettingsService(const std::string& address, std::map<std::string, std::string> settings);
    ~SettingsService();

    std::string value(const std::string& path) const;
    std::vector<std::string> added() const;  // "group/name=default" per AddSetting call

  private:
    mutable std::mutex mutex_;
    std::map<std::string, std::string> values_;
    std::vector<std::string> added_;
    std::unique_ptr<sdbus::IConnection> connection_;
    std::unique_ptr<sdbus::IObject> root_;
    std::vector<std::unique_ptr<sdbus::IObject>> items_;
};

}  // namespace vreglink::testing
