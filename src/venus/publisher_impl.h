// DevicePublisher internals shared by device_publisher.cpp (values, polling) and
// publisher_writes.cpp (SetValue on writable paths). Not part of the public API.
#pragma once

#include "device/vedirect_device.h"
#include "venus/device_publisher.h"
#include "venus/path_convert.h"
#include "venus/path_table.h"

#include <asio/steady_timer.hpp>

#include <chrono>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string_view>
#include <vector>

namespace vreglink::venus {

inline constexpr std::uint16_t kCustomName = 0x010C;

std::span<const PathSpec> rowsFor(std::optional<catalog::Family> family);

struct DevicePublisher::Impl final : device::DeviceListener {
    Impl(asio::io_context& ioContext, device::Device& dev, const device::DeviceIdentity& id,
         ItemTree& itemTree, PublisherOptions opts)
        : io(ioContext),
          device(dev),
          tree(itemTree),
          options(std::move(opts)),
          family(id.family()),
          rows(rowsFor(family)),
          pollTimer(ioContext),
          veDirect(dynamic_cast<device::VeDirectDevice*>(&dev)) {}

    void start(const device::DeviceIdentity& identity);
    void stop();

    void onVregUpdate(VregId id, ByteView data) override { applyVreg(id, data, false); }
    // `written`: the value the device stored for our SetValue, published even when TEXT owns it.
    void applyVreg(VregId id, ByteView data, bool written);
    void onTextBlock(const device::TextFields& fields) override;
    void onLinkStateChanged(device::LinkState state, std::string_view reason) override;

    void publish(const PathSpec& row, const ItemValue& value) {
        tree.update(row.path, value, rowText(row, value));
    }
    void publishAlarms();
    WriteHandler rowWriter(const PathSpec& row);
    WriteHandler customNameWriter();
    void startPollRound();
    void pollNext();
    void poll(std::uint16_t id);
    void schedulePoll();

    asio::io_context& io;
    device::Device& device;
    ItemTree& tree;
    PublisherOptions options;
    std::optional<catalog::Family> family;
    std::span<const PathSpec> rows;
    std::multimap<std::string_view, const PathSpec*, std::less<>> byLabel;
    std::multimap<std::uint16_t, const PathSpec*> byVreg;
    std::vector<const PathSpec*> alarmRows;
    // Labels the device sends in TEXT: those rows ignore HEX values, which have a coarser scale
    // (V in mV vs 0xED8D in 10 mV) and would make the value flap between the two every second.
    std::set<std::string, std::less<>> textLabels;
    std::optional<std::int64_t> alarmReason, warningReason;
    bool history = false;  // solar charger: 0x104F and day records
    std::optional<int> daysAvailable;
    bool deviceCustomName = false;  // 0x010C answered and the catalog lets us write it
    // Two cadences, one poller: settings every settingsPoll, live values (no TEXT only) every
    // livePoll unless pushed meanwhile. A round is what is due; it is read a few registers at a
    // time (half the device's pipeline: one at a time on VE.Direct, one transfer on Bluetooth),
    // which leaves room for user requests (GetVreg/SetVreg) between ours.
    std::vector<std::uint16_t> settingsPollList;
    std::vector<std::uint16_t> livePollList;
    std::vector<std::uint16_t> pollRound;
    std::size_t pollIndex = 0;
    std::chrono::steady_clock::time_point settingsDue{};
    std::multiset<std::uint16_t> polling;  // the registers our own reads are waiting for
    std::map<std::uint16_t, std::chrono::steady_clock::time_point> lastPushed;
    asio::steady_timer pollTimer;
    device::VeDirectDevice* veDirect;
    // Replies and D-Bus write callbacks may outlive the publisher: they hold this token weakly.
    std::shared_ptr<Impl*> alive = std::make_shared<Impl*>(this);
};

}  // namespace vreglink::venus
