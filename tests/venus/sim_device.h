// A real `vreg-sim` on a pty with a VeDirectDevice on it, and helpers to run the event loop.
#pragma once

#include "device/device_identity.h"
#include "device/vedirect_device.h"
#include "process.h"

#include <gtest/gtest.h>
#include <asio/io_context.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace vreglink::testing {

class SimDeviceTest : public ::testing::Test {
  protected:
    // `vreg-sim MODEL --pty … --control … --no-pacing`, then opens a VeDirectDevice on it.
    void startSim(const std::string& model, const std::vector<std::string>& extra = {});
    // Runs the loop until `done` is true or `limit` passes; returns done().
    bool runUntil(const std::function<bool()>& done,
                  std::chrono::milliseconds limit = std::chrono::seconds(10));
    void runFor(std::chrono::milliseconds duration);
    std::string control(const std::string& line);
    // The identity as device::readIdentity reads it (fails the test when it cannot).
    std::optional<device::DeviceIdentity> identify();

    asio::io_context io_;
    TempDir dir_;
    std::string port_;
    std::string controlPath_;
    std::unique_ptr<BackgroundProcess> sim_;
    std::unique_ptr<device::VeDirectDevice> device_;
};

}  // namespace vreglink::testing
