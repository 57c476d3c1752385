// The two faces of vreg-sim: a VE.Direct product on a pty, or VictronConnect peripherals behind
// a test instance of BlueZ's D-Bus API. Each parses its own command line and returns the exit code.
#pragma once

namespace vreglink::simapp {

// vreg-sim <model> --pty PATH [options]
int runSerialSim(int argc, char** argv);
// vreg-sim ble <model>... [--address A]... [--pin N] [options]; argv[0] is "ble".
int runBleSim(int argc, char** argv);

}  // namespace vreglink::simapp
