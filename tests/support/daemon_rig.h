// End-to-end rig for vreglinkd (issue 3 "Tests"): a real private dbus-daemon, real vreg-sim
// devices behind ptys, the real vreglinkd binary, and clients typed as a user types them
// (busctl, dbus-send).
#pragma once

#include "dbus_daemon.h"
#include "process.h"

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace vreglink::testing {

class DaemonRig {
  public:
    DaemonRig();
    ~DaemonRig();

    bool ok() const { return bus_.ok(); }
    const std::string& address() const { return bus_.address(); }
    const TempDir& dir() const { return dir_; }

    // vreg-sim MODEL --pty DIR/NAME --no-pacing --reply-delay 5 --control DIR/NAME.ctl [extra]
    bool startSim(const std::string& model, const std::string& name,
                  const std::vector<std::string>& extra = {});
    BackgroundProcess& sim(const std::string& name) { return *sims_.at(name); }
    std::string ptyPath(const std::string& name) const { return dir_.file(name); }
    // A line to the simulator's control socket ("get 0xEDF0", "writes 0xEDF0", "silent on").
    std::string control(const std::string& name, const std::string& line) const;

    // vreglinkd --bus ADDRESS [args]
    void startDaemon(const std::vector<std::string>& args);
    BackgroundProcess& daemon() { return *daemon_; }
    int stopDaemon();

    // Polls `busctl list` until `name` is (or is no longer) on the bus.
    bool waitForName(const std::string& name, bool present = true,
                     std::chrono::milliseconds limit = std::chrono::seconds(15)) const;
    bool hasName(const std::string& name) const;

    // busctl --address=ADDRESS ARGS… (as typed), dbus-send --address=ADDRESS --print-reply ARGS…
    CommandResult busctl(const std::vector<std::string>& args) const;
    CommandResult dbusSend(const std::vector<std::string>& args) const;
    // busctl call SERVICE /Devices/0/VregLink com.victronenergy.VregLink GetVreg q ID -> stdout
    std::string getVreg(const std::string& service, const std::string& id) const;
    std::string setVreg(const std::string& service, const std::string& id,
                        const std::vector<std::string>& bytes) const;

  private:
    TempDir dir_;
    DbusDaemon bus_;
    std::map<std::string, std::unique_ptr<BackgroundProcess>> sims_;
    std::unique_ptr<BackgroundProcess> daemon_;
};

}  // namespace vreglink::testing
