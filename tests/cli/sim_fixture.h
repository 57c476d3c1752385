// A running `vreg-sim` behind a pty symlink, and `vreg` invocations against it.
#pragma once

#include "process.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace vreglink::testing {

class SimFixture : public ::testing::Test {
  protected:
    // Starts `vreg-sim <model> --pty DIR/port --control DIR/control <extra…>`.
    void startSim(const std::string& model, const std::vector<std::string>& extra = {});
    // Runs `vreg <args…>` with PORT substituted for the literal "PORT".
    CommandResult vreg(std::vector<std::string> args,
                       std::chrono::milliseconds limit = std::chrono::seconds(30),
                       const std::optional<std::string>& input = std::nullopt);
    // One line to the simulator's control socket (get/set/writes/silent/disappear…).
    std::string control(const std::string& line);

    TempDir dir_;
    std::string port_;
    std::string controlPath_;
    std::unique_ptr<BackgroundProcess> sim_;
};

// Every line of `text` that parses as JSON, for --json output.
std::vector<std::string> lines(const std::string& text);

}  // namespace vreglink::testing
