// Last values seen from a device, with their age: TEXT fields by label, registers by id.
#pragma once

#include "core/bytes.h"
#include "core/ids.h"

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace vreglink::device {

using Clock = std::chrono::steady_clock;

template <typename T>
struct Cached {
    T value;
    Clock::time_point updated;
    Clock::duration age(Clock::time_point now = Clock::now()) const { return now - updated; }
};

class ValueCache {
  public:
    void putText(std::string_view label, std::string_view value, Clock::time_point at);
    void putVreg(VregId id, ByteView data, Clock::time_point at);

    const Cached<std::string>* text(std::string_view label) const;
    const Cached<Bytes>* vreg(VregId id) const;
    const std::map<std::string, Cached<std::string>, std::less<>>& texts() const { return text_; }
    const std::unordered_map<VregId, Cached<Bytes>>& vregs() const { return vreg_; }
    void clear();

  private:
    std::map<std::string, Cached<std::string>, std::less<>> text_;
    std::unordered_map<VregId, Cached<Bytes>> vreg_;
};

}  // namespace vreglink::device
