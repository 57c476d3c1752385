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
    Device& device;
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

void readFirmware(const std::shared_ptr<IdentityRead>& read, VeDirectDevice& device) {
    device.command(vedirect::HexCommand::Ping, [read](const VregReply& reply) {
        read->identity.firmware = u16Value(reply);
        readSerial(read);
    });
}

// 0x0102 = un8 identifier + un24 0xHHMMLL (ble-gatt.md §4.5, `00 FF 21 03` -> v3.21): returned in
// the ping's form (0x4000 | 0x0321) so DeviceIdentity has one firmware representation.
void readFirmwareRegister(const std::shared_ptr<IdentityRead>& read) {
    read->device.get(VregId(0x0102), [read](const VregReply& reply) {
        if (reply.status.isOk() && reply.data.size() >= 4 && reply.data[3] < 0x10) {
            read->identity.firmware =
                static_cast<std::uint16_t>(0x4000 | (reply.data[3] << 8) | reply.data[2]);
        }
        readSerial(read);
    });
}

void failProductId(const std::shared_ptr<IdentityRead>& read, const VregReply& reply,
                   const char* why) {
    VregReply failure = reply;
    if (failure.status.isOk()) {
        failure.status = VregStatus::invalid();
        failure.message = why;
    }
    read->done(std::nullopt, failure);
}

void setProductId(const std::shared_ptr<IdentityRead>& read, std::uint16_t pid) {
    read->identity.productId = ProductId(pid);
    read->identity.product = catalog::Catalog::builtin().findProduct(ProductId(pid));
}

// Any other link (Bluetooth): register 0x0100 = [0x00][PID lo][PID hi][flag] (vedirect.md §3.3,
// ble-gatt.md §4.5), then 0x0102 for the firmware.
void readByRegisters(const std::shared_ptr<IdentityRead>& read) {
    read->device.get(VregId(0x0100), [read](const VregReply& reply) {
        if (!reply.status.isOk() || reply.data.size() != 4) {
            failProductId(read, reply, "product id reply is not 4 bytes");
            return;
        }
        setProductId(read, static_cast<std::uint16_t>(reply.data[1] | (reply.data[2] << 8)));
        readFirmwareRegister(read);
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

void readIdentity(Device& device, IdentityHandler done) {
    auto read = std::make_shared<IdentityRead>(IdentityRead{device, std::move(done), {}});
    auto* veDirect = dynamic_cast<VeDirectDevice*>(&device);
    if (veDirect == nullptr) return readByRegisters(read);
    // HEX 0x4 rather than 0x0100: every VE.Direct product answers it (§3.2). Without a product id
    // nothing else will answer either, so the read stops with that reply. The device answers
    // asynchronously, so `done` never runs inside readIdentity().
    veDirect->command(vedirect::HexCommand::ProductId, [read, veDirect](const VregReply& reply) {
        const auto pid = u16Value(reply);
        if (!pid) {
            failProductId(read, reply, "product id reply is not 2 bytes");
            return;
        }
        setProductId(read, *pid);
        readFirmware(read, *veDirect);
    });
}

}  // namespace vreglink::device
