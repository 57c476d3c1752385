// The `vreg` subcommands. Each returns the process exit code (output.h).
#pragma once

#include "device_connection.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace vreglink::cli {

struct GlobalOptions {
    bool json = false;
    ConnectionOptions connection;
};

// vreg scan: nearby Victron Bluetooth devices (BlueZ discovery for `seconds`).
int runScan(const GlobalOptions& g, double seconds);
// vreg --dbus list: one line per vreglinkd service; with --mqtt runMqttList.
int runList(const GlobalOptions& g);
// vreg --mqtt HOST [--portal ID] list: the devices of every vreglinkd on the broker (or of one).
int runMqttList(const GlobalOptions& g);
int runInfo(const GlobalOptions& g, const std::string& port);
int runGet(const GlobalOptions& g, const std::string& port, const std::vector<std::string>& regs);

struct SetOptions {
    std::string reg;
    std::string value;               // human value, or empty with raw
    std::optional<std::string> raw;  // --raw HEX
    bool force = false;              // write a register the catalog marks read-only
};
int runSet(const GlobalOptions& g, const std::string& port, const SetOptions& o);

struct DumpOptions {
    std::optional<std::string> family;  // override the family found from the product id
    bool all = false;                   // every catalog register, not just the family's
};
int runDump(const GlobalOptions& g, const std::string& port, const DumpOptions& o);

struct MonitorOptions {
    double seconds = 0;  // 0 = until interrupted
};
int runMonitor(const GlobalOptions& g, const std::string& port, const MonitorOptions& o);
// vreg --dbus monitor SERVICE: the service's Venus items (GetItems, then ItemsChanged).
int runDbusMonitor(const GlobalOptions& g, DeviceConnection& connection, const MonitorOptions& o);
// Both monitors: runs the loop until SIGINT/SIGTERM or o.seconds, calling `refresh` every turn.
void runMonitorLoop(DeviceConnection& connection, const MonitorOptions& o,
                    const std::function<void()>& refresh);

int runBackup(const GlobalOptions& g, const std::string& port,
              const std::optional<std::string>& out);

struct RestoreOptions {
    std::string file;
    bool yes = false;    // don't ask
    bool force = false;  // restore onto a different product
    bool dryRun = false;
};
int runRestore(const GlobalOptions& g, const std::string& port, const RestoreOptions& o);

struct DecodeOptions {
    std::string file;
    bool vedirect = false;
    bool json = false;  // Bluetooth captures: JSON lines instead of the table
    bool summary = false;
};
int runDecode(const GlobalOptions& g, const DecodeOptions& o);
// The Bluetooth part (btsnoop/pcap), in cmd_decode_ble.cpp.
int runDecodeBluetooth(const DecodeOptions& o);

// Shared by the commands that talk to a device: opens it or prints why not.
std::unique_ptr<DeviceConnection> connectOrReport(const GlobalOptions& g, const std::string& port);

}  // namespace vreglink::cli
