#include "dbus_daemon.h"

#include <chrono>
#include <fstream>

namespace vreglink::testing {

DbusDaemon::DbusDaemon() {
    const std::string socket = dir_.file("bus");
    const std::string config = dir_.file("bus.conf");
    // A session-type bus that lets everyone own and call everything: the tests check the
    // daemon's behaviour, not the system policy (packaging/ has that, checked separately).
    std::ofstream(config)
        << R"(<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=)"
        << socket << R"(</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
)";
    daemon_ = std::make_unique<BackgroundProcess>(
        std::vector<std::string>{"/usr/bin/dbus-daemon", "--nofork", "--nopidfile",
                                 "--config-file=" + config, "--print-address=1"});
    if (daemon_->waitForOutput("\n", std::chrono::seconds(10))) {
        address_ = "unix:path=" + socket;
    }
}

DbusDaemon::~DbusDaemon() {
    daemon_.reset();
}

}  // namespace vreglink::testing
