#include "settings_service.h"

#include <sdbus-c++/sdbus-c++.h>

namespace vreglink::testing {

SettingsService::SettingsService(const std::string& address,
                                 std::map<std::string, std::string> settings)
    : values_(std::move(settings)) {
    connection_ = sdbus::createSessionBusConnectionWithAddress(address);
    root_ = sdbus::createObject(*connection_, "/Settings");
    root_->registerMethod("AddSetting")
        .onInterface("com.victronenergy.Settings")
        .implementedAs([this](const std::string& group, const std::string& name,
                              const sdbus::Variant& defaultValue, const std::string& /*type*/,
                              const sdbus::Variant& /*min*/, const sdbus::Variant& /*max*/) {
            const std::string path = "/Settings/" + group + "/" + name;
            const std::string value = defaultValue.containsValueOfType<std::string>()
                                          ? defaultValue.get<std::string>()
                                          : std::string("?");
            std::lock_guard lock(mutex_);
            added_.push_back(group + "/" + name + "=" + value);
            auto it = values_.find(path);
            if (it != values_.end() && it->second.empty()) it->second = value;
            return std::int32_t{0};
        });
    root_->finishRegistration();

    for (const auto& [path, initial] : values_) {
        auto item = sdbus::createObject(*connection_, path);
        sdbus::IObject* raw = item.get();
        item->registerMethod("GetValue")
            .onInterface("com.victronenergy.BusItem")
            .implementedAs([this, p = path] { return sdbus::Variant(value(p)); });
        item->registerMethod("SetValue")
            .onInterface("com.victronenergy.BusItem")
            .implementedAs([this, raw, p = path](const sdbus::Variant& v) {
                if (!v.containsValueOfType<std::string>()) return std::int32_t{2};
                const std::string text = v.get<std::string>();
                {
                    std::lock_guard lock(mutex_);
                    values_[p] = text;
                }
                std::map<std::string, sdbus::Variant> changes{{"Value", sdbus::Variant(text)},
                                                              {"Text", sdbus::Variant(text)}};
                raw->emitSignal("PropertiesChanged")
                    .onInterface("com.victronenergy.BusItem")
                    .withArguments(changes);
                return std::int32_t{0};
            });
        item->registerSignal("PropertiesChanged")
            .onInterface("com.victronenergy.BusItem")
            .withParameters<std::map<std::string, sdbus::Variant>>();
        item->finishRegistration();
        items_.push_back(std::move(item));
    }
    connection_->requestName("com.victronenergy.settings");
    connection_->enterEventLoopAsync();
}

SettingsService::~SettingsService() {
    connection_->leaveEventLoop();
    items_.clear();
    root_.reset();
}

std::string SettingsService::value(const std::string& path) const {
    std::lock_guard lock(mutex_);
    const auto it = values_.find(path);
    return it == values_.end() ? std::string() : it->second;
}

std::vector<std::string> SettingsService::added() const {
    std::lock_guard lock(mutex_);
    return added_;
}

}  // namespace vreglink::testing
