// The simulated VictronConnect peripherals (issue 4 part 5; ble-gatt.md §5.5) hosted in the BlueZ
// simulator on a private dbus-daemon, driven by the real client link (link::BleLink) and the
// codec: requests encoded and chunked like the app does, answers reassembled and decoded.
#include "sim/bluez/victron_peripheral.h"
#include "ble/chunker.h"
#include "ble/message_encoder.h"
#include "ble/transfer_assembler.h"
#include "bluez_rig.h"
#include "link/ble_link.h"
#include "run_loop.h"
#include "sim/bluez/bluez_simulator.h"

#include <gtest/gtest.h>
#include <asio/io_context.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace vreglink::testing {
namespace {

using namespace std::chrono_literals;
using ble::Instance;
constexpr const char* kAddress = "C0:FF:EE:00:00:05";

// The client side: link events, CTRL bytes, and D→H transfers decoded with the codec (§5.1).
struct Client final : link::BleLinkListener, ble::TransferHandler {
    void onBleReady(std::size_t chunkSize) override {
        ++ready;
        chunk = chunkSize;
    }
    void onBleNotification(link::GattChannel channel, ByteView data) override {
        if (channel == link::GattChannel::Ctrl) {
            ctrl.emplace_back(data.begin(), data.end());
            return;
        }
        if (channel == link::GattChannel::More) ++moreChunks;
        if (channel == link::GattChannel::Last) lastChunks.emplace_back(data.begin(), data.end());
        assembler.feed(
            channel == link::GattChannel::More ? ble::ChunkKind::More : ble::ChunkKind::Last, data,
            std::chrono::steady_clock::now());
    }
    void onBleLost(std::string_view reason, bool /*fatal*/) override {
        losses.emplace_back(reason);
    }
    void onTransfer(const ble::DecodedTransfer& t) override {
        EXPECT_FALSE(t.error.has_value());
        ++transfers;
        for (const auto& m : t.messages) messages.push_back(m);
    }

    ble::TransferAssembler assembler{*this};
    int ready = 0;
    std::size_t chunk = 0;
    std::vector<Bytes> ctrl;
    std::vector<Bytes> lastChunks;
    int moreChunks = 0;
    int transfers = 0;
    std::vector<ble::Message> messages;
    std::vector<std::string> losses;
};

class VictronPeripheralTest : public ::testing::Test {
  protected:
    void SetUp() override {
        const auto started = rig_.start();
        ASSERT_FALSE(started) << *started;
    }
    void TearDown() override {
        if (link_) link_->stop();
        link_.reset();
        rig_.io().restart();
        rig_.io().run_for(20ms);
    }

    // Hosts `model` and connects the real link to it (pairing with PIN 000000 by default).
    void connect(std::string_view model, std::optional<std::uint32_t> pin = 0U) {
        auto p = sim::bluez::makeVictronPeripheral(rig_.io(), model, kAddress, pin, 7);
        ASSERT_NE(p, nullptr);
        peripheral_ = p.get();
        ASSERT_FALSE(rig_.add(std::move(p), false));
        link_ = std::make_unique<link::BleLink>(rig_.io(), *link::BleAddress::parse(kAddress),
                                                rig_.linkOptions(pin), client_);
        link_->start();
        ASSERT_TRUE(runUntil([&] { return client_.ready == 1; }));
    }
    bool runUntil(const std::function<bool()>& done, std::chrono::milliseconds limit = 10s) {
        return rig_.runUntil(done, limit);
    }
    // One H→D transfer, chunked at the link's chunk size: MORE…, LAST (§5.2).
    void send(const std::vector<ble::Message>& messages) {
        const Bytes transfer = ble::encodeTransfer(messages);
        const ble::Chunker chunker(client_.chunk + ble::kAttHeader);
        for (const ble::Chunk& c : chunker.split(transfer)) {
            ASSERT_TRUE(link_->write(
                c.kind == ble::ChunkKind::More ? link::GattChannel::More : link::GattChannel::Last,
                c.bytes));
        }
        ++sent_;
    }
    // Sends and waits for `count` answer messages beyond those already received.
    std::vector<ble::Message> exchange(const std::vector<ble::Message>& messages,
                                       std::size_t count = 1) {
        const std::size_t mark = client_.messages.size();
        send(messages);
        EXPECT_TRUE(runUntil([&] { return client_.messages.size() >= mark + count; }));
        return {client_.messages.begin() + static_cast<std::ptrdiff_t>(mark),
                client_.messages.end()};
    }
    // The first answer about (instance, vreg) among `answers`: a Value or a VregError.
    template <typename T>
    static std::optional<T> find(const std::vector<ble::Message>& answers, std::uint32_t inst,
                                 std::uint16_t vreg) {
        for (const auto& m : answers) {
            if (const auto* v = std::get_if<T>(&m);
                v != nullptr && v->instance == Instance(inst) && v->vreg == VregId(vreg)) {
                return *v;
            }
        }
        return std::nullopt;
    }
    // The VregError code about (instance, vreg); 999 when there is none.
    static std::uint32_t code(const std::vector<ble::Message>& answers, std::uint32_t inst,
                              std::uint16_t vreg) {
        const auto e = find<ble::VregError>(answers, inst, vreg);
        return e ? e->code : 999U;
    }
    static ble::GetValues get(std::uint32_t inst, std::vector<std::uint16_t> vregs) {
        ble::GetValues g{Instance(inst), {}};
        for (auto v : vregs) g.vregs.emplace_back(v);
        return g;
    }

