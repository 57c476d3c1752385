// DevicePublisher: keeps one service's item tree in step with its device (venus-dbus-mqtt.md
// §2.5–2.8). Values arrive from TEXT blocks, async frames, Bluetooth pushes and any GET/SET answer
// (onVregUpdate); what TEXT does not carry is read by a bounded, sequential poll every
// settingsPoll, and without TEXT (Bluetooth) every row's register that was not pushed is read every
// livePoll.
#include "venus/device_publisher.h"

#include "catalog/catalog.h"
#include "device/vedirect_device.h"
#include "venus/history_paths.h"
#include "venus/mandatory_paths.h"
#include "venus/path_convert.h"
#include "venus/path_table.h"
#include "venus/publisher_impl.h"
#include "venus/vedirect_paths.h"

#include <asio/post.hpp>

#include <algorithm>

namespace vreglink::venus {

std::optional<std::string> serviceType(catalog::Family family) {
    using F = catalog::Family;
    switch (family) {
        case F::Mppt:
            return "solarcharger";
        case F::Bmv:
        case F::SmartShunt:
            return "battery";
        case F::Inverter:
            return "inverter";
        case F::Dcdc:
            return "dcdc";
        case F::Charger:
            return "charger";
        case F::MultiRs:
            return "multi";  // [I] §2.1
        case F::BatteryProtect:
            return std::nullopt;
    }
    return std::nullopt;
}

namespace {

constexpr std::uint16_t kAlarmReason = 0x031E;
constexpr std::uint16_t kWarningReason = 0x031C;

void addOnce(std::vector<std::uint16_t>& list, std::uint16_t id) {
    if (std::find(list.begin(), list.end(), id) == list.end()) list.push_back(id);
}

}  // namespace

std::span<const PathSpec> rowsFor(std::optional<catalog::Family> family) {
    if (!family) return {};
    switch (*family) {
        case catalog::Family::Mppt:
            return solarChargerPaths();
        case catalog::Family::Bmv:
        case catalog::Family::SmartShunt:
            return batteryPaths();
        case catalog::Family::Inverter:
            return inverterPaths();
        default:
            return {};  // mandatory paths only, until their tables exist
    }
}

void DevicePublisher::Impl::start(const device::DeviceIdentity& identity) {
    addMandatoryPaths(tree, identity, options, customNameWriter());
    for (const PathSpec& row : rows) {
        tree.add(std::string(row.path), Invalid{}, rowText(row, Invalid{}),
                 row.writable ? rowWriter(row) : WriteHandler{});
        if (!row.textLabel.empty()) byLabel.emplace(row.textLabel, &row);
        if (row.vreg == kNoVreg) continue;
        const auto id = static_cast<std::uint16_t>(row.vreg);
        if (row.poll) {
            addOnce(settingsPollList, id);
        } else if (!options.textBlocks) {
            addOnce(livePollList, id);  // what TEXT would have carried (or 0x031E for AR)
        }
        if (row.textKind == TextKind::AlarmBit) {
            alarmRows.push_back(&row);
            continue;  // AR/WARN combine in publishAlarms()
        }
        byVreg.emplace(id, &row);
    }
    const auto& catalog = catalog::Catalog::builtin();
    if (const auto* info = catalog.find(VregId(kCustomName));
        info && family && info->inFamily(*family)) {
        settingsPollList.push_back(kCustomName);
    }
    if (family == catalog::Family::Mppt) {
        tree.add("/NrOfTrackers", std::int32_t{1}, "1");  // single-tracker VE.Direct MPPTs
        history = true;
        addHistoryPaths(tree);
        settingsPollList.push_back(kHistoryTotal);
        for (int day = 0; day < kHistoryDays; ++day) {
            settingsPollList.push_back(static_cast<std::uint16_t>(kHistoryDay0 + day));
        }
    }
    if (veDirect) addVeDirectPaths(tree);
    onLinkStateChanged(device.linkState(), {});
    device.addListener(this);
    // First poll from the loop, never from inside the constructor.
    asio::post(io, [token = std::weak_ptr<Impl*>(alive)] {
        if (auto self = token.lock()) (*self)->startPollRound();
    });
}

void DevicePublisher::Impl::stop() {
    device.removeListener(this);
    pollTimer.cancel();
    alive.reset();
}

void DevicePublisher::Impl::onTextBlock(const device::TextFields& fields) {
    for (const auto& [label, value] : fields) {
        textLabels.insert(label);
        if (label == "AR" || label == "WARN") {
            (label == "AR" ? alarmReason : warningReason) =
                parseTextInteger(value, TextKind::Number);
            continue;
        }
        auto [first, last] = byLabel.equal_range(label);
        for (auto it = first; it != last; ++it) {
            const PathSpec& row = *it->second;
            const auto raw = parseTextInteger(value, row.textKind);
            publish(row, raw ? fromTextRaw(row, *raw) : ItemValue(Invalid{}));
        }
    }
    publishAlarms();
    if (veDirect) publishVeDirectCounters(tree, veDirect->decoderCounters());
}

void DevicePublisher::Impl::applyVreg(VregId id, ByteView data, bool written) {
    const auto& catalog = catalog::Catalog::builtin();
    // Pushed (or read by someone else): a live row need not be read again this round.
    if (!polling.contains(id.value)) lastPushed[id.value] = std::chrono::steady_clock::now();
    if (history && id.value == kHistoryTotal) {
        daysAvailable = publishHistoryTotal(tree, data);
        return;
    }
    if (history && id.value >= kHistoryDay0 && id.value < kHistoryDay0 + kHistoryDays) {
        publishDayRecord(tree, id.value - kHistoryDay0, data);
        return;
    }
    if (id.value == kCustomName) {
        std::string name;
        for (std::uint8_t b : data) {
            if (b == 0) break;
            name.push_back(static_cast<char>(b));
        }
        const auto* info = catalog.find(id);
        deviceCustomName = info != nullptr && info->writable();
        publishCustomName(tree, name);
        return;
    }
    const auto* info = catalog.find(id);
    const auto raw = rawInteger(info, data);
    if (id.value == kAlarmReason || id.value == kWarningReason) {
        (id.value == kAlarmReason ? alarmReason : warningReason) = raw;
        publishAlarms();
        return;
    }
    auto [first, last] = byVreg.equal_range(id.value);
    for (auto it = first; it != last; ++it) {
        const PathSpec& row = *it->second;
        if (!written && !row.textLabel.empty() && textLabels.count(row.textLabel) > 0) continue;
        publish(row, raw ? fromVregRaw(row, info, *raw) : ItemValue(Invalid{}));
    }
}

void DevicePublisher::Impl::publishAlarms() {
    // 2 alarm (AR bit), 1 warning (WARN bit), 0 ok; invalid until the device told us either.
    if (!alarmReason && !warningReason) return;
    for (const PathSpec* row : alarmRows) {
        const auto mask = std::int64_t{1} << row->bit;
        std::int32_t level = 0;
        if (alarmReason && (*alarmReason & mask)) {
            level = 2;
        } else if (warningReason && (*warningReason & mask)) {
            level = 1;
        }
        publish(*row, level);
    }
}

void DevicePublisher::Impl::onLinkStateChanged(device::LinkState state, std::string_view) {
    const std::int32_t connected = state == device::LinkState::Connected ? 1 : 0;
    tree.update("/Connected", connected, std::to_string(connected));
}

void DevicePublisher::Impl::schedulePoll() {
    const auto period = livePollList.empty() ? options.settingsPoll
                                             : std::min<std::chrono::seconds>(options.livePoll,
                                                                              options.settingsPoll);
    pollTimer.expires_after(period);
    pollTimer.async_wait([token = std::weak_ptr<Impl*>(alive)](const asio::error_code& ec) {
        if (ec) return;
        if (auto self = token.lock()) (*self)->startPollRound();
    });
}

void DevicePublisher::Impl::startPollRound() {
    if (device.linkState() != device::LinkState::Connected) return schedulePoll();
    const auto now = std::chrono::steady_clock::now();
    pollRound.clear();
    pollIndex = 0;
    for (const std::uint16_t id : livePollList) {
        const auto pushed = lastPushed.find(id);
        if (pushed == lastPushed.end() || now - pushed->second >= options.livePoll) {
            pollRound.push_back(id);
        }
    }
    if (now >= settingsDue) {
        settingsDue = now + options.settingsPoll;
        for (const std::uint16_t id : settingsPollList) addOnce(pollRound, id);
    }
    pollNext();
}

void DevicePublisher::Impl::pollNext() {
    // The round ends early when the link goes; the next one starts once our reads are answered.
    if (device.linkState() != device::LinkState::Connected) pollIndex = pollRound.size();
    const std::size_t window = std::max<std::size_t>(1, device.pipelineDepth() / 2);
    while (polling.size() < window && pollIndex < pollRound.size()) {
        const std::uint16_t id = pollRound[pollIndex++];
        const bool day = history && id >= kHistoryDay0 && id < kHistoryDay0 + kHistoryDays;
        if (day && daysAvailable && id - kHistoryDay0 >= *daysAvailable) {
            invalidateDay(tree, id - kHistoryDay0);  // the device does not have it
            continue;
        }
        poll(id);
    }
    if (polling.empty() && pollIndex >= pollRound.size()) schedulePoll();
}

void DevicePublisher::Impl::poll(std::uint16_t id) {
    polling.insert(id);
    device.get(VregId(id),
               [this, id, token = std::weak_ptr<Impl*>(alive)](const device::VregReply& reply) {
                   if (!token.lock()) return;
                   polling.erase(polling.find(id));
                   // A live register the product does not have (SmartShunt: no relay 0x034E)
                   // is not asked for again every livePoll; settings keep their slow retry.
                   if (reply.status == VregStatus::notSupported()) {
                       std::erase(livePollList, id);
                   }
                   // Values arrive through onVregUpdate; a day the device refuses is left invalid.
                   if (!reply.status.isOk() && history && id >= kHistoryDay0 &&
                       id < kHistoryDay0 + kHistoryDays) {
                       invalidateDay(tree, id - kHistoryDay0);
                   }
                   pollNext();
               });
}

DevicePublisher::DevicePublisher(asio::io_context& io, device::Device& device,
                                 const device::DeviceIdentity& identity, ItemTree& tree,
                                 PublisherOptions options)
    : impl_(std::make_unique<Impl>(io, device, identity, tree, std::move(options))) {
    impl_->start(identity);
}

DevicePublisher::~DevicePublisher() {
    impl_->stop();
}

void DevicePublisher::setReadOnly(bool readOnly) {
    impl_->options.readOnly = readOnly;
}

}  // namespace vreglink::venus
