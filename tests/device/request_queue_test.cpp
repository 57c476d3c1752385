// Matching rules of the request FIFO (vedirect.md §3.2–3.4), without any I/O.
#include "device/request_queue.h"

#include "vedirect/hex_message.h"

#include <gtest/gtest.h>

namespace vreglink::device {
namespace {

using vedirect::HexCommand;
using vedirect::HexFrame;
using vedirect::HexResponse;

PendingRequest request(HexCommand command, std::uint16_t id = 0) {
    return PendingRequest{command, VregId(id), {}, {}, 0};
}

HexFrame vregFrame(HexResponse response, std::uint16_t id, std::uint8_t flags = 0,
                   Bytes value = {0x96, 0x00}) {
    return *vedirect::makeVregResponse(response, VregId(id), flags, value);
}

TEST(RequestMatching, GetAndSetMatchOnResponseCodeAndRegister) {
    const auto get = request(HexCommand::Get, 0xEDF0);
    EXPECT_TRUE(answers(get, vregFrame(HexResponse::Get, 0xEDF0)));
    EXPECT_TRUE(answers(get, vregFrame(HexResponse::Get, 0xEDF0, 0x01)));
    EXPECT_FALSE(answers(get, vregFrame(HexResponse::Get, 0xEDF1)));    // other register
    EXPECT_FALSE(answers(get, vregFrame(HexResponse::Set, 0xEDF0)));    // other command
    EXPECT_FALSE(answers(get, vregFrame(HexResponse::Async, 0xEDF0)));  // async never answers

    const auto set = request(HexCommand::Set, 0x2015);
    EXPECT_TRUE(answers(set, vregFrame(HexResponse::Set, 0x2015)));
    EXPECT_FALSE(answers(set, vregFrame(HexResponse::Get, 0x2015)));
}

TEST(RequestMatching, CommandsMatchTheirResponseCodes) {
    const auto ping = vedirect::makeU16Response(HexResponse::Ping, 0x4161);
    const auto done = vedirect::makeU16Response(HexResponse::Done, 0xA056);
    EXPECT_TRUE(answers(request(HexCommand::Ping), ping));
    EXPECT_FALSE(answers(request(HexCommand::Ping), done));
    EXPECT_TRUE(answers(request(HexCommand::AppVersion), done));
    EXPECT_TRUE(answers(request(HexCommand::ProductId), done));
    EXPECT_FALSE(answers(request(HexCommand::ProductId), ping));
    EXPECT_FALSE(answers(request(HexCommand::Restart), done));
    EXPECT_FALSE(answers(request(HexCommand::Get, 0x0100), vedirect::makeFrameErrorResponse()));
}

TEST(RequestMatching, ReplyMapsDeviceFlags) {
    const auto get = request(HexCommand::Get, 0xEDF0);
    const auto ok = replyFor(get, vregFrame(HexResponse::Get, 0xEDF0));
    EXPECT_EQ(ok.status, VregStatus::ok());
    EXPECT_EQ(ok.data, (Bytes{0x96, 0x00}));

    const auto unknown = replyFor(get, vregFrame(HexResponse::Get, 0xEDF0, 0x01));
    EXPECT_EQ(unknown.status, VregStatus::notSupported());
    EXPECT_TRUE(unknown.data.empty());
    EXPECT_NE(unknown.message.find("0x01"), std::string::npos) << unknown.message;
    EXPECT_NE(unknown.message.find("unknown id"), std::string::npos) << unknown.message;
    EXPECT_EQ(replyFor(get, vregFrame(HexResponse::Get, 0xEDF0, 0x02)).status,
              VregStatus::notSupported());
    const auto range = replyFor(get, vregFrame(HexResponse::Get, 0xEDF0, 0x04));
    EXPECT_EQ(range.status, VregStatus::invalid());
    EXPECT_NE(range.message.find("parameter error"), std::string::npos) << range.message;
}

TEST(RequestQueue, FifoWithOneInFlight) {
    RequestQueue queue(3);
    EXPECT_FALSE(queue.startNext());
    queue.push(request(HexCommand::Get, 1));
    queue.push(request(HexCommand::Get, 2));
    queue.push(request(HexCommand::Get, 3));
    EXPECT_TRUE(queue.full());
    ASSERT_TRUE(queue.startNext());
    EXPECT_FALSE(queue.startNext());  // one in flight at a time
    EXPECT_EQ(queue.inFlight()->id, VregId(1));
    EXPECT_EQ(queue.finish().id, VregId(1));
    EXPECT_FALSE(queue.full());
    ASSERT_TRUE(queue.startNext());
    const auto all = queue.takeAll();
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].id, VregId(2));
    EXPECT_EQ(all[1].id, VregId(3));
    EXPECT_EQ(queue.size(), 0u);
}

}  // namespace
}  // namespace vreglink::device
