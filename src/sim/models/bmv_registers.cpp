// BMV-712 Smart / SmartShunt register table. Settings 0x1000–0x100B with the BMV's own
// factory defaults (C3: capacity 200 Ah); alarm levels 0x0320–0x0329; relay 0x034D–0x034F
// (BMV only); history 0x0300–0x0311 (sn32/un32 as velib types them).
#include "sim/models/bmv_model.h"
#include "sim/models/register_helpers.h"

namespace vreglink::sim {

using namespace regs;

void BmvModel::addRegisters() {
    auto& s = store_;
    auto add = [&](std::uint16_t id, W type, std::int64_t v, RegisterOptions o = {}) {
        s.addInt(VregId(id), type, v, std::move(o));
    };
    const auto k = static_cast<std::int64_t>(nominal_);
    addIdentity(smartShunt_ ? 0x00000000 : 0x00020000);  // b17 alarm relay on the BMV [?]

    // Live values.
    add(0x0FFF, W::Un16, 9075);
    add(0x0FFE, W::Un16, 0xFFFF);
    add(0x0FFD, W::Un8, 1, nvm(0, 1));
    add(0xEEFF, W::Sn32, -185);
    add(0xED8D, W::Sn16, 1281 * k);
    add(0xED8F, W::Sn16, -33);
    add(0xED8C, W::Sn32, -3250);
    add(0xED8E, W::Sn16, -42);
    add(0xED7D, W::Sn16, 0x7FFF);  // H31: n/a unless aux = starter voltage
    add(0x0382, W::Un16, 0xFFFF);
    add(0x0383, W::Sn16, 0x7FFF);
    add(0xEDEC, W::Un16, 0xFFFF);
    add(0xEEB6, W::Un8, 1);
    add(0xEEB8, W::Sn16, 0, nvm(-9, 8));  // MON (§2.6)
    // Aux input: BMV 0 starter / 1 mid-point / 2 temperature / 3 none; SmartShunt has no
    // mid-point option (§2.6).
    add(0xEEF8, W::Un8, smartShunt_ ? 2 : 0,
        smartShunt_ ? nvmEnum({0, 2, 3}) : nvmEnum({0, 1, 2, 3}));
    add(0xEEFA, W::Un16, 50, nvm(1, 75));
    add(0xEEFB, W::Un16, 500, nvm(1, 9999));

    // Battery settings (BMV HEX compatible, NVM).
    add(0x1000, W::Un16, 200, nvm(1, 9999));  // C3: 200 Ah
    add(0x1001, W::Un16, 132 * k, nvm(0, 950));
    add(0x1002, W::Un16, 40, nvm(5, 100));
    add(0x1003, W::Un16, 3, nvm(1, 50));
    add(0x1004, W::Un16, 95, nvm(50, 100));
    add(0x1005, W::Un16, 125, nvm(100, 150));
    add(0x1006, W::Un16, 10, nvm(0, 200));
    add(0x1007, W::Un16, 3, nvm(0, 12));
    add(0x1008, W::Un16, 500, nvm(0, 990));
    add(0x1009, W::Un16, 900, nvm(0, 990));
    add(0x100A, W::Un16, 0, nvm(0, 500));
    add(0x100B, W::Un16, 0, nvm(0, 500));

    // Alarms (0.01 V on BMV-71x/SmartShunt; 0 = disabled).
    add(0x031C, W::Un16, 0);
    add(0x031D, W::Un8, 0);
    add(0x031E, W::Un16, 0);
    add(0x0320, W::Un16, 1150 * k, nvm(0, 9500));
    add(0x0321, W::Un16, 1200 * k, nvm(0, 9500));
    add(0x0322, W::Un16, 0, nvm(0, 9500));
    add(0x0323, W::Un16, 0, nvm(0, 9500));
    add(0x0324, W::Un16, 0, nvm(0, 9500));
    add(0x0325, W::Un16, 0, nvm(0, 9500));
    add(0x0326, W::Un16, 0, nvm(0, 9500));
    add(0x0327, W::Un16, 0, nvm(0, 9500));
    add(0x0328, W::Un16, 0, nvm(0, 1000));
    add(0x0329, W::Un16, 0, nvm(0, 1000));

    if (!smartShunt_) {
        add(0x034D, W::Un8, 0, nvm(0, 1));
        add(0x034E, W::Un8, 0, ram(0, 1));  // obeyed only in relay mode 2 (remote)
        add(0x034F, W::Un8, 0, nvmEnum({0, 1, 2}));
        for (std::uint16_t id = 0xEEE0; id <= 0xEEE8; ++id) add(id, W::Un8, 1, nvm(0, 1));
        add(0xEEF6, W::Un8, 0, nvm(0, 1));
        add(0xEEF7, W::Un8, 0, nvm(0, 1));
        add(0xEEFC, W::Un8, 1, nvm(0, 1));
        add(0xEEFE, W::Un8, 5, nvm(0, 9));
    }

    // History 0x0300–0x0311.
    for (std::uint16_t id = 0x0300; id <= 0x030F; ++id) add(id, W::Sn32, 0);
    add(0x0310, W::Un32, 0);
    add(0x0311, W::Un32, 0);

    // Battery monitors push a few live values once the host has talked HEX (§3.5 [P]).
    setAsyncRegisters({VregId(0xED8D), VregId(0xED8F), VregId(0x0FFF), VregId(0xEEFF)});
}

}  // namespace vreglink::sim
