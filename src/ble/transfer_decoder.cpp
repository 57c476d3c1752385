#include "ble/transfer_decoder.h"

#include "ble/cbor_reader.h"

#include <algorithm>
#include <limits>

namespace vreglink::ble {
namespace {

constexpr std::uint8_t kPaddingByte = 0xFF;

// Decodes the messages of a transfer one by one (§4.6 steps 3-6); each argument is read straight
// into the message being built at the back of the output vector.
class MessageDecoder {
  public:
    MessageDecoder(CborReader& reader, std::vector<Message>& out) : r_(reader), out_(out) {}

    // Appends one message; on failure appends nothing and sets error().
    bool decodeNext() {
        const std::size_t before = out_.size();
        if (decodeOne()) return true;
        out_.resize(before);
        return false;
    }
    const TransferError& error() const { return error_; }

  private:
    template <typename T>
    T& add() {
        return std::get<T>(out_.emplace_back(std::in_place_type<T>));
    }

    bool fail(DecodeError reason, std::size_t at) {
        error_.reason = reason;
        error_.offset = at;
        return false;
    }
    // A CborReader failure while reading an argument (isOpcode: the message's first item).
    bool cborFailure(bool isOpcode) {
        switch (r_.error()) {
            case CborError::Truncated:
                return fail(DecodeError::Incomplete, r_.errorOffset());
            case CborError::WrongType:
                return fail(isOpcode ? DecodeError::NotAnOpcode : DecodeError::TypeMismatch,
                            r_.errorOffset());
            case CborError::ReservedInfo:
            case CborError::BadIndefinite:
            case CborError::UnexpectedBreak:
            case CborError::BadSimpleValue:
            case CborError::TooDeep:
                break;
        }
        return fail(DecodeError::Malformed, r_.errorOffset());
    }

    template <typename T>
    bool uintField(T& out) {
        const std::size_t at = r_.offset();
        const auto v = r_.readUint();
        if (!v) return cborFailure(false);
        if (*v > std::numeric_limits<T>::max()) return fail(DecodeError::OutOfRange, at);
        out = static_cast<T>(*v);
        return true;
    }
    bool instance(Instance& out) { return uintField(out.value); }
    bool vreg(VregId& out) { return uintField(out.value); }
    bool bytes(Bytes& out) { return r_.readByteString(out) || cborFailure(false); }

    template <typename T, typename Read>
    bool list(std::vector<T>& out, Read&& read, bool* indefinite = nullptr) {
        auto array = r_.readArray();
        if (!array) return cborFailure(false);
        if (indefinite != nullptr) *indefinite = array->indefinite;
        // readArray() has bounded a definite count by the bytes left.
        out.reserve(static_cast<std::size_t>(array->remaining));
        while (r_.nextElement(*array)) {
            if (!read(out.emplace_back())) return false;
        }
        return !r_.failed() || cborFailure(false);
    }
    bool vregList(std::vector<VregId>& out) {
        return list(out, [this](VregId& id) { return vreg(id); });
    }

    // `06 u(instance) [u(vreg), b(value)]`: exactly two elements, definite or not (§4.4.5).
    bool setArguments(SetValue& m) {
        const std::size_t at = r_.offset();
        auto array = r_.readArray();
        if (!array) return cborFailure(false);
        if (!array->indefinite && array->remaining != 2) {
            return fail(DecodeError::TypeMismatch, at);
        }
        if (!r_.nextElement(*array))
            return r_.failed() ? cborFailure(false) : fail(DecodeError::TypeMismatch, at);
        if (!vreg(m.vreg)) return false;
        if (!r_.nextElement(*array))
            return r_.failed() ? cborFailure(false) : fail(DecodeError::TypeMismatch, at);
        if (!bytes(m.value)) return false;
        if (r_.nextElement(*array)) return fail(DecodeError::TypeMismatch, at);  // a third item
        return !r_.failed() || cborFailure(false);
    }

