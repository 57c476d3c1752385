// Async identity read (vedirect.md §3.2, §3.3): product id, ping, serial, model — one request at a
// time through the device FIFO. The single reader used by the CLI (blocking wrapper) and vreglinkd.
#include "device/device_identity.h"

#include "device/vedirect_device.h"
#include "vedirect/hex_message.h"

#include <memory>
#include <utility>

namespace vreglink::device {
namespace {

// String registers are NUL-padded (0x010A is 16 bytes on an MPPT, 24 on a SmartShunt, §3.3).
std::string stringValue(const VregReply& reply) {
    if (!reply.status.isOk()) return {};
    std::string s;
    for (std::uint8_t b : reply.data) {
        if (b == 0) break;
        s.push_back(static_cast<char>(b));
    }
    return s;
}

std::optional<std::uint16_t> u16Value(const VregReply& reply) {
    if (!reply.status.isOk() || reply.data.size() != 2) return std::nullopt;
    return readLe16(reply.data.data());
}

// The state of one read, shared by the chained reply handlers. The device must outlive the read:
// each step issues the next request on it (a read takes at most 4 requests x timeout x tries).
struct IdentityRead {
    VeDirectDevice& device;
    IdentityHandler done;
    DeviceIdentity identity;
};

void readModel(const std::shared_ptr<IdentityRead>& read) {
    read->device.get(VregId(0x010B), [read](const VregReply& reply) {
        read->identity.model = stringValue(reply);  // not every product has it: empty then
        read->done(std::move(read->identity), VregReply{});
    });
}

void readSerial(const std::shared_ptr<IdentityRead>& read) {
    read->device.get(VregId(0x010A), [read](const VregReply& reply) {
        read->identity.serial = stringValue(reply);
        readModel(read);
    });
}

void readFirmware(const std::shared_ptr<IdentityRead>& read) {
    read->device.command(vedirect::HexCommand::Ping, [read](const VregReply& reply) {
        read->identity.firmware = u16Value(reply);
        readSerial(read);
    });
}

}  // namespace

std::string DeviceIdentity::productName() const {
    if (product) return product->name;
    if (!model.empty()) return model;
    return "unknown product";
}

std::string DeviceIdentity::firmwareText() const {
    return firmware ? vedirect::formatFirmwareVersion(*firmware) : std::string();
}

std::optional<catalog::Family> DeviceIdentity::family() const {
    if (product) return product->family;
    return std::nullopt;
}

void readIdentity(VeDirectDevice& device, IdentityHandler done) {
    auto read = std::make_shared<IdentityRead>(IdentityRead{device, std::move(done), {}});
    // HEX 0x4 rather than 0x0100: every VE.Direct product answers it (§3.2). Without a product id
    // nothing else will answer either, so the read stops with that reply. The device answers
    // asynchronously, so `done` never runs inside readIdentity().
    device.command(vedirect::HexCommand::ProductId, [read](const VregReply& reply) {
        const auto pid = u16Value(reply);
        if (!pid) {
            VregReply failure = reply;
            if (failure.status.isOk()) {
                failure.status = VregStatus::invalid();
                failure.message = "product id reply is not 2 bytes";
            }
            read->done(std::nullopt, failure);
            return;
        }
        read->identity.productId = ProductId(*pid);
        read->identity.product = catalog::Catalog::builtin().findProduct(ProductId(*pid));
        readFirmware(read);
    });
}

}  // namespace vreglink::device