    BluezRig rig_;
    sim::bluez::VictronPeripheral* peripheral_ = nullptr;
    Client client_;
    std::unique_ptr<link::BleLink> link_;
    int sent_ = 0;
};

TEST_F(VictronPeripheralTest, AdvertisesAsASmartShunt) {
    auto p = sim::bluez::makeVictronPeripheral(rig_.io(), "smartshunt", kAddress, std::nullopt, 1);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->name().rfind("SmartShunt HQ", 0), 0U) << p->name();
    EXPECT_EQ(p->passkey(), std::nullopt);
    const auto data = p->manufacturerData().at(0x02E1);
    ASSERT_GE(data.size(), 8U);
    EXPECT_EQ(data[0], 0x10);
    EXPECT_EQ(data[2], 0x89);  // product id 0xA389 LE (§9.2)
    EXPECT_EQ(data[3], 0xA3);
    EXPECT_EQ(data[4], 0x02);  // battery monitor record
    EXPECT_EQ(sim::bluez::makeVictronPeripheral(rig_.io(), "toaster", kAddress, 0U, 1), nullptr);
    EXPECT_EQ(sim::bluez::makeVictronPeripheral(rig_.io(), "smartsolar", kAddress, 0U, 1)
                  ->name()
                  .rfind("SmartSolar HQ", 0),
              0U);
}

TEST_F(VictronPeripheralTest, GetDevicesIsAnsweredByteForByte) {
    connect("smartshunt");
    const auto answers = exchange({ble::GetDevices{}});
    ASSERT_FALSE(client_.lastChunks.empty());
    // §4.4.2 / §5.5 step 3.
    EXPECT_EQ(client_.lastChunks.back(),
              (Bytes{0x02, 0x9F, 0x00, 0x00, 0x01, 0x00, 0x03, 0x01, 0xFF}));
}

TEST_F(VictronPeripheralTest, SubscribeIsAcknowledgedAndPushesFollow) {
    connect("smartshunt");
    const auto answers = exchange({ble::Subscribe{Instance(3), std::nullopt}});
    ASSERT_FALSE(answers.empty());
    EXPECT_EQ(answers[0], (ble::Message{ble::CommandStatus{Instance(0), 3, 0}}));  // `07 00 03 00`
    const std::size_t mark = client_.messages.size();
    ASSERT_TRUE(runUntil(
        [&] {
            for (std::size_t i = mark; i < client_.messages.size(); ++i) {
                const auto* v = std::get_if<ble::Value>(&client_.messages[i]);
                if (v != nullptr && v->instance == Instance(3)) return true;
            }
            return false;
        },
        5s));  // §4.4.7: about once a second
}

TEST_F(VictronPeripheralTest, GetReadsTheModelsRegisterStore) {
    connect("smartshunt");
    auto& store = peripheral_->model()->registers();
    ASSERT_TRUE(store.force(VregId(0xED8D), Bytes{0x05, 0x05}));  // 12.85 V, pinned
    const auto answers = exchange({get(3, {0xED8D})});
    const auto v = find<ble::Value>(answers, 3, 0xED8D);
    ASSERT_TRUE(v);
    EXPECT_EQ(v->payload, *store.value(VregId(0xED8D)));
    EXPECT_EQ(v->payload, (Bytes{0x05, 0x05}));
}

