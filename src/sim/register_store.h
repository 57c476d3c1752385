// One simulated product's register table (vedirect.md §3.3, §3.6, §4): value bytes with the exact
// wire width per register, access, accepted raw range, NVM flag and write counter, and volatile
// registers that revert when the host stops refreshing them. Pure: the caller supplies the time.
#pragma once

#include "catalog/catalog.h"
#include "catalog/register_info.h"
#include "core/bytes.h"
#include "core/ids.h"

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

namespace vreglink::sim {

// Simulated time since the model was created; the model advances it in step().
using SimTime = std::chrono::milliseconds;

struct RegisterOptions {
    catalog::Access access = catalog::Access::Read;
    std::optional<std::int64_t> min;    // raw, inclusive; checked on host SETs
    std::optional<std::int64_t> max;    // raw, inclusive
    std::vector<std::int64_t> allowed;  // enum values a SET may use; empty: any value in range
    bool nvm = false;                   // stored in flash: writes wear it (§3.6 rule 1)
    bool isVolatile = false;            // reverts to its default unless refreshed (§3.6 rule 2)
};

// Why a host SET was refused; maps 1:1 onto the response flags (§3.3).
enum class WriteResult : std::uint8_t { Ok, UnknownId, ReadOnly, OutOfRange, BadLength };
std::uint8_t writeResultFlags(WriteResult result);

class RegisterStore {
  public:
    // nullptr: Catalog::builtin(). Integer widths come from the catalog when it knows the id
    // (§4 "register table from vreg-catalog.csv"); the model's type is the fallback.
    explicit RegisterStore(const catalog::Catalog* catalog = nullptr);

    void addInt(VregId id, catalog::WireType type, std::int64_t value,
                RegisterOptions options = {});
    // NUL-padded to `width` bytes (serial numbers), or NUL-terminated when width == 0 (model name).
    void addString(VregId id, std::string_view text, std::size_t width,
                   RegisterOptions options = {});
    void addBytes(VregId id, Bytes value, RegisterOptions options = {});

    bool contains(VregId id) const { return entries_.count(id) != 0; }
    const Bytes* value(VregId id) const;
    // Sign-extended per wire type; nullopt for unknown ids and string/bytes registers.
    std::optional<std::int64_t> intValue(VregId id) const;
    std::int64_t intOr(VregId id, std::int64_t fallback) const;
    std::optional<catalog::WireType> type(VregId id) const;
    bool isNvm(VregId id) const;
    bool isVolatile(VregId id) const;
    bool isPinned(VregId id) const;
    std::vector<VregId> ids() const;

    // Device-side change (measurements, state). False when unchanged, unknown or pinned.
    bool update(VregId id, std::int64_t value);
    bool updateBytes(VregId id, Bytes value);
    // A host SET (§3.3): width, access, range and enum checks, then store and count.
    WriteResult write(VregId id, ByteView value, SimTime now);
    // Test control: stores any register without checks and pins it so the simulation no longer
    // overwrites it (a value injected by a test must stay put). Not counted as a write.
    bool force(VregId id, ByteView value);
    void unpin(VregId id);

    // Accepted host SETs of this register (tests assert rate limiting / "nothing was written").
    std::uint64_t writeCount(VregId id) const;
    std::uint64_t totalWrites() const { return totalWrites_; }

    // Volatile registers not written for `timeout` revert to their default; returns those ids.
    std::vector<VregId> expireVolatile(SimTime now);
    void resetVolatile();  // restart: every volatile register back to its default
    void setVolatileTimeout(std::chrono::milliseconds timeout) { volatileTimeout_ = timeout; }
    std::chrono::milliseconds volatileTimeout() const { return volatileTimeout_; }

  private:
    struct Entry {
        catalog::WireType type = catalog::WireType::Bytes;
        Bytes value;
        Bytes defaultValue;
        RegisterOptions options;
        std::optional<SimTime> lastWrite;
        std::uint64_t writes = 0;
        bool pinned = false;
    };
    Entry* find(VregId id);
    const Entry* find(VregId id) const;

    const catalog::Catalog* catalog_;
    std::map<VregId, Entry> entries_;
    std::chrono::milliseconds volatileTimeout_{60000};
    std::uint64_t totalWrites_ = 0;
};

// Little-endian two's-complement encode/decode of integer wire types.
Bytes encodeInt(std::int64_t value, std::size_t width);
std::int64_t decodeInt(ByteView bytes, bool isSigned);

}  // namespace vreglink::sim
