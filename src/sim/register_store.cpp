#include "sim/register_store.h"

#include "vedirect/hex_message.h"

#include <algorithm>

namespace vreglink::sim {

using catalog::Access;
using catalog::WireType;

std::uint8_t writeResultFlags(WriteResult result) {
    switch (result) {
        case WriteResult::Ok:
            return 0;
        case WriteResult::UnknownId:
            return vedirect::hexflags::kUnknownId;
        case WriteResult::ReadOnly:
            return vedirect::hexflags::kNotSupported;
        case WriteResult::OutOfRange:
        case WriteResult::BadLength:
            return vedirect::hexflags::kParameterError;
    }
    return vedirect::hexflags::kParameterError;
}

Bytes encodeInt(std::int64_t value, std::size_t width) {
    Bytes out(width);
    auto u = static_cast<std::uint64_t>(value);
    for (std::size_t i = 0; i < width; ++i) {
        out[i] = static_cast<std::uint8_t>(u & 0xFF);
        u >>= 8;
    }
    return out;
}

std::int64_t decodeInt(ByteView bytes, bool isSigned) {
    std::uint64_t u = 0;
    for (std::size_t i = bytes.size(); i-- > 0;) u = (u << 8) | bytes[i];
    if (isSigned && !bytes.empty() && bytes.size() < 8 && (bytes.back() & 0x80) != 0) {
        u |= ~std::uint64_t{0} << (8 * bytes.size());  // sign-extend
    }
    return static_cast<std::int64_t>(u);
}

RegisterStore::RegisterStore(const catalog::Catalog* catalog)
    : catalog_(catalog != nullptr ? catalog : &catalog::Catalog::builtin()) {}

void RegisterStore::addInt(VregId id, WireType type, std::int64_t value, RegisterOptions options) {
    // The catalog is the one source of truth for widths (§3.3 "a simulator must reproduce the
    // exact width"); the model's type only covers registers the catalog does not list.
    if (const auto* info = catalog_->find(id); info != nullptr && catalog::fixedSize(info->type)) {
        type = info->type;
    }
    const std::size_t width = catalog::fixedSize(type).value_or(2);
    Entry e;
    e.type = type;
    e.value = encodeInt(value, width);
    e.defaultValue = e.value;
    e.options = std::move(options);
    entries_[id] = std::move(e);
}

void RegisterStore::addString(VregId id, std::string_view text, std::size_t width,
                              RegisterOptions options) {
    Entry e;
    e.type = WireType::String;
    e.value.assign(text.begin(), text.end());
    if (width == 0) {
        e.value.push_back(0);  // NUL-terminated (0x010B model name, H24)
    } else {
        e.value.resize(std::max(width, e.value.size()), 0);  // NUL-padded (0x010A, H23)
    }
    e.defaultValue = e.value;
    e.options = std::move(options);
    entries_[id] = std::move(e);
}

void RegisterStore::addBytes(VregId id, Bytes value, RegisterOptions options) {
    Entry e;
    e.type = WireType::Bytes;
    e.value = std::move(value);
    e.defaultValue = e.value;
    e.options = std::move(options);
    entries_[id] = std::move(e);
}

RegisterStore::Entry* RegisterStore::find(VregId id) {
    auto it = entries_.find(id);
    return it == entries_.end() ? nullptr : &it->second;
}
const RegisterStore::Entry* RegisterStore::find(VregId id) const {
    auto it = entries_.find(id);
    return it == entries_.end() ? nullptr : &it->second;
}

const Bytes* RegisterStore::value(VregId id) const {
    const Entry* e = find(id);
    return e != nullptr ? &e->value : nullptr;
}

std::optional<std::int64_t> RegisterStore::intValue(VregId id) const {
    const Entry* e = find(id);
    if (e == nullptr || !catalog::fixedSize(e->type)) return std::nullopt;
    return decodeInt(e->value, catalog::isSigned(e->type));
}

std::int64_t RegisterStore::intOr(VregId id, std::int64_t fallback) const {
    return intValue(id).value_or(fallback);
}

std::optional<WireType> RegisterStore::type(VregId id) const {
    const Entry* e = find(id);
    return e != nullptr ? std::optional<WireType>(e->type) : std::nullopt;
}

bool RegisterStore::isNvm(VregId id) const {
    const Entry* e = find(id);
    return e != nullptr && e->options.nvm;
}
bool RegisterStore::isVolatile(VregId id) const {
    const Entry* e = find(id);
    return e != nullptr && e->options.isVolatile;
}
bool RegisterStore::isPinned(VregId id) const {
    const Entry* e = find(id);
    return e != nullptr && e->pinned;
}

std::vector<VregId> RegisterStore::ids() const {
    std::vector<VregId> out;
    out.reserve(entries_.size());
    for (const auto& [id, e] : entries_) out.push_back(id);
    return out;
}

bool RegisterStore::update(VregId id, std::int64_t value) {
    Entry* e = find(id);
    if (e == nullptr || e->pinned || !catalog::fixedSize(e->type)) return false;
    Bytes bytes = encodeInt(value, e->value.size());
    if (bytes == e->value) return false;
    e->value = std::move(bytes);
    return true;
}

bool RegisterStore::updateBytes(VregId id, Bytes value) {
    Entry* e = find(id);
    if (e == nullptr || e->pinned || value == e->value) return false;
    e->value = std::move(value);
    return true;
}

WriteResult RegisterStore::write(VregId id, ByteView value, SimTime now) {
    Entry* e = find(id);
    if (e == nullptr) return WriteResult::UnknownId;
    if (e->options.access == Access::Read) return WriteResult::ReadOnly;
    if (const auto width = catalog::fixedSize(e->type)) {
        if (value.size() != *width) return WriteResult::BadLength;
        const std::int64_t v = decodeInt(value, catalog::isSigned(e->type));
        if (e->options.min && v < *e->options.min) return WriteResult::OutOfRange;
        if (e->options.max && v > *e->options.max) return WriteResult::OutOfRange;
        const auto& allowed = e->options.allowed;
        if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), v) == allowed.end()) {
            return WriteResult::OutOfRange;
        }
        e->value.assign(value.begin(), value.end());
    } else if (e->type == WireType::String) {
        if (value.size() > e->defaultValue.size()) return WriteResult::BadLength;
        e->value.assign(value.begin(), value.end());
        e->value.resize(e->defaultValue.size(), 0);
    } else {
        e->value.assign(value.begin(), value.end());
    }
    e->lastWrite = now;
    ++e->writes;
    ++totalWrites_;
    return WriteResult::Ok;
}

