// Names and totals of the TransferAssembler drop counters (transfer_assembler.h).
#include "ble/transfer_assembler.h"

#include <numeric>

namespace vreglink::ble {

const char* dropReasonName(DropReason reason) {
    switch (reason) {
        case DropReason::Stale:
            return "stale";
        case DropReason::TooLarge:
            return "too_large";
        case DropReason::Cleared:
            return "cleared";
        case DropReason::Incomplete:
            return "incomplete";
        case DropReason::NotAnOpcode:
            return "not_an_opcode";
        case DropReason::UnknownOpcode:
            return "unknown_opcode";
        case DropReason::TypeMismatch:
            return "type_mismatch";
        case DropReason::OutOfRange:
            return "out_of_range";
        case DropReason::Malformed:
            return "malformed";
    }
    return "unknown";
}

DropReason dropReasonFor(DecodeError error) {
    switch (error) {
        case DecodeError::Incomplete:
            return DropReason::Incomplete;
        case DecodeError::NotAnOpcode:
            return DropReason::NotAnOpcode;
        case DecodeError::UnknownOpcode:
            return DropReason::UnknownOpcode;
        case DecodeError::TypeMismatch:
            return DropReason::TypeMismatch;
        case DecodeError::OutOfRange:
            return DropReason::OutOfRange;
        case DecodeError::Malformed:
            return DropReason::Malformed;
    }
    return DropReason::Malformed;
}

std::uint64_t AssemblerCounters::droppedTotal() const {
    return std::accumulate(dropped.begin(), dropped.end(), std::uint64_t{0});
}

}  // namespace vreglink::ble
