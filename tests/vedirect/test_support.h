// Shared helpers and the TEXT vectors of docs/specs/vedirect-vectors.md §1, byte for byte.
#pragma once

#include "vedirect/hex_frame.h"
#include "vedirect/stream_decoder.h"
#include "vedirect/text_block.h"

#include <string>
#include <string_view>
#include <vector>

namespace vreglink::vedirect::testing {

inline ByteView asBytes(std::string_view s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

inline unsigned byteSum(std::string_view s) {
    unsigned sum = 0;
    for (const char c : s) sum += static_cast<unsigned char>(c);
    return sum;
}

// Records every callback as one line, so two runs can be compared for equality.
class Recorder : public StreamHandler {
  public:
    void onTextBlock(const TextBlock& block) override {
        blocks.push_back(toOwned(block));
        events.push_back("text " + std::to_string(block.fields.size()));
    }
    void onHexFrame(const HexFrame& frame) override {
        frames.push_back(frame);
        events.push_back("hex " + encodeHexFrame(frame));
    }
    void onRejected(RejectReason reason) override {
        rejects.push_back(reason);
        events.push_back(std::string("reject ") + rejectReasonName(reason));
    }

    std::vector<OwnedFields> blocks;
    std::vector<HexFrame> frames;
    std::vector<RejectReason> rejects;
    std::vector<std::string> events;
};

// Decodes ":7F0ED0071" or ":7F0ED0071\n" (the vectors show frames with or without '\n').
inline std::optional<HexFrame> decodeWire(std::string_view wire, HexFrameError* error = nullptr) {
    if (!wire.empty() && wire.front() == ':') wire.remove_prefix(1);
    if (!wire.empty() && wire.back() == '\n') wire.remove_suffix(1);
    return decodeHexFrame(wire, error);
}

// clang-format off
inline const std::string kT1 = std::string(
    "\r\nPID\t0xA056"
    "\r\nFW\t161"
    "\r\nSER#\tHQ19499RHC5"
    "\r\nV\t11880"
    "\r\nI\t0"
    "\r\nVPV\t10"
    "\r\nPPV\t0"
    "\r\nCS\t0"
    "\r\nMPPT\t0"
    "\r\nOR\t0x00000001"
    "\r\nERR\t0"
    "\r\nLOAD\tON"
    "\r\nH19\t4803"
    "\r\nH20\t0"
    "\r\nH21\t0"
    "\r\nH22\t0"
    "\r\nH23\t0"
    "\r\nHSDS\t280"
    "\r\nChecksum\t"
    ")");
inline const std::string kT2 = std::string(
    "\r\nPID\t0xA069"
    "\r\nFW\t161"
    "\r\nSER#\tHQ2104VESU7"
    "\r\nV\t27350"
    "\r\nI\t5100"
    "\r\nVPV\t106630"
    "\r\nPPV\t142"
    "\r\nCS\t3"
    "\r\nMPPT\t2"
    "\r\nOR\t0x00000000"
    "\r\nERR\t0"
    "\r\nLOAD\tOFF"
    "\r\nRelay\tOFF"
    "\r\nH19\t62753"
    "\r\nH20\t20"
    "\r\nH21\t141"
    "\r\nH22\t67"
    "\r\nH23\t322"
    "\r\nHSDS\t259"
    "\r\nChecksum\t"
    "\x87");
inline const std::string kT3 = std::string(
    "\r\nPID\t0xA04B"
    "\r\nFW\t161"
    "\r\nSER#\tHQ1546WBRK9"
    "\r\nV\t24510"
    "\r\nI\t300"
    "\r\nVPV\t50230"
    "\r\nPPV\t8"
    "\r\nCS\t3"
    "\r\nMPPT\t2"
    "\r\nOR\t0x00000000"
    "\r\nERR\t0"
    "\r\nLOAD\tOFF"
    "\r\nH19\t39080"
    "\r\nH20\t29"
    "\r\nH21\t75"
    "\r\nH22\t33"
    "\r\nH23\t189"
    "\r\nHSDS\t28"
    "\r\nChecksum\t"
    "\x9D");
inline const std::string kT4 = std::string(
    "\r\nPID\t0xA053"
    "\r\nFW\t164"
    "\r\nSER#\tHQ2301ABCDE"
    "\r\nV\t13480"
    "\r\nI\t6200"
    "\r\nVPV\t36910"
    "\r\nPPV\t87"
    "\r\nCS\t3"
    "\r\nMPPT\t2"
    "\r\nOR\t0x00000000"
    "\r\nERR\t0"
    "\r\nLOAD\tON"
    "\r\nIL\t300"
    "\r\nH19\t12345"
    "\r\nH20\t42"
    "\r\nH21\t310"
    "\r\nH22\t118"
    "\r\nH23\t295"
    "\r\nHSDS\t57"
    "\r\nChecksum\t"
    "\xFD");
inline const std::string kT5a = std::string(
    "\r\nPID\t0xA381"
    "\r\nV\t12810"
    "\r\nVS\t12950"
    "\r\nI\t-3250"
    "\r\nP\t-42"
    "\r\nCE\t-18500"
    "\r\nSOC\t876"
    "\r\nTTG\t3412"
    "\r\nAlarm\tOFF"
    "\r\nRelay\tOFF"
    "\r\nAR\t0"
    "\r\nBMV\t712 Smart"
    "\r\nFW\t0413"
    "\r\nMON\t0"
    "\r\nChecksum\t"
    "\xEE");
inline const std::string kT5b = std::string(
    "\r\nH1\t-102345"
    "\r\nH2\t-45000"
    "\r\nH3\t-38000"
    "\r\nH4\t25"
    "\r\nH5\t0"
    "\r\nH6\t-1921770"
    "\r\nH7\t11020"
    "\r\nH8\t14650"
    "\r\nH9\t259983"
    "\r\nH10\t95"
    "\r\nH11\t0"
    "\r\nH12\t0"
    "\r\nH15\t11600"
    "\r\nH16\t13980"
    "\r\nH17\t5076"
    "\r\nH18\t5153"
    "\r\nChecksum\t"
    "\x10");
inline const std::string kT6 = std::string(
    "\r\nPID\t0xA389"
    "\r\nV\t26690"
    "\r\nT\t23"
    "\r\nI\t-1718"
    "\r\nP\t-46"
    "\r\nCE\t-25800"
    "\r\nSOC\t847"
    "\r\nTTG\t-1"
    "\r\nAlarm\tOFF"
    "\r\nAR\t0"
    "\r\nBMV\tSmartShunt 500A/50mV"
    "\r\nFW\t0414"
    "\r\nMON\t0"
    "\r\nChecksum\t"
    "\x80");
inline const std::string kT7 = std::string(
    "\r\nPID\t0xA231"
    "\r\nFW\t0129"
    "\r\nSER#\tHQ1712ABCDE"
    "\r\nMODE\t2"
    "\r\nCS\t9"
    "\r\nAR\t0"
    "\r\nWARN\t0"
    "\r\nOR\t0x00000000"
    "\r\nV\t12790"
    "\r\nAC_OUT_V\t23010"
    "\r\nAC_OUT_I\t13"
    "\r\nAC_OUT_S\t300"
    "\r\nChecksum\t"
    "\xA8");
inline const std::string kT8 = std::string(
    "\r\nPID\t0xA3F0"
    "\r\nFWE\t112FF"
    "\r\nSER#\tHQ2433ABCDE"
    "\r\nV\t13220"
    "\r\nI\t12500"
    "\r\nP\t165"
    "\r\nDC_IN_V\t1262"
    "\r\nDC_IN_I\t138"
    "\r\nDC_IN_P\t174"
    "\r\nMODE\t1"
    "\r\nCS\t3"
    "\r\nOR\t0x00000000"
    "\r\nERR\t0"
    "\r\nChecksum\t"
    "\xD9");
inline const std::string kT10a = std::string(
    "\r\nPID\t0xA053"
    "\r\nFW\t164"
    "\r\nSER#\tHQ2301ABCDE"
    "\r\nV\t13480"
    "\r\nI\t6200:AD5ED00440540\n"
    "\r\nVPV\t36910"
    "\r\nPPV\t87"
    "\r\nCS\t3"
    "\r\nMPPT\t2"
    "\r\nOR\t0x00000000"
    "\r\nERR\t0"
    "\r\nLOAD\tON"
    "\r\nIL\t300"
    "\r\nH19\t12345"
    "\r\nH20\t42"
    "\r\nH21\t310"
    "\r\nH22\t118"
    "\r\nH23\t295"
    "\r\nHSDS\t57"
    "\r\nChecksum\t"
    "\xFD");
// clang-format on

// Splits a known-good block into its fields: a test oracle independent of the decoder.
inline OwnedFields splitBlock(const std::string& block) {
    OwnedFields fields;
    std::size_t pos = 0;
    while (true) {
        const std::size_t tab = block.find('\t', pos + 2);
        std::string label = block.substr(pos + 2, tab - pos - 2);
        if (label == "Checksum") return fields;
        const std::size_t next = block.find("\r\n", tab);
        fields.emplace_back(label, block.substr(tab + 1, next - tab - 1));
        pos = next;
    }
}

}  // namespace vreglink::vedirect::testing
