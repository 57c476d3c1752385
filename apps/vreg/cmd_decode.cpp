// vreg decode --vedirect FILE — every valid TEXT block and HEX frame of a raw serial capture, in
// stream order, as JSON lines; rejected ones counted on stderr; --summary prints only the counts.
// Without --vedirect the file is a Bluetooth capture: cmd_decode_ble.cpp.
#include "commands.h"
#include "core/unique_fd.h"
#include "output.h"
#include "vedirect/hex_message.h"
#include "vedirect/stream_decoder.h"

#include <fmt/format.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

namespace vreglink::cli {
namespace {

class JsonLinesPrinter final : public vedirect::StreamHandler {
  public:
    explicit JsonLinesPrinter(bool print) : print_(print) {}

    void onTextBlock(const vedirect::TextBlock& block) override {
        if (!print_) return;
        nlohmann::json fields = nlohmann::json::object();
        for (const auto& f : block.fields) fields[std::string(f.label)] = std::string(f.value);
        printJsonLine({{"type", "text"}, {"fields", std::move(fields)}});
    }

    void onHexFrame(const vedirect::HexFrame& frame) override {
        ++byCommand_[frame.command() & 0x0F];
        if (!print_) return;
        std::string text;
        vedirect::appendHexFrame(text, frame);
        text.pop_back();  // the '\n'
        nlohmann::json j{{"type", "hex"}, {"frame", text}, {"cmd", frame.command()}};
        if (auto v = vedirect::parseVregFrame(frame)) {
            j["vreg"] = formatVregId(v->id);
            j["flags"] = v->flags;
            j["data"] = toHex(v->value);
        } else {
            j["data"] = toHex(frame.payload());
        }
        printJsonLine(j);
    }

    // Frames per command nibble (0x0–0xF).
    const std::array<std::uint64_t, 16>& byCommand() const { return byCommand_; }

  private:
    bool print_;
    std::array<std::uint64_t, 16> byCommand_{};
};

nlohmann::json rejectedJson(const vedirect::DecoderCounters& c) {
    nlohmann::json j = nlohmann::json::object();
    for (std::size_t i = 0; i < vedirect::kRejectReasonCount; ++i) {
        if (c.rejected[i] != 0) {
            j[vedirect::rejectReasonName(static_cast<vedirect::RejectReason>(i))] = c.rejected[i];
        }
    }
    return j;
}

}  // namespace

int runDecode(const GlobalOptions& g, const DecodeOptions& o) {
    if (!o.vedirect) {
        DecodeOptions bluetooth = o;
        bluetooth.json = o.json || g.json;  // `vreg --json decode FILE` as for the other commands
        return runDecodeBluetooth(bluetooth);
    }
    const UniqueFd fd(o.file == "-" ? ::dup(STDIN_FILENO)
                                    : ::open(o.file.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) {
        fmt::print(stderr, "vreg: cannot read {}: {}\n", o.file, std::strerror(errno));
        return kExitUsage;
    }
    JsonLinesPrinter printer(!o.summary);
    vedirect::StreamDecoder decoder(printer);
    std::vector<std::uint8_t> buffer(1 << 20);
    int readError = 0;
    for (;;) {
        const ssize_t n = ::read(fd.get(), buffer.data(), buffer.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) readError = errno;
        if (n <= 0) break;
        decoder.feed(ByteView(buffer.data(), static_cast<std::size_t>(n)));
    }
    // A capture that ends mid-block is a truncated block, counted like any other rejection.
    decoder.reset();
    if (readError != 0) {
        fmt::print(stderr, "vreg: error reading {}: {}\n", o.file, std::strerror(readError));
        return kExitUsage;
    }
    const auto& c = decoder.counters();
    nlohmann::json byCommand = nlohmann::json::object();
    for (std::size_t cmd = 0; cmd < printer.byCommand().size(); ++cmd) {
        if (printer.byCommand()[cmd] != 0) {
            byCommand[fmt::format("0x{:X}", cmd)] = printer.byCommand()[cmd];
        }
    }
    if (o.summary) {
        nlohmann::json j{{"bytes", c.bytes},
                         {"text_blocks", c.textBlocks},
                         {"hex_frames", c.hexFrames},
                         {"hex_frames_by_command", byCommand},
                         {"rejected_total", c.rejectedTotal()},
                         {"rejected", rejectedJson(c)}};
        printJsonLine(j);
    } else {
        std::fflush(stdout);
        fmt::print(stderr, "vreg decode: {} text blocks, {} hex frames, {} rejected {}\n",
                   c.textBlocks, c.hexFrames, c.rejectedTotal(), rejectedJson(c).dump());
    }
    return kExitOk;
}

}  // namespace vreglink::cli
