// How every device session answers (device.h): always posted to the loop, never from inside
// get()/set() or the middle of decoding a frame or transfer. The posted handler owns copies of
// the handler and the reply, so it is safe even after the device is gone.
#pragma once

#include "device/device.h"

#include <asio/io_context.hpp>
#include <asio/post.hpp>

#include <utility>

namespace vreglink::device {

inline void postReply(asio::io_context& io, ReplyHandler done, VregReply reply) {
    asio::post(io, [done = std::move(done), reply = std::move(reply)]() {
        if (done) done(reply);
    });
}

}  // namespace vreglink::device