bool RegisterStore::force(VregId id, ByteView value) {
    Entry* e = find(id);
    if (e == nullptr) return false;
    if (const auto width = catalog::fixedSize(e->type); width && value.size() != *width) {
        return false;
    }
    e->value.assign(value.begin(), value.end());
    e->pinned = e->options.access == Access::Read;  // settings stay host-writable
    return true;
}

void RegisterStore::unpin(VregId id) {
    if (Entry* e = find(id)) e->pinned = false;
}

std::uint64_t RegisterStore::writeCount(VregId id) const {
    const Entry* e = find(id);
    return e != nullptr ? e->writes : 0;
}

std::vector<VregId> RegisterStore::expireVolatile(SimTime now) {
    std::vector<VregId> reverted;
    for (auto& [id, e] : entries_) {
        if (!e.options.isVolatile || !e.lastWrite) continue;
        if (now - *e.lastWrite < volatileTimeout_) continue;
        e.lastWrite.reset();
        if (e.value != e.defaultValue) {
            e.value = e.defaultValue;
            reverted.push_back(id);
        }
    }
    return reverted;
}

void RegisterStore::resetVolatile() {
    for (auto& [id, e] : entries_) {
        if (!e.options.isVolatile) continue;
        e.lastWrite.reset();
        e.value = e.defaultValue;
    }
}

}  // namespace vreglink::sim
