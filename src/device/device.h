// The one device model every link implements (DESIGN.md "Device"): get, set, updates.
// Every request is answered exactly once, always asynchronously (never from inside get()/set()),
// with a VregLink status when the device fails — never left hanging.
#pragma once

#include "core/bytes.h"
#include "core/ids.h"
#include "core/vreg_status.h"

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vreglink::device {

struct VregReply {
    VregStatus status;
    Bytes data;           // value bytes when status is OK (for set: the value as stored)
    std::string message;  // detail for people when status is an error ("no answer after 3 tries")
};
using ReplyHandler = std::function<void(const VregReply&)>;

enum class LinkState : std::uint8_t {
    Connecting,    // opening / reopening with backoff
    Connected,     // link open (bytes may or may not be flowing)
    Disconnected,  // gone (cable pulled, EIO/ENODEV); pending requests were answered 0x8400
};
const char* linkStateName(LinkState state);

// A TEXT field as received (values unconverted, "---" kept).
using TextFields = std::vector<std::pair<std::string, std::string>>;

class DeviceListener {
  public:
    virtual ~DeviceListener() = default;
    // A register value pushed by the device (HEX async frame, BLE push) or seen in any response.
    virtual void onVregUpdate(VregId /*id*/, ByteView /*data*/) {}
    // A verified TEXT block (VE.Direct only). BMV/SmartShunt send two blocks per second.
    virtual void onTextBlock(const TextFields& /*fields*/) {}
    virtual void onLinkStateChanged(LinkState /*state*/, std::string_view /*reason*/) {}
};

class Device {
  public:
    virtual ~Device() = default;

    virtual void get(VregId id, ReplyHandler done) = 0;
    virtual void set(VregId id, Bytes value, ReplyHandler done) = 0;

    virtual LinkState linkState() const = 0;
    // How many requests are worth having outstanding at once to keep the link busy (callers that
    // issue many, like a dump, keep this many queued). VE.Direct: one on the wire, one waiting.
    virtual std::size_t pipelineDepth() const { return 2; }
    // Listeners are not owned; remove before destroying them.
    virtual void addListener(DeviceListener* listener) = 0;
    virtual void removeListener(DeviceListener* listener) = 0;
};

}  // namespace vreglink::device
