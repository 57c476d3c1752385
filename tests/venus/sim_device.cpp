#include "sim_device.h"

#include <asio/steady_timer.hpp>

namespace vreglink::testing {

void SimDeviceTest::startSim(const std::string& model, const std::vector<std::string>& extra) {
    port_ = dir_.file(model);
    controlPath_ = dir_.file("control");
    std::vector<std::string> argv{binaryPath("apps/vreg-sim/vreg-sim"),
                                  model,
                                  "--pty",
                                  port_,
                                  "--control",
                                  controlPath_,
                                  "--no-pacing"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    sim_ = std::make_unique<BackgroundProcess>(argv);
    ASSERT_TRUE(sim_->waitForOutput("vreg-sim:", std::chrono::seconds(10)))
        << "vreg-sim did not start: " << sim_->output();
    device_ = std::make_unique<device::VeDirectDevice>(io_, port_);
    const auto error = device_->open();
    ASSERT_FALSE(error) << *error;
}

bool SimDeviceTest::runUntil(const std::function<bool()>& done, std::chrono::milliseconds limit) {
    // A ticking timer keeps run_one() from blocking forever when the line is quiet.
    const auto deadline = std::chrono::steady_clock::now() + limit;
    asio::steady_timer tick(io_);
    std::function<void()> arm = [&] {
        tick.expires_after(std::chrono::milliseconds(20));
        tick.async_wait([&](const asio::error_code& ec) {
            if (!ec) arm();
        });
    };
    arm();
    io_.restart();
    while (!done() && std::chrono::steady_clock::now() < deadline) io_.run_one();
    tick.cancel();
    io_.restart();
    io_.poll();
    return done();
}

void SimDeviceTest::runFor(std::chrono::milliseconds duration) {
    runUntil([] { return false; }, duration);
}

std::string SimDeviceTest::control(const std::string& line) {
    return controlRequest(controlPath_, line).value_or("<no control connection>");
}

std::optional<device::DeviceIdentity> SimDeviceTest::identify() {
    bool answered = false;
    std::optional<device::DeviceIdentity> result;
    device::readIdentity(
        *device_, [&](std::optional<device::DeviceIdentity> identity, const device::VregReply&) {
            answered = true;
            result = std::move(identity);
        });
    EXPECT_FALSE(answered) << "readIdentity answered synchronously";
    EXPECT_TRUE(runUntil([&] { return answered; }));
    return result;
}

}  // namespace vreglink::testing
