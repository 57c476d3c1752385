// The project's one logger: fmt lines on stderr, which journald captures. Under systemd
// (JOURNAL_STREAM set) each line starts with the sd-daemon priority prefix ("<3>") so journald
// keeps the level; elsewhere it starts with the program name.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <optional>
#include <string_view>

namespace vreglink {

enum class LogLevel : std::uint8_t { Debug, Info, Warning, Error };
std::optional<LogLevel> parseLogLevel(std::string_view text);  // debug, info, warning|warn, error
const char* logLevelName(LogLevel level);

void setLogLevel(LogLevel level);
// "vreglinkd": the prefix of every line outside journald. Default "vreglink".
void setLogProgram(std::string_view name);
bool logEnabled(LogLevel level);
void logLine(LogLevel level, std::string_view text);

template <typename... Args>
void log(LogLevel level, fmt::format_string<Args...> format, Args&&... args) {
    if (logEnabled(level)) logLine(level, fmt::format(format, std::forward<Args>(args)...));
}
template <typename... Args>
void logDebug(fmt::format_string<Args...> f, Args&&... a) {
    log(LogLevel::Debug, f, std::forward<Args>(a)...);
}
template <typename... Args>
void logInfo(fmt::format_string<Args...> f, Args&&... a) {
    log(LogLevel::Info, f, std::forward<Args>(a)...);
}
template <typename... Args>
void logWarning(fmt::format_string<Args...> f, Args&&... a) {
    log(LogLevel::Warning, f, std::forward<Args>(a)...);
}
template <typename... Args>
void logError(fmt::format_string<Args...> f, Args&&... a) {
    log(LogLevel::Error, f, std::forward<Args>(a)...);
}

}  // namespace vreglink
