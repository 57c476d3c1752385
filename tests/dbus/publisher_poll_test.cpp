// How DevicePublisher reads what no TEXT block carries (Bluetooth): a few registers at a time —
// half the device's pipeline — so a Bluetooth round fits in one transfer while VE.Direct keeps
// one request on the wire and room for user requests.
#include "catalog/catalog.h"
#include "run_loop.h"
#include "scripted_device.h"
#include "venus/device_publisher.h"
#include "venus/item_tree.h"

#include <gtest/gtest.h>
#include <asio/io_context.hpp>

#include <chrono>

namespace vreglink::testing {
namespace {

using namespace std::chrono_literals;

device::DeviceIdentity smartShunt() {
    device::DeviceIdentity identity;
    identity.productId = ProductId{0xA389};
    identity.product = catalog::Catalog::builtin().findProduct(identity.productId);
    identity.serial = "HQ2032PQRST";
    return identity;
}

// Reads in flight once the publisher started, with every register unanswered.
std::size_t readsInFlight(std::size_t pipelineDepth) {
    asio::io_context io;
    ScriptedDevice device(io);
    device.setPipelineDepth(pipelineDepth);
    device.scriptOthers(ScriptedDevice::silence());
    venus::ItemTree tree;
    venus::PublisherOptions options;
    options.textBlocks = false;
    venus::DevicePublisher publisher(io, device, smartShunt(), tree, options);
    runFor(io, 100ms);
    return device.requests().size();
}

TEST(PublisherPoll, ABluetoothRoundGoesOutOneTransferAtATime) {
    EXPECT_EQ(readsInFlight(40), 20U);  // BleDevice: 20 per transfer, 2 transfers
}

TEST(PublisherPoll, VeDirectKeepsOneReadOnTheWire) {
    EXPECT_EQ(readsInFlight(2), 1U);
}

}  // namespace
}  // namespace vreglink::testing