TEST_F(VictronPeripheralTest, MultiChunkRequestAndAnswerAtMtu23) {
    connect("smartshunt");
    ASSERT_EQ(client_.chunk, 20U);
    std::vector<ble::Message> requests;  // like the app: one register per Get (§3.1 step 9)
    const std::vector<std::uint16_t> ids{0x0100, 0x0102, 0x010A, 0xED8D, 0xED8F,
                                         0xED8C, 0x0FFF, 0x0FFE, 0x1000, 0xEEFF};
    for (auto id : ids) requests.emplace_back(get(3, {id}));
    ASSERT_GT(ble::encodeTransfer(requests).size(), 40U);  // three chunks or more
    const int moreBefore = client_.moreChunks;
    const auto answers = exchange(requests, ids.size());
    for (auto id : ids) EXPECT_TRUE(find<ble::Value>(answers, 3, id)) << std::hex << id;
    EXPECT_GT(client_.moreChunks, moreBefore);  // the answer came as MORE… LAST
}

TEST_F(VictronPeripheralTest, SetIsStoredAndReadBack) {
    connect("smartshunt");
    const auto answers =
        exchange({ble::SetValue{Instance(3), VregId(0x1000), Bytes{0x63, 0x00}}});  // 99 Ah
    const auto echo = find<ble::Value>(answers, 3, 0x1000);                         // §4.4.5 [G]
    ASSERT_TRUE(echo);
    EXPECT_EQ(echo->payload, (Bytes{0x63, 0x00}));
    EXPECT_EQ(peripheral_->model()->registers().intValue(VregId(0x1000)), 99);
    const auto read = find<ble::Value>(exchange({get(3, {0x1000})}), 3, 0x1000);
    ASSERT_TRUE(read);
    EXPECT_EQ(read->payload, (Bytes{0x63, 0x00}));
}

TEST_F(VictronPeripheralTest, SetWithTheWrongLengthIsRefused) {
    connect("smartshunt");
    auto& store = peripheral_->model()->registers();
    const Bytes before = *store.value(VregId(0x1000));
    const auto answers = exchange({ble::SetValue{Instance(3), VregId(0x1000), Bytes{0x63}}});
    const auto error = find<ble::VregError>(answers, 3, 0x1000);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->code, sim::bluez::setcode::kBadValue);
    EXPECT_EQ(*store.value(VregId(0x1000)), before);
    EXPECT_EQ(store.writeCount(VregId(0x1000)), 0U);
}

TEST_F(VictronPeripheralTest, ErrorCodesForHistoryCommandsAndUnknownRegisters) {
    connect("smartsolar");
    const auto answers =
        exchange({get(3, {0x1050, 0x106E, 0x1030, 0x0004, 0xBEEF}), get(0, {0x010A, 0x0004})}, 7);
    EXPECT_TRUE(find<ble::Value>(answers, 3, 0x1050));  // today exists
    // §4.4.8: 2 = history day not filled, 3 = write-only command, 1 = unknown.
    EXPECT_EQ(code(answers, 3, 0x106E), ble::vregerror::kNotAvailable);
    EXPECT_EQ(code(answers, 3, 0x1030), ble::vregerror::kNotReadable);
    EXPECT_EQ(code(answers, 3, 0x0004), ble::vregerror::kNotReadable);
    EXPECT_EQ(code(answers, 3, 0xBEEF), ble::vregerror::kUnknownVreg);
    EXPECT_EQ(code(answers, 0, 0x010A), ble::vregerror::kUnknownVreg);
    EXPECT_EQ(code(answers, 0, 0x0004), ble::vregerror::kNotReadable);
}

TEST_F(VictronPeripheralTest, BridgeInstanceDescribesItself) {
    connect("smartsolar");
    const auto answers = exchange({get(1, {0x010C, 0x0100}), get(0, {0x0109})}, 3);
    const auto desc = find<ble::Value>(answers, 1, 0x010C);
    ASSERT_TRUE(desc);
    EXPECT_EQ(std::string(desc->payload.begin(), desc->payload.end()),
              std::string("nRF5x-UART0\0", 12));
    EXPECT_EQ(find<ble::Value>(answers, 1, 0x0100)->payload, (Bytes{0x00, 0x00, 0xFE, 0xFE}));
    EXPECT_EQ(find<ble::Value>(answers, 0, 0x0109)->payload.size(), 8U);
}

