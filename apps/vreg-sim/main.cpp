// vreg-sim: simulated Victron products for demos and tests, without hardware.
//   vreg-sim <model> --pty PATH [options]          a VE.Direct product on a pty (vedirect.md §4)
//   vreg-sim ble <model>... [options]              Bluetooth peripherals behind org.bluez
//                                                  on the system bus (ble-gatt.md §5.5)
#include "sim_commands.h"

#include <string_view>

int main(int argc, char** argv) {
    // `ble` as the first word selects the Bluetooth simulator; its models and options differ
    // enough that one CLI11 parser for both would make either's --help unreadable.
    if (argc > 1 && std::string_view(argv[1]) == "ble") {
        return vreglink::simapp::runBleSim(argc - 1, argv + 1);
    }
    return vreglink::simapp::runSerialSim(argc, argv);
}
