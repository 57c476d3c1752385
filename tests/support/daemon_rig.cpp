#include "daemon_rig.h"

#include <thread>

namespace vreglink::testing {

DaemonRig::DaemonRig() = default;

DaemonRig::~DaemonRig() {
    daemon_.reset();  // the daemon first, so it sees no simulator vanish under it
    sims_.clear();
}

bool DaemonRig::startSim(const std::string& model, const std::string& name,
                         const std::vector<std::string>& extra) {
    std::vector<std::string> argv{binaryPath("apps/vreg-sim/vreg-sim"),
                                  model,
                                  "--pty",
                                  dir_.file(name),
                                  "--no-pacing",
                                  "--reply-delay",
                                  "5",
                                  "--control",
                                  dir_.file(name + ".ctl")};
    argv.insert(argv.end(), extra.begin(), extra.end());
    auto process = std::make_unique<BackgroundProcess>(argv);
    const bool ready = process->waitForOutput("vreg-sim:", std::chrono::seconds(10));
    sims_[name] = std::move(process);
    return ready;
}

std::string DaemonRig::control(const std::string& name, const std::string& line) const {
    return controlRequest(dir_.file(name + ".ctl"), line).value_or("<no answer>");
}

void DaemonRig::startDaemon(const std::vector<std::string>& args) {
    std::vector<std::string> argv{binaryPath("apps/vreglinkd/vreglinkd"), "--bus", address()};
    argv.insert(argv.end(), args.begin(), args.end());
    daemon_ = std::make_unique<BackgroundProcess>(argv);
}

int DaemonRig::stopDaemon() {
    const int code = daemon_ ? daemon_->stop() : -1;
    daemon_.reset();
    return code;
}

CommandResult DaemonRig::busctl(const std::vector<std::string>& args) const {
    std::vector<std::string> argv{"/usr/bin/busctl", "--address=" + address()};
    argv.insert(argv.end(), args.begin(), args.end());
    return runCommand(argv, std::chrono::seconds(30));
}

CommandResult DaemonRig::dbusSend(const std::vector<std::string>& args) const {
    std::vector<std::string> argv{"/usr/bin/dbus-send", "--bus=" + address(), "--print-reply"};
    argv.insert(argv.end(), args.begin(), args.end());
    return runCommand(argv, std::chrono::seconds(30));
}

bool DaemonRig::hasName(const std::string& name) const {
    const auto list = busctl({"list", "--no-pager", "--no-legend"});
    // Lines start with the name followed by spaces.
    return list.out.find(name + " ") != std::string::npos;
}

bool DaemonRig::waitForName(const std::string& name, bool present,
                            std::chrono::milliseconds limit) const {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        if (hasName(name) == present) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
}

std::string DaemonRig::getVreg(const std::string& service, const std::string& id) const {
    return busctl({"call", service, "/Devices/0/VregLink", "com.victronenergy.VregLink", "GetVreg",
                   "q", id})
        .out;
}

std::string DaemonRig::setVreg(const std::string& service, const std::string& id,
                               const std::vector<std::string>& bytes) const {
    std::vector<std::string> args{
        "call", service, "/Devices/0/VregLink",       "com.victronenergy.VregLink", "SetVreg",
        "qay",  id,      std::to_string(bytes.size())};
    args.insert(args.end(), bytes.begin(), bytes.end());
    return busctl(args).out;
}

}  // namespace vreglink::testing
