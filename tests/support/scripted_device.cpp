#include "scripted_device.h"

#include <asio/post.hpp>
#include <asio/steady_timer.hpp>

#include <algorithm>
#include <memory>

namespace vreglink::testing {

std::size_t ScriptedDevice::sets() const {
    return static_cast<std::size_t>(std::count_if(requests_.begin(), requests_.end(),
                                                  [](const Request& r) { return r.isSet; }));
}

void ScriptedDevice::get(VregId id, device::ReplyHandler done) {
    requests_.push_back({id, false, {}});
    const auto it = scripts_.find(id);
    const Script s = it != scripts_.end() ? it->second : others_;
    answer(s, {s.status, s.data, {}}, std::move(done));
}

void ScriptedDevice::set(VregId id, Bytes value, device::ReplyHandler done) {
    requests_.push_back({id, true, value});
    const auto it = scripts_.find(id);
    const Script s = it != scripts_.end() ? it->second : others_;
    answer(s, {s.status, s.data.empty() ? value : s.data, {}}, std::move(done));
}

void ScriptedDevice::answer(const Script& s, device::VregReply reply, device::ReplyHandler done) {
    if (s.silent) {
        silent_.push_back(std::move(done));
        return;
    }
    auto timer = std::make_shared<asio::steady_timer>(io_, s.delay);
    timer->async_wait([timer, reply = std::move(reply),
                       done = std::move(done)](const asio::error_code&) { done(reply); });
}

}  // namespace vreglink::testing
