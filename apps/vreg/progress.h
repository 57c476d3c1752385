// A one-line progress bar on stderr, drawn only when stderr is a terminal.
#pragma once

#include <cstddef>
#include <string_view>

namespace vreglink::cli {

class ProgressBar {
  public:
    ProgressBar(std::size_t total, std::string_view label);
    ~ProgressBar();  // clears the line
    void update(std::size_t done);

  private:
    std::size_t total_;
    std::string_view label_;
    bool enabled_;
};

}  // namespace vreglink::cli
