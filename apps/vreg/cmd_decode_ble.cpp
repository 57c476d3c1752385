// vreg decode FILE — a Bluetooth capture (btsnoop: Android snoop log, hcidump, btmon; pcap or
// pcapng with DLT 187/201) to VictronConnect messages: a table for people, --json lines, or
// --summary counts (issue 5; ble-gatt.md §1, §2, §5 via src/capture).
#include "ble_event_format.h"
#include "capture/ble_capture_decoder.h"
#include "commands.h"
#include "core/unique_fd.h"
#include "output.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace vreglink::cli {
namespace {

enum class Mode : std::uint8_t { Table, Json, Summary };

class EventPrinter final : public capture::CaptureEventHandler {
  public:
    explicit EventPrinter(Mode mode) : mode_(mode), catalog_(catalog::Catalog::builtin()) {
        if (mode_ == Mode::Table) out_ = bleEventHeader();
        out_.reserve(2 * kFlushSize);
    }
    ~EventPrinter() override { flush(); }

    void onEvent(const capture::CaptureEvent& event) override {
        if (mode_ == Mode::Summary) return;
        if (mode_ == Mode::Json) {
            appendBleEventJson(out_, event, catalog_);
        } else {
            appendBleEventRow(out_, event, catalog_);
        }
        if (out_.size() >= kFlushSize) flush();
    }

    void flush() {
        std::fwrite(out_.data(), 1, out_.size(), stdout);
        out_.clear();
    }

  private:
    static constexpr std::size_t kFlushSize = 1 << 16;
    Mode mode_;
    const catalog::Catalog& catalog_;
    std::string out_;
};

// The whole file in memory (the capture reader works on one ByteView).
bool readWholeFile(const std::string& path, Bytes& out) {
    const UniqueFd fd(path == "-" ? ::dup(STDIN_FILENO)
                                  : ::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) return false;
    struct stat st {};
    if (::fstat(fd.get(), &st) == 0 && st.st_size > 0)
        out.reserve(static_cast<std::size_t>(st.st_size));
    std::size_t used = 0;
    for (;;) {
        if (out.size() - used < (1 << 16)) out.resize(used + (1 << 20));
        const ssize_t n = ::read(fd.get(), out.data() + used, out.size() - used);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return false;
        if (n == 0) break;
        used += static_cast<std::size_t>(n);
    }
    out.resize(used);
    return true;
}

nlohmann::json flowJson(const capture::FlowCounters& c) {
    nlohmann::json byOp = nlohmann::json::object();
    for (std::size_t op = 0; op < c.byOpcode.size(); ++op) {
        if (c.byOpcode[op] == 0) continue;
        byOp[bleOpName(static_cast<ble::Opcode>(op))] = c.byOpcode[op];
    }
    return {{"chunks", c.chunks},
            {"transfers", c.transfers},
            {"messages", c.messages},
            {"ctrl", c.control},
            {"messages_by_op", byOp}};
}

nlohmann::json summaryJson(const capture::CaptureDecodeResult& result,
                           const capture::BleCaptureDecoder& decoder) {
    const auto& c = decoder.counters();
    nlohmann::json dropped = nlohmann::json::object();
    for (std::size_t i = 0; i < c.dropped.size(); ++i) {
        if (c.dropped[i] != 0)
            dropped[ble::dropReasonName(static_cast<ble::DropReason>(i))] = c.dropped[i];
    }
    const char* format = result.format == capture::CaptureFormat::Btsnoop ? "btsnoop"
                         : result.format == capture::CaptureFormat::Pcap  ? "pcap"
                                                                          : "pcapng";
    nlohmann::json j{{"format", format},
                     {"link_type", result.linkType},
                     {"records", c.records},
                     {"connections", c.connections},
                     {"tx", flowJson(c.flows[0])},
                     {"rx", flowJson(c.flows[1])},
                     {"decode_errors", c.droppedTotal()},
                     {"decode_errors_by_reason", dropped},
                     {"registers", c.registers.count()},
                     {"other_att", c.otherAtt},
                     {"l2cap_malformed", decoder.hciCounters().malformed}};
    if (result.error)
        j["file_error"] = {{"offset", result.error->offset}, {"message", result.error->message}};
    return j;
}

}  // namespace

int runDecodeBluetooth(const DecodeOptions& o) {
    Bytes file;
    if (!readWholeFile(o.file, file)) {
        fmt::print(stderr, "vreg: cannot read {}: {}\n", o.file, std::strerror(errno));
        return kExitUsage;
    }
    if (!capture::detectCaptureFormat(file)) {
        fmt::print(stderr,
                   "vreg: {} is not a btsnoop, pcap or pcapng capture (for a raw VE.Direct serial "
                   "capture use --vedirect)\n",
                   o.file);
        return kExitUsage;
    }
    EventPrinter printer(o.summary ? Mode::Summary : o.json ? Mode::Json : Mode::Table);
    capture::BleCaptureDecoder decoder(printer);
    const auto result = capture::decodeCapture(file, decoder);
    printer.flush();
    if (o.summary) printJsonLine(summaryJson(result, decoder));
    std::fflush(stdout);
    if (result.error && result.error->offset < 24) {  // the file header itself
        fmt::print(stderr, "vreg: {}: {}\n", o.file, result.error->message);
        return kExitUsage;
    }
    if (result.error) {
        fmt::print(stderr, "vreg decode: {} at offset {}; the records before it were decoded\n",
                   result.error->message, result.error->offset);
    }
    return kExitOk;
}

}  // namespace vreglink::cli
