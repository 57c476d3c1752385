// A private, real dbus-daemon for a test: its own config and socket in a temp folder, stopped
// with the test. Its address goes to the code under test (explicitly, or through
// DBUS_SYSTEM_BUS_ADDRESS for programs that use the system bus).
#pragma once

#include "process.h"

#include <memory>
#include <string>

namespace vreglink::testing {

class DbusDaemon {
  public:
    DbusDaemon();   // starts it; check ok()
    ~DbusDaemon();  // stops it
    bool ok() const { return !address_.empty(); }
    const std::string& address() const { return address_; }  // "unix:path=/tmp/…/bus"

  private:
    TempDir dir_;
    std::unique_ptr<BackgroundProcess> daemon_;
    std::string address_;
};

}  // namespace vreglink::testing
