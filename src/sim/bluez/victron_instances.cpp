#include "sim/bluez/victron_instances.h"

#include "ble/message.h"
#include "catalog/catalog.h"
#include "vedirect/hex_message.h"

#include <string_view>

namespace vreglink::sim::bluez {

namespace {

Bytes le(std::uint64_t value, std::size_t width) {
    Bytes out(width);
    for (std::size_t i = 0; i < width; ++i) out[i] = static_cast<std::uint8_t>(value >> (8 * i));
    return out;
}

Bytes text(std::string_view s) {
    Bytes out(s.begin(), s.end());
    out.push_back(0);  // zero-terminated (§4.5: "nRF5x-UART0\0")
    return out;
}

// History day registers 0x1050 + N, N = 0..30 (§7.3, §7.6).
bool isHistoryDay(VregId id) {
    return id.value >= 0x1050 && id.value <= 0x106E;
}

// 0x0004 restore defaults is a command on every instance (§7.1, §4.4.8 code 3).
bool isCommand(VregId id) {
    if (id.value == 0x0004) return true;
    const auto* info = catalog::Catalog::builtin().find(id);
    return info != nullptr && info->access == catalog::Access::Command;
}

}  // namespace

void TableBackend::add(std::uint16_t id, Bytes value, TableAccess access) {
    entries_[VregId(id)] = Entry{std::move(value), access};
}

bool TableBackend::update(std::uint16_t id, Bytes value) {
    auto it = entries_.find(VregId(id));
    if (it == entries_.end() || it->second.value == value) return false;
    it->second.value = std::move(value);
    return true;
}

GetResult TableBackend::get(VregId id) {
    auto it = entries_.find(id);
    if (it == entries_.end()) return {std::nullopt, ble::vregerror::kUnknownVreg};
    if (it->second.access == TableAccess::Command)
        return {std::nullopt, ble::vregerror::kNotReadable};
    return {it->second.value, 0};
}

std::optional<std::uint32_t> TableBackend::set(VregId id, ByteView value) {
    auto it = entries_.find(id);
    if (it == entries_.end()) return setcode::kUnknown;
    switch (it->second.access) {
        case TableAccess::Read:
            return setcode::kReadOnly;
        case TableAccess::Command:
            return std::nullopt;  // executed, nothing stored
        case TableAccess::ReadWrite:
            break;
    }
    if (value.size() != it->second.value.size()) return setcode::kBadValue;
    it->second.value.assign(value.begin(), value.end());
    return std::nullopt;
}

void TableBackend::tick(std::chrono::milliseconds dt) {
    if (ticker_) ticker_(*this, dt);
}

GetResult ModelBackend::get(VregId id) {
    if (isCommand(id)) return {std::nullopt, ble::vregerror::kNotReadable};
    const auto frames = model_.handleFrame(vedirect::makeGet(id));
    // A GET response carries id (2), flags (1), value (§3.3 of vedirect.md).
    if (frames.empty() || frames[0].payload().size() < 3) {
        return {std::nullopt, ble::vregerror::kUnknownVreg};
    }
    const ByteView payload = frames[0].payload();
    if (payload[2] != 0) {
        // The MPPT answers a day not (yet) filled with flags 0x01: over BLE that is code 2.
        return {std::nullopt,
                isHistoryDay(id) ? ble::vregerror::kNotAvailable : ble::vregerror::kUnknownVreg};
    }
    return {Bytes(payload.begin() + 3, payload.end()), 0};
}

std::optional<std::uint32_t> ModelBackend::set(VregId id, ByteView value) {
    auto request = vedirect::makeSet(id, value);
    if (!request) return setcode::kBadValue;
    const auto frames = model_.handleFrame(*request);
    if (frames.empty() || frames[0].payload().size() < 3) return setcode::kUnknown;
    const std::uint8_t flags = frames[0].payload()[2];
    if (flags == 0) return std::nullopt;
    return static_cast<std::uint32_t>(flags);  // 1, 2, 4: see setcode
}

std::unique_ptr<TableBackend> makeBleChipBackend(std::uint64_t chipId) {
    auto t = std::make_unique<TableBackend>();
    t->add(0x0004, {}, TableAccess::Command);
    t->add(0x0109, le(chipId, 8));  // "8 unknown bytes" (§7.1)
    t->add(0x0150, le(1, 1));       // BLE capabilities: shunt 1
    t->add(0xEC12, {0x00, 0x00});   // VE.Smart network id
    t->add(0xEC13, Bytes(16, 0x00));
    t->add(0xEC14, {});  // network name empty = `40` (§4.5)
    t->add(0xEC15, le(0, 1));
    t->add(0xEC16, le(0, 1));
    t->add(0xEC30, le(0, 1));  // no devices in range
    Bytes list(33, 0xFF);      // version 1, address 0xFFFFFFFF ends the list (§7.1)
    list[0] = 0x01;
    t->add(0xEC31, list);
    t->add(0xEC3F, le(0, 1));  // default PIN
    t->add(0xEC65, Bytes{0x40, 0xAF, 0x92, 0x5D, 0x09, 0xA4, 0xD5, 0x05, 0x12, 0x34, 0x56, 0x78,
                         0x9A, 0xBC, 0xDE, 0xF0});
    t->add(0xEC66, le(chipId & 0xFFFFFFFFFFFF, 6));
    t->add(0xEC7D, le(1, 1), TableAccess::ReadWrite);
    t->setPushed({VregId(0xEC30), VregId(0xEC31)});
    return t;
}

std::unique_ptr<TableBackend> makeUartBridgeBackend() {
    auto t = std::make_unique<TableBackend>();
    t->add(0x0100, {0x00, 0x00, 0xFE, 0xFE});  // §4.3
    t->add(0x010C, text("nRF5x-UART0"));
    t->add(0x0142, le(1, 4));  // capabilities3: has tunnel support
    t->setPushed({});
    return t;
}

std::unique_ptr<TableBackend> makeOrionBackend(std::uint32_t seed) {
    auto t = std::make_unique<TableBackend>();
    using A = TableAccess;
    t->add(0x0004, {}, A::Command);
    t->add(0x0100, {0x00, 0xC0, 0xA3, 0xFF});  // Orion Smart 12/12-18 (§9.2 pid 0xA3C0)
    t->add(0x0101, {0x00, 0x01, 0x00});
    t->add(0x0102, {0x00, 0xFF, 0x12, 0x01});  // fw 1.12
    t->add(0x0105, le(0, 1));
    t->add(0x010A, text("HQ2150ORION"));
    t->add(0x0090, le(1, 1), A::ReadWrite);
    t->add(0x0091, le(0, 2), A::ReadWrite);
    t->add(0x0120, le(0, 4));
    t->add(0x0150, le(5, 1));
    t->add(0xEC3F, le(0, 1));
    t->add(0xEC12, {0x00, 0x00});
    t->add(0xED8D, le(1360, 2));  // output 13.60 V
    t->add(0xEDBB, le(1285 + seed % 10, 2));
    t->add(0xEDDB, le(3150, 2));  // 31.50 °C
    t->add(0x0201, le(3, 1));     // bulk
    t->add(0xEDDA, le(0, 1));
    t->add(0x0205, le(0, 1));
    t->add(0x0207, le(0, 4));
    t->add(0x0200, le(1, 1), A::ReadWrite);  // on
    t->add(0x0206, le(0, 1), A::ReadWrite);  // charger
    t->add(0x2211, le(1000, 2));
    t->add(0x2212, le(1500, 2));
    t->add(0x2222, le(800, 2));
    t->add(0x2223, le(1700, 2));
    t->add(0xEE14, le(1000, 2));
    t->add(0xEE15, le(1500, 2));
    t->add(0xEDE9, le(1220, 2), A::ReadWrite);
    t->add(0xEE36, le(1300, 2), A::ReadWrite);
    t->add(0xEE37, le(1350, 2), A::ReadWrite);
    t->add(0xEE38, le(1330, 2), A::ReadWrite);
    t->add(0xEE39, le(120, 4), A::ReadWrite);
    t->add(0x0320, le(1050, 2), A::ReadWrite);
    t->add(0x0321, le(1120, 2), A::ReadWrite);
    t->add(0xEDF1, le(1, 1), A::ReadWrite);
    t->add(0xEDF7, le(1440, 2), A::ReadWrite);
    t->add(0xEDF6, le(1380, 2), A::ReadWrite);
    t->add(0xEDFC, le(600, 2), A::ReadWrite);
    t->add(0xEDFE, le(1, 1), A::ReadWrite);
    t->add(0xEDFB, le(100, 2), A::ReadWrite);
    t->add(0xEDEF, le(12, 1));
    t->add(0xED2E, le(10, 2), A::ReadWrite);
    t->setPushed({VregId(0x0120), VregId(0xEDBB), VregId(0xEDDB)});  // §4.4.7 Orion
    auto uptimeMs = std::make_shared<std::uint64_t>(0);
    auto step = std::make_shared<std::uint32_t>(seed);
    t->setTicker([uptimeMs, step](TableBackend& table, std::chrono::milliseconds dt) {
        *uptimeMs += static_cast<std::uint64_t>(dt.count());
        table.update(0x0120, le(*uptimeMs / 1000, 4));
        *step = *step * 1103515245U + 12345U;  // input voltage wanders ±0.05 V
        table.update(0xEDBB, le(1280 + (*step >> 16) % 10, 2));
    });
    return t;
}

}  // namespace vreglink::sim::bluez
