// What stands behind every com.victronenergy.VregLink object (venus-dbus-mqtt.md §3): GetVreg and
// SetVreg on one device, with the gateway's rules — nothing invalid reaches the device, read_only
// refuses writes, and every call is answered within the budget with a VregLink status.
#pragma once

#include "core/bytes.h"
#include "core/ids.h"
#include "core/vreg_status.h"
#include "device/device.h"

#include <asio/io_context.hpp>

#include <chrono>
#include <functional>
#include <memory>

namespace vreglink::venus {

struct VregLinkPolicy {
    bool readOnly = false;                   // config `read_only`: SetVreg answers 0x8100
    std::chrono::milliseconds budget{3000};  // every call answered by then (0x8400 otherwise)
};

class VregLinkBackend {
  public:
    using Done = std::function<void(VregStatus status, Bytes data)>;

    VregLinkBackend(asio::io_context& io, device::Device& device, VregLinkPolicy policy);
    ~VregLinkBackend();

    // Exactly one `done` per call, never synchronously.
    void getVreg(VregId id, Done done);
    // Known register: wrong length or a value outside the catalog's range -> 0x8300, nothing
    // sent. read_only -> 0x8100, nothing sent. Unknown registers pass through as raw bytes.
    void setVreg(VregId id, Bytes data, Done done);

    void setPolicy(VregLinkPolicy policy);  // config reload

  private:
    struct Impl;
    std::shared_ptr<Impl> impl_;
};

}  // namespace vreglink::venus
