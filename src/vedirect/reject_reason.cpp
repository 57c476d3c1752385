// Names and totals of the StreamDecoder rejection counters (stream_decoder.h).
#include "vedirect/stream_decoder.h"

#include <numeric>

namespace vreglink::vedirect {

const char* rejectReasonName(RejectReason reason) {
    switch (reason) {
        case RejectReason::TextChecksum:
            return "text_checksum";
        case RejectReason::TextLabelTooLong:
            return "text_label_too_long";
        case RejectReason::TextValueTooLong:
            return "text_value_too_long";
        case RejectReason::TextTooManyFields:
            return "text_too_many_fields";
        case RejectReason::TextMalformed:
            return "text_malformed";
        case RejectReason::TextTruncated:
            return "text_truncated";
        case RejectReason::HexChecksum:
            return "hex_checksum";
        case RejectReason::HexOddDigits:
            return "hex_odd_digits";
        case RejectReason::HexInvalidDigit:
            return "hex_invalid_digit";
        case RejectReason::HexTooLong:
            return "hex_too_long";
        case RejectReason::HexInterrupted:
            return "hex_interrupted";
        case RejectReason::HexEmpty:
            return "hex_empty";
        case RejectReason::HexTruncated:
            return "hex_truncated";
    }
    return "unknown";
}

std::uint64_t DecoderCounters::rejectedTotal() const {
    return std::accumulate(rejected.begin(), rejected.end(), std::uint64_t{0});
}

}  // namespace vreglink::vedirect
