#include "device/device.h"

namespace vreglink::device {

const char* linkStateName(LinkState state) {
    switch (state) {
        case LinkState::Connecting:
            return "connecting";
        case LinkState::Connected:
            return "connected";
        case LinkState::Disconnected:
            return "disconnected";
    }
    return "unknown";
}

}  // namespace vreglink::device