    bool decodeOne() {
        const std::size_t at = r_.offset();
        const auto opcode = r_.readUint();
        if (!opcode) return cborFailure(true);
        if (*opcode > 0xFF) return fail(DecodeError::UnknownOpcode, at);
        switch (static_cast<Opcode>(*opcode)) {
            case Opcode::GetDevices:
                add<GetDevices>();
                return true;
            case Opcode::DeviceList: {
                auto& m = add<DeviceList>();
                return list(
                    m.entries, [this](std::uint32_t& e) { return uintField(e); }, &m.indefinite);
            }
            case Opcode::Subscribe: {
                auto& m = add<Subscribe>();
                if (!instance(m.instance)) return false;
                // The optional register array: an array here belongs to this message, anything
                // else starts the next one (§4.4.3 parser rule).
                if (r_.peekType() != CborMajorType::Array) return true;
                return vregList(m.vregs.emplace());
            }
            case Opcode::GetValues: {
                auto& m = add<GetValues>();
                return instance(m.instance) && vregList(m.vregs);
            }
            case Opcode::SetValue: {
                auto& m = add<SetValue>();
                return instance(m.instance) && setArguments(m);
            }
            case Opcode::CommandStatus: {
                auto& m = add<CommandStatus>();
                return instance(m.instance) && uintField(m.opcode) && uintField(m.status);
            }
            case Opcode::Value: {
                auto& m = add<Value>();
                return instance(m.instance) && vreg(m.vreg) && bytes(m.payload);
            }
            case Opcode::VregError: {
                auto& m = add<VregError>();
                return instance(m.instance) && vreg(m.vreg) && uintField(m.code);
            }
            case Opcode::GetPathList:
                return instance(add<GetPathList>().instance);
            case Opcode::GetPathValues: {
                auto& m = add<GetPathValues>();
                return instance(m.instance) &&
                       list(m.indexes, [this](std::uint32_t& i) { return uintField(i); });
            }
            case Opcode::PathList: {
                auto& m = add<PathList>();
                return instance(m.instance) && bytes(m.compressed);
            }
            case Opcode::NewPath: {
                auto& m = add<NewPath>();
                return instance(m.instance) && uintField(m.index) &&
                       (r_.readTextString(m.path) || cborFailure(false));
            }
            case Opcode::PathValue: {
                auto& m = add<PathValue>();
                if (!instance(m.instance) || !uintField(m.index)) return false;
                const auto item = r_.readItemBytes();
                if (!item) return cborFailure(false);
                m.item.assign(item->begin(), item->end());
                return true;
            }
            case Opcode::PathResponse: {
                auto& m = add<PathResponse>();
                return instance(m.instance) && uintField(m.index) && uintField(m.response);
            }
        }
        return fail(DecodeError::UnknownOpcode, at);
    }

    CborReader& r_;
    std::vector<Message>& out_;
    TransferError error_;
};

}  // namespace

const char* decodeErrorName(DecodeError error) {
    switch (error) {
        case DecodeError::Incomplete:
            return "incomplete";
        case DecodeError::NotAnOpcode:
            return "not_an_opcode";
        case DecodeError::UnknownOpcode:
            return "unknown_opcode";
        case DecodeError::TypeMismatch:
            return "type_mismatch";
        case DecodeError::OutOfRange:
            return "out_of_range";
        case DecodeError::Malformed:
            return "malformed";
    }
    return "unknown";
}

void decodeTransfer(ByteView transfer, DecodedTransfer& out) {
    out.messages.clear();
    out.error.reset();
    out.paddingBytes = 0;
    CborReader reader(transfer);
    MessageDecoder decoder(reader, out.messages);
    while (!reader.atEnd()) {
        const std::size_t start = reader.offset();
        // §4.6 step 2: only a run of FF reaching the very end counts as padding.
        if (transfer[start] == kPaddingByte &&
            std::all_of(transfer.begin() + static_cast<std::ptrdiff_t>(start), transfer.end(),
                        [](std::uint8_t b) { return b == kPaddingByte; })) {
            out.paddingBytes = transfer.size() - start;
            return;
        }
        if (!decoder.decodeNext()) {
            out.error = decoder.error();
            out.error->messageOffset = start;
            return;
        }
    }
}

DecodedTransfer decodeTransfer(ByteView transfer) {
    DecodedTransfer out;
    decodeTransfer(transfer, out);
    return out;
}

}  // namespace vreglink::ble
