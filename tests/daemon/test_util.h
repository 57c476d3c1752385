// Small helpers shared by the daemon tests.
#pragma once

#include <chrono>
#include <fstream>
#include <functional>
#include <string>
#include <thread>

namespace vreglink::testing {

// "c800" (simulator control, lower hex) -> "qay 0 2 200 0\n" (busctl's GetVreg reply).
inline std::string busctlReplyFor(const std::string& hex) {
    std::string out = "qay 0 " + std::to_string(hex.size() / 2);
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        out += " " + std::to_string(std::stoul(hex.substr(i, 2), nullptr, 16));
    }
    return out + "\n";
}

inline void writeFile(const std::string& path, const std::string& text) {
    std::ofstream(path) << text;
}

// Polls `check` every 100 ms until it holds or `limit` passes.
inline bool eventually(const std::function<bool()>& check,
                       std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        if (check()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return check();
}

}  // namespace vreglink::testing
