#include "instance_negotiator.h"

#include "core/log.h"

#include <sdbus-c++/sdbus-c++.h>
#include <asio/post.hpp>

#include <charconv>

namespace vreglink::daemon {
namespace {

constexpr const char* kSettingsService = "com.victronenergy.settings";
constexpr const char* kSettingsInterface = "com.victronenergy.Settings";
constexpr const char* kBusItem = "com.victronenergy.BusItem";

std::optional<std::int32_t> instanceOf(const sdbus::Variant& value) {
    if (!value.containsValueOfType<std::string>()) return std::nullopt;
    return parseClassAndInstance(value.get<std::string>());
}

}  // namespace

std::optional<std::int32_t> parseClassAndInstance(std::string_view text) {
    const auto colon = text.find(':');
    if (colon == std::string_view::npos || colon == 0) return std::nullopt;
    const std::string_view number = text.substr(colon + 1);
    std::int32_t instance = -1;
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), instance);
    if (ec != std::errc{} || end != number.data() + number.size() || instance < 0 ||
        instance > 0xFFFF) {
        return std::nullopt;
    }
    return instance;
}

struct InstanceNegotiator::Impl : std::enable_shared_from_this<Impl> {
    asio::io_context& io;
    bus::BusConnection& bus;
    std::string group;  // "Devices/<uniqueid>"
    std::string path;   // "/Settings/Devices/<uniqueid>/ClassAndVrmInstance"
    std::string defaultValue;
    std::int32_t proposed;
    std::chrono::milliseconds timeout;
    Negotiated negotiated;
    Changed changed;
    bool done = false;
    std::unique_ptr<sdbus::IProxy> settings;  // /Settings: AddSetting
    std::unique_ptr<sdbus::IProxy> setting;   // the setting itself: GetValue, PropertiesChanged

    Impl(asio::io_context& i, bus::BusConnection& b) : io(i), bus(b) {}

    // Callbacks leave the sd-bus dispatch first: the owner may tear things down in them.
    void finish(std::int32_t instance, bool fromSettings) {
        if (done) return;
        done = true;
        asio::post(io, [weak = weak_from_this(), instance, fromSettings] {
            if (auto self = weak.lock()) self->negotiated(instance, fromSettings);
        });
    }

    void start() {
        try {  // sdbus-c++ throws: this is the edge
            settings = sdbus::createProxy(bus.sdbus(), kSettingsService, "/Settings");
            setting = sdbus::createProxy(bus.sdbus(), kSettingsService, path);
            // The match is in place before the value is read, so no change can slip between.
            setting->uponSignal("PropertiesChanged")
                .onInterface(kBusItem)
                .call([weak = weak_from_this()](const std::map<std::string, sdbus::Variant>& c) {
                    if (auto self = weak.lock()) self->onPropertiesChanged(c);
                });
            setting->finishRegistration();
            // AddSetting(group, name, default, type, min, max): velib passes 0, 0 for strings.
            settings->callMethodAsync("AddSetting")
                .onInterface(kSettingsInterface)
                .withTimeout(timeout)
                .withArguments(group, std::string("ClassAndVrmInstance"),
                               sdbus::Variant(defaultValue), std::string("s"),
                               sdbus::Variant(std::int32_t{0}), sdbus::Variant(std::int32_t{0}))
                .uponReplyInvoke(
                    [weak = weak_from_this()](const sdbus::Error* error, std::int32_t result) {
                        if (auto self = weak.lock()) self->onAdded(error, result);
                    });
            bus.wake();
        } catch (const sdbus::Error& e) {
            logDebug("settings: {}: {}", path, e.getMessage());
            finish(proposed, false);
        }
    }

    void onAdded(const sdbus::Error* error, std::int32_t result) {
        if (error != nullptr || result != 0) {
            // No com.victronenergy.settings on this bus (the usual case off a GX): keep ours.
            logDebug("settings: AddSetting {}: {}", path,
                     error != nullptr ? error->getMessage() : fmt::format("result {}", result));
            finish(proposed, false);
            return;
        }
        try {
            setting->callMethodAsync("GetValue")
                .onInterface(kBusItem)
                .withTimeout(timeout)
                .uponReplyInvoke(
                    [weak = weak_from_this()](const sdbus::Error* e, const sdbus::Variant& value) {
                        auto self = weak.lock();
                        if (!self) return;
                        const auto instance = e == nullptr ? instanceOf(value) : std::nullopt;
                        if (!instance) {
                            logWarning("settings: {} has no usable \"class:instance\" value",
                                       self->path);
                        }
                        self->finish(instance.value_or(self->proposed), instance.has_value());
                    });
        } catch (const sdbus::Error&) {
            finish(proposed, false);
        }
    }

    void onPropertiesChanged(const std::map<std::string, sdbus::Variant>& changes) {
        const auto it = changes.find("Value");
        if (it == changes.end() || !done) return;
        if (const auto instance = instanceOf(it->second)) {
            asio::post(io, [weak = weak_from_this(), value = *instance] {
                if (auto self = weak.lock()) self->changed(value);
            });
        }
    }
};

InstanceNegotiator::InstanceNegotiator(asio::io_context& io, bus::BusConnection& bus,
                                       std::string uniqueId, std::string deviceClass,
                                       std::int32_t proposed, std::chrono::milliseconds timeout,
                                       Negotiated negotiated, Changed changed)
    : impl_(std::make_shared<Impl>(io, bus)) {
    impl_->group = "Devices/" + uniqueId;
    impl_->path = "/Settings/Devices/" + uniqueId + "/ClassAndVrmInstance";
    impl_->defaultValue = fmt::format("{}:{}", deviceClass, proposed);
    impl_->proposed = proposed;
    impl_->timeout = timeout;
    impl_->negotiated = std::move(negotiated);
    impl_->changed = std::move(changed);
    impl_->start();
}

InstanceNegotiator::~InstanceNegotiator() {
    try {  // dropping the proxies cancels their pending calls and removes the match
        impl_->setting.reset();
        impl_->settings.reset();
    } catch (...) {
    }
}

const std::string& InstanceNegotiator::settingPath() const {
    return impl_->path;
}

}  // namespace vreglink::daemon
