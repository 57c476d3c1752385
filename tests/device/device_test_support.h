// Shared fixtures for the VE.Direct device tests: a listener that records everything and a
// reply collector.
#pragma once

#include "device/device.h"

#include <string>
#include <utility>
#include <vector>

namespace vreglink::device {

struct RecordingListener : DeviceListener {
    void onVregUpdate(VregId id, ByteView data) override {
        updates.emplace_back(id, Bytes(data.begin(), data.end()));
    }
    void onTextBlock(const TextFields& fields) override { blocks.push_back(fields); }
    void onLinkStateChanged(LinkState state, std::string_view reason) override {
        states.emplace_back(state, std::string(reason));
    }

    std::vector<std::pair<VregId, Bytes>> updates;
    std::vector<TextFields> blocks;
    std::vector<std::pair<LinkState, std::string>> states;
};

struct Replies {
    // A handler that appends the reply (tagged) to this collector.
    ReplyHandler collect(int tag = 0) {
        return [this, tag](const VregReply& reply) { got.emplace_back(tag, reply); };
    }
    std::size_t size() const { return got.size(); }
    const VregReply& operator[](std::size_t i) const { return got[i].second; }
    int tag(std::size_t i) const { return got[i].first; }

    std::vector<std::pair<int, VregReply>> got;
};

}  // namespace vreglink::device
