#include "device/value_cache.h"

namespace vreglink::device {

void ValueCache::putText(std::string_view label, std::string_view value, Clock::time_point at) {
    auto it = text_.find(label);
    if (it == text_.end()) {
        text_.emplace(std::string(label), Cached<std::string>{std::string(value), at});
        return;
    }
    it->second.value.assign(value);  // reuses the string's capacity: one block per second
    it->second.updated = at;
}

void ValueCache::putVreg(VregId id, ByteView data, Clock::time_point at) {
    auto& entry = vreg_[id];
    entry.value.assign(data.begin(), data.end());
    entry.updated = at;
}

const Cached<std::string>* ValueCache::text(std::string_view label) const {
    const auto it = text_.find(label);
    return it == text_.end() ? nullptr : &it->second;
}

const Cached<Bytes>* ValueCache::vreg(VregId id) const {
    const auto it = vreg_.find(id);
    return it == vreg_.end() ? nullptr : &it->second;
}

void ValueCache::clear() {
    text_.clear();
    vreg_.clear();
}

}  // namespace vreglink::device
