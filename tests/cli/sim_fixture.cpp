#include "sim_fixture.h"

#include <sstream>

namespace vreglink::testing {

void SimFixture::startSim(const std::string& model, const std::vector<std::string>& extra) {
    port_ = dir_.file(model);
    controlPath_ = dir_.file("control");
    std::vector<std::string> argv{
        binaryPath("apps/vreg-sim/vreg-sim"), model, "--pty", port_, "--control", controlPath_};
    argv.insert(argv.end(), extra.begin(), extra.end());
    sim_ = std::make_unique<BackgroundProcess>(argv);
    ASSERT_TRUE(sim_->waitForOutput("vreg-sim:", std::chrono::seconds(10)))
        << "vreg-sim did not start: " << sim_->output();
}

CommandResult SimFixture::vreg(std::vector<std::string> args, std::chrono::milliseconds limit,
                               const std::optional<std::string>& input) {
    std::vector<std::string> argv{binaryPath("apps/vreg/vreg")};
    for (auto& a : args) argv.push_back(a == "PORT" ? port_ : a);
    return runCommand(argv, limit, input);
}

std::string SimFixture::control(const std::string& line) {
    return controlRequest(controlPath_, line).value_or("<no control connection>");
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty()) out.push_back(line);
    }
    return out;
}

}  // namespace vreglink::testing
