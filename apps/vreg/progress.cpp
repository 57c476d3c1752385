#include "progress.h"

#include "output.h"

#include <fmt/format.h>

#include <string>

namespace vreglink::cli {

ProgressBar::ProgressBar(std::size_t total, std::string_view label)
    : total_(total), label_(label), enabled_(isTerminal(stderr) && total > 0) {}

ProgressBar::~ProgressBar() {
    if (enabled_) fmt::print(stderr, "\r\033[K");
}

void ProgressBar::update(std::size_t done) {
    if (!enabled_) return;
    constexpr std::size_t kWidth = 30;
    const std::size_t filled = done * kWidth / total_;
    fmt::print(stderr, "\r{} [{}{}] {}/{}", label_, std::string(filled, '#'),
               std::string(kWidth - filled, '.'), done, total_);
    std::fflush(stderr);
}

}  // namespace vreglink::cli
