#include "sim/control_commands.h"

#include "core/bytes.h"
#include "core/ids.h"
#include "sim/simulator.h"

#include <charconv>
#include <vector>

namespace vreglink::sim {

namespace {

std::vector<std::string_view> split(std::string_view line) {
    std::vector<std::string_view> words;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
        const std::size_t start = i;
        while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
        if (i > start) words.push_back(line.substr(start, i - start));
    }
    return words;
}

std::optional<bool> parseOnOff(std::string_view word) {
    if (word == "on" || word == "1" || word == "true") return true;
    if (word == "off" || word == "0" || word == "false") return false;
    return std::nullopt;
}

}  // namespace

std::string executeControl(Simulator& sim, std::string_view line) {
    const auto words = split(line);
    if (words.empty()) return "error empty command";
    const std::string_view cmd = words[0];
    auto& store = sim.model().registers();

    auto needId = [&]() -> std::optional<VregId> {
        if (words.size() < 2) return std::nullopt;
        return parseVregId(words[1]);
    };

    if (cmd == "get" || cmd == "writes" || cmd == "unpin") {
        const auto id = needId();
        if (!id) return "error usage: " + std::string(cmd) + " 0xID";
        if (cmd == "writes") return std::to_string(store.writeCount(*id));
        if (cmd == "unpin") {
            store.unpin(*id);
            return "ok";
        }
        const Bytes* value = store.value(*id);
        return value != nullptr ? toHex(*value) : "none";
    }
    if (cmd == "set") {
        const auto id = needId();
        if (!id || words.size() != 3) return "error usage: set 0xID HEXBYTES";
        const auto bytes = parseHexBytes(words[2]);
        if (!bytes) return "error bad hex value";
        if (!store.contains(*id)) return "error unknown register " + formatVregId(*id);
        if (!store.force(*id, *bytes)) return "error wrong value length for " + formatVregId(*id);
        return "ok";
    }
    if (cmd == "frames") return countersJson(sim.counters());
    if (cmd == "silent" || cmd == "text") {
        const auto on = words.size() == 2 ? parseOnOff(words[1]) : std::nullopt;
        if (!on) return "error usage: " + std::string(cmd) + " on|off";
        if (cmd == "silent") {
            sim.setSilent(*on);
        } else {
            sim.setText(*on);
        }
        return "ok";
    }
    if (cmd == "noise") {
        if (words.size() != 2) return "error usage: noise RATE";
        const std::string text(words[1]);
        char* end = nullptr;
        const double rate = std::strtod(text.c_str(), &end);
        if (end == text.c_str() || *end != '\0' || rate < 0 || rate > 1) {
            return "error noise rate must be 0..1";
        }
        sim.setNoise(rate);
        return "ok";
    }
    if (cmd == "disappear") {
        long long seconds = sim.quirks().goneSeconds.count();
        if (words.size() == 2) {
            const auto w = words[1];
            const auto [p, ec] = std::from_chars(w.data(), w.data() + w.size(), seconds);
            if (ec != std::errc() || p != w.data() + w.size() || seconds < 0) {
                return "error usage: disappear SECONDS";
            }
        }
        sim.disappear(std::chrono::seconds(seconds));
        return "ok";
    }
    return "error unknown command '" + std::string(cmd) + "'";
}

}  // namespace vreglink::sim