TEST_F(VictronPeripheralTest, CtrlAcknowledgesEveryTransfer) {
    connect("smartshunt");
    exchange({ble::GetDevices{}});
    exchange({get(3, {0xED8D})});
    send({get(3, {0xED8D}), get(3, {0xED8F}), get(3, {0xED8C})});  // multi-chunk
    ASSERT_TRUE(runUntil([&] { return client_.ctrl.size() >= static_cast<std::size_t>(sent_); }));
    EXPECT_FALSE(
        runUntil([&] { return client_.ctrl.size() > static_cast<std::size_t>(sent_); }, 300ms));
    for (const auto& c : client_.ctrl) EXPECT_EQ(c, (Bytes{0xF9, 0x01}));  // §2.3
}

TEST_F(VictronPeripheralTest, KeepAliveExpiryDropsTheLink) {
    connect("smartshunt");
    const auto answers = exchange({ble::SetValue{Instance(0), VregId(0x0093), Bytes{0xF4, 0x01}}});
    EXPECT_TRUE(find<ble::Value>(answers, 0, 0x0093));  // accepted: 500 ms
    EXPECT_TRUE(peripheral_->keepAliveArmed());
    ASSERT_TRUE(runUntil([&] { return !client_.losses.empty(); }, 5s));  // §3.3
    EXPECT_EQ(peripheral_->counters().keepAliveExpiries, 1U);
}

TEST_F(VictronPeripheralTest, KeepAliveRefreshedInTimeKeepsTheLink) {
    connect("smartshunt");
    for (int i = 0; i < 6; ++i) {
        exchange({ble::SetValue{Instance(0), VregId(0x0093), Bytes{0xE8, 0x03}}});  // 1000 ms
        runUntil([] { return false; }, 200ms);
    }
    EXPECT_TRUE(client_.losses.empty());
    EXPECT_EQ(peripheral_->counters().keepAliveExpiries, 0U);
}

TEST_F(VictronPeripheralTest, The2021SmartShuntRejectsTheKeepAlive) {
    connect("smartshunt");
    peripheral_->setRejectKeepAlive(true);
    const auto answers = exchange({ble::SetValue{Instance(0), VregId(0x0093), Bytes{0xF4, 0x01}}});
    const auto error = find<ble::VregError>(answers, 0, 0x0093);  // `09 00 18 93 01`
    ASSERT_TRUE(error);
    EXPECT_EQ(error->code, 1U);
    EXPECT_FALSE(peripheral_->keepAliveArmed());
    EXPECT_FALSE(runUntil([&] { return !client_.losses.empty(); }, 1500ms));
}

TEST_F(VictronPeripheralTest, OrionIsSingleChip) {
    connect("orion", 123456U);
    const auto answers = exchange({ble::GetDevices{}, get(0, {0xEDBB, 0x0206})}, 3);
    const auto* list = std::get_if<ble::DeviceList>(&answers[0]);
    ASSERT_NE(list, nullptr);
    EXPECT_EQ(list->entries, (std::vector<std::uint32_t>{0, 0}));
    EXPECT_TRUE(find<ble::Value>(answers, 0, 0xEDBB));
    // §3.2: device function power supply.
    const auto set = exchange({ble::SetValue{Instance(0), VregId(0x0206), Bytes{0x01}}});
    EXPECT_EQ(find<ble::Value>(set, 0, 0x0206)->payload, (Bytes{0x01}));
    exchange({ble::Subscribe{Instance(0), std::nullopt}});
    const std::size_t mark = client_.messages.size();
    EXPECT_TRUE(runUntil(
        [&] {
            for (std::size_t i = mark; i < client_.messages.size(); ++i) {
                if (const auto* v = std::get_if<ble::Value>(&client_.messages[i]);
                    v != nullptr && v->vreg == VregId(0x0120)) {
                    return true;
                }
            }
            return false;
        },
        5s));  // uptime pushed every second (§4.4.7)
}

}  // namespace
}  // namespace vreglink::testing
