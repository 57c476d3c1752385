#include "core/log.h"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace vreglink {
namespace {

LogLevel gLevel = LogLevel::Info;
std::string gProgram = "vreglink";

// journald reads "<N>" (syslog priority) at the start of a line on a stream it captures.
bool underJournal() {
    static const bool journal = std::getenv("JOURNAL_STREAM") != nullptr;
    return journal;
}

const char* journalPrefix(LogLevel level) {
    switch (level) {
        case LogLevel::Debug:
            return "<7>";
        case LogLevel::Info:
            return "<6>";
        case LogLevel::Warning:
            return "<4>";
        case LogLevel::Error:
            return "<3>";
    }
    return "";
}

const char* levelTag(LogLevel level) {
    switch (level) {
        case LogLevel::Debug:
            return "debug: ";
        case LogLevel::Info:
            return "";
        case LogLevel::Warning:
            return "warning: ";
        case LogLevel::Error:
            return "error: ";
    }
    return "";
}

}  // namespace

std::optional<LogLevel> parseLogLevel(std::string_view text) {
    if (text == "debug") return LogLevel::Debug;
    if (text == "info") return LogLevel::Info;
    if (text == "warning" || text == "warn") return LogLevel::Warning;
    if (text == "error") return LogLevel::Error;
    return std::nullopt;
}

const char* logLevelName(LogLevel level) {
    switch (level) {
        case LogLevel::Debug:
            return "debug";
        case LogLevel::Info:
            return "info";
        case LogLevel::Warning:
            return "warning";
        case LogLevel::Error:
            return "error";
    }
    return "?";
}

void setLogLevel(LogLevel level) {
    gLevel = level;
}
void setLogProgram(std::string_view name) {
    gProgram = name;
}

bool logEnabled(LogLevel level) {
    return static_cast<int>(level) >= static_cast<int>(gLevel);
}

void logLine(LogLevel level, std::string_view text) {
    if (underJournal()) {
        fmt::print(stderr, "{}{}\n", journalPrefix(level), text);
    } else {
        fmt::print(stderr, "{}: {}{}\n", gProgram, levelTag(level), text);
    }
    std::fflush(stderr);
}

}  // namespace vreglink
