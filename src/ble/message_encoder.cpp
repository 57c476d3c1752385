#include "ble/message_encoder.h"

#include "ble/cbor_writer.h"

namespace vreglink::ble {
namespace {

struct Encoder {
    CborWriter& w;

    void head(Opcode opcode) const { w.writeUint(static_cast<std::uint8_t>(opcode)); }
    void vregs(const std::vector<VregId>& list) const {
        w.writeArrayHeader(list.size());
        for (const VregId id : list) w.writeUint(id.value);
    }

    void operator()(const GetDevices& m) const { head(m.kOpcode); }
    void operator()(const DeviceList& m) const {
        head(m.kOpcode);
        if (m.indefinite) {
            w.writeIndefiniteArrayHeader();
        } else {
            w.writeArrayHeader(m.entries.size());
        }
        for (const std::uint32_t e : m.entries) w.writeUint(e);
        if (m.indefinite) w.writeBreak();
    }
    void operator()(const Subscribe& m) const {
        head(m.kOpcode);
        w.writeUint(m.instance.value);
        if (m.vregs) vregs(*m.vregs);
    }
    void operator()(const GetValues& m) const {
        head(m.kOpcode);
        w.writeUint(m.instance.value);
        vregs(m.vregs);
    }
    void operator()(const SetValue& m) const {
        head(m.kOpcode);
        w.writeUint(m.instance.value);
        w.writeArrayHeader(2);
        w.writeUint(m.vreg.value);
        w.writeByteString(m.value);
    }
    void operator()(const CommandStatus& m) const {
        head(m.kOpcode);
        w.writeUint(m.instance.value);
        w.writeUint(m.opcode);
        w.writeUint(m.status);
    }
    void operator()(const Value& m) const {
        head(m.kOpcode);
        w.writeUint(m.instance.value);
        w.writeUint(m.vreg.value);
        w.writeByteString(m.payload);
    }
    void operator()(const VregError& m) const {
        head(m.kOpcode);
        w.writeUint(m.instance.value);
        w.writeUint(m.vreg.value);
        w.writeUint(m.code);
    }
    void operator()(const GetPathList& m) const {
        head(m.kOpcode);
        w.writeUint(m.instance.value);
    }
    void operator()(const GetPathValues& m) const {
        head(m.kOpcode);
        w.writeUint(m.instance.value);
        w.writeArrayHeader(m.indexes.size());
        for (const std::uint32_t i : m.indexes) w.writeUint(i);
    }
    void operator()(const PathList& m) const {
        head(m.kOpcode);
        w.writeUint(m.instance.value);
        w.writeByteString(m.compressed);
    }
    void operator()(const NewPath& m) const {
        head(m.kOpcode);
        w.writeUint(m.instance.value);
        w.writeUint(m.index);
        w.writeTextString(m.path);
    }
    void operator()(const PathValue& m) const {
        head(m.kOpcode);
        w.writeUint(m.instance.value);
        w.writeUint(m.index);
        w.writeRaw(m.item);
    }
    void operator()(const PathResponse& m) const {
        head(m.kOpcode);
        w.writeUint(m.instance.value);
        w.writeUint(m.index);
        w.writeUint(m.response);
    }
};

}  // namespace

void appendMessage(Bytes& out, const Message& message) {
    CborWriter writer(out);
    std::visit(Encoder{writer}, message);
}

Bytes encodeMessage(const Message& message) {
    Bytes out;
    appendMessage(out, message);
    return out;
}

Bytes encodeTransfer(std::span<const Message> messages) {
    Bytes out;
    for (const Message& m : messages) appendMessage(out, m);
    return out;
}

}  // namespace vreglink::ble
