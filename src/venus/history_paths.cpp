#include "venus/history_paths.h"

#include "venus/item_text.h"

#include <fmt/format.h>

#include <array>
#include <string_view>

namespace vreglink::venus {
namespace {

// Day record (catalog 0x1050 notes): un8 version, un32 yield 0.01 kWh, un32 consumed 0.01 kWh,
// un16 Vbat max 0.01 V, un16 Vbat min, un8 error db, 4x un8 errors, un16 minutes bulk /
// absorption / float, un32 max power W, un16 Ibat max 0.1 A, un16 Voc max 0.01 V, un16 day nr.
constexpr std::size_t kDayRecordSize = 34;
// Totals (0x104F): un8 version, un8 error db, 4x un8 errors, un32 user yield, un32 system yield
// (0.01 kWh), un16 Voc max, un16 Vbat max (0.01 V), un8 days available.
constexpr std::size_t kTotalRecordSize = 19;

enum class Field : std::uint8_t { U8, U16, U32 };

struct HistoryField {
    std::string_view name;
    Field field;
    std::size_t offset;
    double scale;  // 0 = publish the integer
    ItemFormat format;
};

// clang-format off
constexpr std::array kDayFields{
    HistoryField{"Yield", Field::U32, 1, 0.01, {"kWh", 2}},
    HistoryField{"Consumption", Field::U32, 5, 0.01, {"kWh", 2}},
    HistoryField{"MaxBatteryVoltage", Field::U16, 9, 0.01, {"V", 2}},
    HistoryField{"MinBatteryVoltage", Field::U16, 11, 0.01, {"V", 2}},
    HistoryField{"LastError1", Field::U8, 14, 0, {}},
    HistoryField{"LastError2", Field::U8, 15, 0, {}},
    HistoryField{"LastError3", Field::U8, 16, 0, {}},
    HistoryField{"LastError4", Field::U8, 17, 0, {}},
    // Minutes, as the device counts them and vedirect-dbus publishes them.
    HistoryField{"TimeInBulk", Field::U16, 18, 0, {"min", 0}},
    HistoryField{"TimeInAbsorption", Field::U16, 20, 0, {"min", 0}},
    HistoryField{"TimeInFloat", Field::U16, 22, 0, {"min", 0}},
    HistoryField{"MaxPower", Field::U32, 24, 0, {"W", 0}},
    HistoryField{"MaxBatteryCurrent", Field::U16, 28, 0.1, {"A", 1}},
    HistoryField{"MaxPvVoltage", Field::U16, 30, 0.01, {"V", 2}},
    HistoryField{"Nr", Field::U16, 32, 0, {}},
};
constexpr std::array kOverallFields{
    HistoryField{"LastError1", Field::U8, 2, 0, {}},
    HistoryField{"LastError2", Field::U8, 3, 0, {}},
    HistoryField{"LastError3", Field::U8, 4, 0, {}},
    HistoryField{"LastError4", Field::U8, 5, 0, {}},
    HistoryField{"MaxPvVoltage", Field::U16, 14, 0.01, {"V", 2}},
    HistoryField{"MaxBatteryVoltage", Field::U16, 16, 0.01, {"V", 2}},
    HistoryField{"DaysAvailable", Field::U8, 18, 0, {}},
};
// clang-format on

std::string dayPath(int day, std::string_view name) {
    return fmt::format("/History/Daily/{}/{}", day, name);
}

std::uint32_t readField(ByteView data, const HistoryField& f) {
    switch (f.field) {
        case Field::U8:
            return data[f.offset];
        case Field::U16:
            return readLe16(data.data() + f.offset);
        case Field::U32:
            return readLe32(data.data() + f.offset);
    }
    return 0;
}

void publishField(ItemTree& tree, const std::string& path, ByteView data, const HistoryField& f) {
    const std::uint32_t raw = readField(data, f);
    ItemValue value = f.scale == 0 ? ItemValue(static_cast<std::int32_t>(raw))
                                   : ItemValue(static_cast<double>(raw) * f.scale);
    std::string text = itemText(value, f.format);
    tree.update(path, std::move(value), std::move(text));
}

}  // namespace

void addHistoryPaths(ItemTree& tree) {
    for (int day = 0; day < kHistoryDays; ++day) {
        for (const auto& f : kDayFields) tree.add(dayPath(day, f.name), Invalid{}, "---");
    }
    for (const auto& f : kOverallFields) {
        tree.add(fmt::format("/History/Overall/{}", f.name), Invalid{}, "---");
    }
    // Not in the 0x104F record; listed by §2.7, so present and invalid.
    tree.add("/History/Overall/MinBatteryVoltage", Invalid{}, "---");
}

void publishDayRecord(ItemTree& tree, int day, ByteView record) {
    if (day < 0 || day >= kHistoryDays) return;
    if (record.size() < kDayRecordSize) {
        invalidateDay(tree, day);
        return;
    }
    for (const auto& f : kDayFields) publishField(tree, dayPath(day, f.name), record, f);
}

void invalidateDay(ItemTree& tree, int day) {
    for (const auto& f : kDayFields) tree.update(dayPath(day, f.name), Invalid{}, "---");
}

std::optional<int> publishHistoryTotal(ItemTree& tree, ByteView record) {
    if (record.size() < kTotalRecordSize) return std::nullopt;
    for (const auto& f : kOverallFields) {
        publishField(tree, fmt::format("/History/Overall/{}", f.name), record, f);
    }
    return static_cast<int>(record[18]);
}

}  // namespace vreglink::venus
